import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  PLATFORM_HEALTH_SIGNAL_CHANNEL,
  PlatformHealthSignal,
} from '@internal/plugin-platform-common';

/** What the refresher reports once a refresh is stored. */
export interface StoredRefresh {
  /** The spokes whose snapshots were stored (none when the catalog had none). */
  spokes: string[];
  /** When the run finished (ISO 8601). */
  refreshedAt: string;
}

/**
 * Pure: the nudge for a stored refresh. Spoke names and a time only: open pages
 * refetch through the REST API, so health, account ids and reasons stay behind its
 * permission checks, and every signed-in user may receive it (a broadcast).
 */
export function healthSignal(stored: StoredRefresh): PlatformHealthSignal {
  return { spokes: [...stored.spokes], refreshedAt: stored.refreshedAt };
}

/** Publishes {@link healthSignal} on `platform:health` to every connected page. */
export function publishHealthSignal(signals: Pick<SignalsService, 'publish'>) {
  return async (stored: StoredRefresh): Promise<void> => {
    await signals.publish<PlatformHealthSignal>({
      recipients: { type: 'broadcast' },
      channel: PLATFORM_HEALTH_SIGNAL_CHANNEL,
      message: healthSignal(stored),
    });
  };
}
