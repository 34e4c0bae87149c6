import {
  HEALTH_COMPONENT_TITLES,
  HealthComponent,
  HealthStatus,
  PLATFORM_COMPONENTS,
  SpokeHealthHistoryEntry,
} from '@internal/plugin-platform-common';
import { STATUS_LEVEL } from './status';

/** The series the history chart draws: the spoke's roll-up and each component. */
export const HISTORY_SERIES = ['overall', ...PLATFORM_COMPONENTS] as const;
export type HistorySeries = (typeof HISTORY_SERIES)[number];

export const HISTORY_SERIES_TITLES: Record<HistorySeries, string> = {
  overall: 'Overall',
  eks: HEALTH_COMPONENT_TITLES.eks,
  'tgw-attachment': HEALTH_COMPONENT_TITLES['tgw-attachment'],
  aurora: HEALTH_COMPONENT_TITLES.aurora,
};

/** One point of the chart: a refresh, with each series' status as its severity level. */
export type HistoryPoint = { time: number } & Partial<
  Record<HistorySeries, number>
>;

function statusOf(
  entry: SpokeHealthHistoryEntry,
  series: HistorySeries,
): HealthStatus | undefined {
  return series === 'overall'
    ? entry.status
    : entry.components[series as HealthComponent];
}

function oldestFirst(
  items: SpokeHealthHistoryEntry[],
): SpokeHealthHistoryEntry[] {
  return [...items]
    .filter(i => !Number.isNaN(Date.parse(i.refreshedAt)))
    .sort((a, b) => Date.parse(a.refreshedAt) - Date.parse(b.refreshedAt));
}

/** History entries (any order) as chart points, oldest first. */
export function historyPoints(
  items: SpokeHealthHistoryEntry[],
): HistoryPoint[] {
  return oldestFirst(items).map(entry => {
    const point: HistoryPoint = { time: Date.parse(entry.refreshedAt) };
    for (const series of HISTORY_SERIES) {
      const status = statusOf(entry, series);
      if (status) point[series] = STATUS_LEVEL[status];
    }
    return point;
  });
}

/** A change of one series' status between two refreshes. */
export interface StatusChange {
  at: string;
  series: HistorySeries;
  from: HealthStatus;
  to: HealthStatus;
  /** The spoke's summary at that refresh. */
  summary: string;
}

/**
 * Every status change in the history, newest first: the chart's content as text,
 * for screen readers and for anyone who wants the reason at each step.
 */
export function statusChanges(
  items: SpokeHealthHistoryEntry[],
): StatusChange[] {
  const perRefresh: StatusChange[][] = [];
  const ordered = oldestFirst(items);
  for (let i = 1; i < ordered.length; i++) {
    const before = ordered[i - 1];
    const after = ordered[i];
    const changes: StatusChange[] = [];
    for (const series of HISTORY_SERIES) {
      const from = statusOf(before, series);
      const to = statusOf(after, series);
      if (from && to && from !== to) {
        changes.push({
          at: after.refreshedAt,
          series,
          from,
          to,
          summary: after.summary,
        });
      }
    }
    perRefresh.push(changes);
  }
  // Newest refresh first; within one refresh, overall before its components.
  return perRefresh.reverse().flat();
}
