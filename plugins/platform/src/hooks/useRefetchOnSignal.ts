import { useSignal } from '@backstage/plugin-signals-react';
import { useEffect, useRef, useState } from 'react';
import useInterval from 'react-use/esm/useInterval';

/**
 * How long after a nudge the data is read again: a burst (a refresh of every spoke,
 * several webhooks for one pull request) becomes one read. The first nudge starts
 * the wait and later ones join it, so a steady stream cannot postpone the read.
 */
export const SIGNAL_DEBOUNCE_MS = 500;

/** How often a page asks again when the portal has no signals API. */
export const FALLBACK_POLL_MS = 60_000;

/** What a `useAsyncRetry` state offers: `retry` is a no-op while it loads. */
export interface Refetchable {
  retry: () => void;
  loading: boolean;
}

/**
 * Reads `target` again whenever the backend publishes on `channel`. Every message is
 * treated as "something changed": messages carry no data (the read goes through the
 * permission-checked REST API), and a nudge that arrived during a read is not lost
 * but answered by another read once that one finishes.
 *
 * Without the signals API (`isSignalsAvailable` false) it polls every `fallbackPollMs`
 * instead, when given; `null` polls never.
 */
export function useRefetchOnSignal(
  channel: string,
  target: Refetchable,
  options: { fallbackPollMs?: number | null } = {},
): { isSignalsAvailable: boolean } {
  const { lastSignal, isSignalsAvailable } = useSignal(channel);
  // How many reads were asked for, and how many were started: asked > started is due.
  const [asked, setAsked] = useState(0);
  const started = useRef(0);
  const wait = useRef<ReturnType<typeof setTimeout>>();

  useEffect(() => {
    if (!lastSignal || wait.current) return;
    wait.current = setTimeout(() => {
      wait.current = undefined;
      setAsked(n => n + 1);
    }, SIGNAL_DEBOUNCE_MS);
  }, [lastSignal]);
  useEffect(() => () => clearTimeout(wait.current), []);

  useInterval(
    () => setAsked(n => n + 1),
    !isSignalsAvailable && options.fallbackPollMs
      ? options.fallbackPollMs
      : null,
  );

  const { retry, loading } = target;
  useEffect(() => {
    if (asked > started.current && !loading) {
      started.current = asked;
      retry();
    }
  }, [asked, loading, retry]);

  return { isSignalsAvailable };
}
