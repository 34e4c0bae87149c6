import { PLATFORM_COMPONENTS } from '../annotations';

/**
 * Spoke health as the platform backend stores and serves it and the frontend
 * shows it. Plain JSON shapes (dates are ISO strings) so they cross HTTP as is.
 */

/** The outcome of a check; `unknown` when AWS could not be asked or did not answer. */
export const HEALTH_STATUSES = [
  'ok',
  'warning',
  'critical',
  'unknown',
] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

export function isHealthStatus(value: unknown): value is HealthStatus {
  return (HEALTH_STATUSES as readonly unknown[]).includes(value);
}

/** What a spoke's health is made of: its three AWS components plus drift from the registry. */
export const HEALTH_COMPONENTS = [...PLATFORM_COMPONENTS, 'drift'] as const;
export type HealthComponent = (typeof HEALTH_COMPONENTS)[number];

/** Display names of {@link HEALTH_COMPONENTS}. */
export const HEALTH_COMPONENT_TITLES: Record<HealthComponent, string> = {
  eks: 'EKS',
  'tgw-attachment': 'Transit Gateway',
  aurora: 'Aurora',
  drift: 'Drift from the registry',
};

/** JSON value of a check's details. */
export type HealthDetailValue =
  | string
  | number
  | boolean
  | null
  | HealthDetailValue[]
  | { [key: string]: HealthDetailValue };

/** Facts behind a check's verdict (states, ids, expected and actual values, the failed call). */
export type HealthDetails = { [key: string]: HealthDetailValue };

/** One check: a pure verdict on AWS responses and the registry entry. */
export interface HealthCheckResult {
  /** Stable id, e.g. `eks.cluster-status` or `aurora.instance:prod-aurora-writer`. */
  id: string;
  component: HealthComponent;
  /** Short name, e.g. `Cluster status`. */
  title: string;
  status: HealthStatus;
  /** One sentence saying why, e.g. `Node group system is DEGRADED: AsgInstanceLaunchFailures`. */
  summary: string;
  details: HealthDetails;
}

/** A component's checks rolled up: the worst status wins. */
export interface ComponentHealth {
  component: HealthComponent;
  title: string;
  status: HealthStatus;
  summary: string;
  checks: HealthCheckResult[];
}

/** Who a spoke is: from its catalog System entity. */
export interface SpokeIdentity {
  /** Registry name, e.g. `staging`. */
  spoke: string;
  /** e.g. `system:default/staging`. */
  entityRef: string;
  environmentClass?: string;
  /** The owning team's entity ref, e.g. `group:default/team-payments` (the registry entry's owner). */
  owner?: string;
  accountId?: string;
  region?: string;
}

/** One spoke at one refresh: every check, per component, rolled up. */
export interface SpokeHealth extends SpokeIdentity {
  status: HealthStatus;
  summary: string;
  /** When the checks ran (ISO 8601). */
  refreshedAt: string;
  components: ComponentHealth[];
}

/** A component in the spoke list: its roll-up without the checks. */
export type ComponentHealthSummary = Omit<ComponentHealth, 'checks'>;

/** A spoke in the spoke list. */
export interface SpokeHealthSummary extends SpokeIdentity {
  status: HealthStatus;
  summary: string;
  refreshedAt: string;
  /** True when the snapshot is older than the configured stale age (refresh not running?). */
  stale: boolean;
  components: ComponentHealthSummary[];
}

/** `GET /spokes/:name`: the latest snapshot with every check. */
export interface SpokeHealthResponse extends SpokeHealth {
  stale: boolean;
}

/**
 * One past refresh of a spoke in its history. Past the raw retention, the refreshes
 * of an hour become one entry: the worst of them (its time and summary), each
 * component at its worst in the hour, and how many refreshes it stands for.
 */
export interface SpokeHealthHistoryEntry {
  refreshedAt: string;
  status: HealthStatus;
  summary: string;
  components: Partial<Record<HealthComponent, HealthStatus>>;
  /** Set on an hourly entry: the refreshes merged into it. */
  samples?: number;
}

/** A refresh run of all spokes (or one, when refreshed by hand). */
export interface HealthRefreshRun {
  id: number;
  trigger: 'schedule' | 'manual';
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  spokes: number;
  /** AWS calls made, and how many of them failed. */
  calls: number;
  failedCalls: number;
}

/** `GET /spokes`. */
export interface SpokeListResponse {
  items: SpokeHealthSummary[];
  /** The latest finished refresh run, if any. */
  lastRefresh?: HealthRefreshRun;
  /** Snapshots older than this are flagged `stale`. */
  staleAfterSeconds: number;
}

/** `GET /spokes/:name/history`, newest first. */
export interface SpokeHistoryResponse {
  spoke: string;
  items: SpokeHealthHistoryEntry[];
  /** Pass as `cursor` for the next (older) page; absent on the last page. */
  nextCursor?: string;
}
