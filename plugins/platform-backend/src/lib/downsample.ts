import {
  compareStatusSeverity,
  HealthComponent,
  HealthStatus,
  SpokeHealthHistoryEntry,
  worstStatus,
} from '@internal/plugin-platform-common';

export const HOUR_MS = 60 * 60 * 1000;

/** The start of the UTC hour holding `ms` (epoch milliseconds). */
export function hourStart(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/** A stored history entry, as housekeeping reads it. */
export interface HistoryRow {
  id: number;
  spoke: string;
  refreshedAt: number;
  /** Refreshes already merged into it; null for a raw entry. */
  samples: number | null;
  entry: SpokeHealthHistoryEntry;
}

/** One spoke's hour made into one entry: `keep` is rewritten, `drop` deleted. */
export interface HourlyMerge {
  keep: number;
  entry: SpokeHealthHistoryEntry & { samples: number };
  drop: number[];
}

/**
 * The worst first; between equals the newest (it says how the hour ended).
 */
function worseFirst(a: HistoryRow, b: HistoryRow): number {
  return (
    compareStatusSeverity(a.entry.status, b.entry.status) ||
    b.refreshedAt - a.refreshedAt ||
    b.id - a.id
  );
}

/**
 * Merges the entries of each spoke and hour into one. The entry kept is the worst
 * of the hour (its time and summary), so a critical blip stays visible; each
 * component takes its worst status in the hour, so a component's blip under an
 * overall status that was already as bad is not lost either. An hour already
 * merged into a single entry needs nothing.
 */
export function mergeHourly(rows: HistoryRow[]): HourlyMerge[] {
  const groups = new Map<string, HistoryRow[]>();
  for (const row of rows) {
    const key = `${row.spoke}\u0000${hourStart(row.refreshedAt)}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  const merges: HourlyMerge[] = [];
  for (const group of groups.values()) {
    if (group.length === 1 && group[0].samples !== null) continue;
    const [worst, ...rest] = [...group].sort(worseFirst);
    const byComponent = new Map<HealthComponent, HealthStatus[]>();
    for (const row of group) {
      for (const [component, status] of Object.entries(row.entry.components)) {
        const statuses = byComponent.get(component as HealthComponent) ?? [];
        statuses.push(status as HealthStatus);
        byComponent.set(component as HealthComponent, statuses);
      }
    }
    const components: SpokeHealthHistoryEntry['components'] = {};
    for (const [component, statuses] of byComponent) {
      components[component] = worstStatus(statuses);
    }
    merges.push({
      keep: worst.id,
      entry: {
        ...worst.entry,
        components,
        samples: group.reduce((n, row) => n + (row.samples ?? 1), 0),
      },
      drop: rest.map(row => row.id),
    });
  }
  return merges;
}
