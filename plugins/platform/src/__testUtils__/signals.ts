import type { SignalApi } from '@backstage/plugin-signals-react';
import { act } from '@testing-library/react';

/**
 * A signals API that the test drives: `publish` delivers a message to every
 * subscriber of the channel, as the portal's WebSocket client does.
 */
export function fakeSignalApi(): SignalApi & {
  publish(channel: string, message: Record<string, unknown>): Promise<void>;
  subscribers(channel: string): number;
} {
  const subs = new Map<number, { channel: string; cb: (m: any) => void }>();
  let next = 0;
  return {
    subscribe(channel, onMessage) {
      const id = next++;
      subs.set(id, { channel, cb: onMessage as (m: any) => void });
      return { unsubscribe: () => void subs.delete(id) };
    },
    async publish(channel, message) {
      await act(async () => {
        for (const s of [...subs.values()]) {
          if (s.channel === channel) s.cb(message);
        }
      });
    },
    subscribers: channel =>
      [...subs.values()].filter(s => s.channel === channel).length,
  };
}
