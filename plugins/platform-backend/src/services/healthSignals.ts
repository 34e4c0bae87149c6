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
 * Pure: the nudge for a stored refresh: its time only. It is a broadcast, and the
 * signals backend accepts WebSockets without a token too, so not even spoke names go
 * out; open pages read everything again through the permission-checked REST API.
 */
export function healthSignal(stored: StoredRefresh): PlatformHealthSignal {
  return { refreshedAt: stored.refreshedAt };
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
