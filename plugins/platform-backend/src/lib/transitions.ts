import type { HealthStatus } from '@internal/plugin-platform-common';

/** A spoke's overall status as the store had it, or as a refresh found it. */
export interface SpokeStatus {
  spoke: string;
  entityRef: string;
  status: HealthStatus;
  summary: string;
}

/** A change worth telling the spoke's owners about. */
export interface StatusTransition extends SpokeStatus {
  kind: 'critical' | 'recovered';
  previous?: HealthStatus;
}

/**
 * The spokes that turned critical, and those that recovered from critical to ok, between
 * the stored snapshots and a refresh. A spoke seen for the first time is told only when
 * it is critical; unknown in between (AWS not answering) neither starts nor ends one.
 */
export function statusTransitions(
  before: SpokeStatus[],
  after: SpokeStatus[],
): StatusTransition[] {
  const previous = new Map(before.map(s => [s.spoke, s.status]));
  const out: StatusTransition[] = [];
  for (const now of after) {
    const was = previous.get(now.spoke);
    if (now.status === 'critical' && was !== 'critical') {
      out.push({ ...now, kind: 'critical', previous: was });
    } else if (now.status === 'ok' && was === 'critical') {
      out.push({ ...now, kind: 'recovered', previous: was });
    }
  }
  return out;
}
