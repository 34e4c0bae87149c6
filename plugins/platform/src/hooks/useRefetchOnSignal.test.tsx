import { signalApiRef } from '@backstage/plugin-signals-react';
import { TestApiProvider } from '@backstage/test-utils';
import { act, renderHook } from '@testing-library/react';
import { ReactNode } from 'react';
import { fakeSignalApi } from '../__testUtils__/signals';
import {
  FALLBACK_POLL_MS,
  Refetchable,
  SIGNAL_DEBOUNCE_MS,
  useRefetchOnSignal,
} from './useRefetchOnSignal';

const CHANNEL = 'platform:health';

function render(
  signals: ReturnType<typeof fakeSignalApi> | undefined,
  initial: Refetchable,
  fallbackPollMs?: number | null,
) {
  const wrapper = ({ children }: { children: ReactNode }) =>
    signals ? (
      <TestApiProvider apis={[[signalApiRef, signals]]}>
        {children}
      </TestApiProvider>
    ) : (
      <TestApiProvider apis={[]}>{children}</TestApiProvider>
    );
  return renderHook(
    (target: Refetchable) =>
      useRefetchOnSignal(CHANNEL, target, { fallbackPollMs }),
    { wrapper, initialProps: initial },
  );
}

const advance = (ms: number) => act(() => jest.advanceTimersByTime(ms));

describe('useRefetchOnSignal', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('reads once for a burst of signals, after the debounce', async () => {
    const signals = fakeSignalApi();
    const retry = jest.fn();
    const { result } = render(signals, { retry, loading: false });
    expect(result.current.isSignalsAvailable).toBe(true);

    await signals.publish(CHANNEL, { refreshedAt: 'a' });
    await signals.publish(CHANNEL, { refreshedAt: 'b' });
    await signals.publish('platform:requests', { ids: ['x'] });
    advance(SIGNAL_DEBOUNCE_MS - 1);
    expect(retry).not.toHaveBeenCalled();
    await signals.publish(CHANNEL, { refreshedAt: 'c' });
    advance(1);
    expect(retry).toHaveBeenCalledTimes(1);

    // A later signal is a new change: another read.
    await signals.publish(CHANNEL, { refreshedAt: 'd' });
    advance(SIGNAL_DEBOUNCE_MS);
    expect(retry).toHaveBeenCalledTimes(2);
  });

  it('reads again after a read in progress when a signal arrived during it', async () => {
    const signals = fakeSignalApi();
    const retry = jest.fn();
    const { rerender } = render(signals, { retry, loading: true });
    await signals.publish(CHANNEL, { refreshedAt: 'a' });
    advance(SIGNAL_DEBOUNCE_MS);
    // useAsyncRetry ignores retry while loading: it waits for the read to finish.
    expect(retry).not.toHaveBeenCalled();
    rerender({ retry, loading: false });
    expect(retry).toHaveBeenCalledTimes(1);
    rerender({ retry, loading: true });
    rerender({ retry, loading: false });
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('does not poll while signals are available', () => {
    const retry = jest.fn();
    render(fakeSignalApi(), { retry, loading: false }, FALLBACK_POLL_MS);
    advance(10 * FALLBACK_POLL_MS);
    expect(retry).not.toHaveBeenCalled();
  });

  it('polls at the fallback interval without the signals API, and not at all without one', () => {
    const retry = jest.fn();
    const { result } = render(
      undefined,
      { retry, loading: false },
      FALLBACK_POLL_MS,
    );
    expect(result.current.isSignalsAvailable).toBe(false);
    advance(FALLBACK_POLL_MS - 1);
    expect(retry).not.toHaveBeenCalled();
    advance(1);
    expect(retry).toHaveBeenCalledTimes(1);
    advance(FALLBACK_POLL_MS);
    expect(retry).toHaveBeenCalledTimes(2);

    const never = jest.fn();
    render(undefined, { retry: never, loading: false }, null);
    advance(10 * FALLBACK_POLL_MS);
    expect(never).not.toHaveBeenCalled();
  });

  it('stops listening when unmounted', () => {
    const signals = fakeSignalApi();
    const { unmount } = render(signals, { retry: jest.fn(), loading: false });
    expect(signals.subscribers(CHANNEL)).toBe(1);
    unmount();
    expect(signals.subscribers(CHANNEL)).toBe(0);
  });
});
