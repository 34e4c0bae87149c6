import {
  HealthCheckResult,
  HealthDetailValue,
  HealthStatus,
} from '@internal/plugin-platform-common';

/** One EKS add-on or capability of a spoke, as the spoke page lists it. */
export interface ClusterPlatformRow {
  /** Stable key: the check id, or `missing:<kind>:<name>`. */
  key: string;
  kind: 'Add-on' | 'Capability';
  name: string;
  status: HealthStatus;
  summary: string;
  /** The state EKS reports (`ACTIVE`, `DEGRADED`, …); `not installed`; or null when unknown. */
  state: string | null;
  version: string | null;
  issues: Array<{ code: string; message: string | null }>;
}

const asString = (v: HealthDetailValue | undefined): string | null =>
  typeof v === 'string' ? v : null;

function issuesOf(
  v: HealthDetailValue | undefined,
): ClusterPlatformRow['issues'] {
  if (!Array.isArray(v)) return [];
  return v.flatMap(i =>
    i && typeof i === 'object' && !Array.isArray(i)
      ? [{ code: String(i.code ?? 'Unknown'), message: asString(i.message) }]
      : [],
  );
}

function missingOf(check: HealthCheckResult | undefined): string[] {
  const missing = check?.details.missing;
  return Array.isArray(missing)
    ? missing.filter((m): m is string => typeof m === 'string')
    : [];
}

const KINDS = [
  { kind: 'Add-on', prefix: 'eks.addon:', list: 'eks.addons' },
  { kind: 'Capability', prefix: 'eks.capability:', list: 'eks.capabilities' },
] as const;

/**
 * Every add-on and capability of the spoke's cluster from its EKS checks: what
 * EKS reports for each (state, version, health issues), the platform's own ones
 * that are missing, and a row saying so when a listing could not be read.
 */
export function clusterPlatformRows(
  checks: HealthCheckResult[],
): ClusterPlatformRow[] {
  const rows: ClusterPlatformRow[] = [];
  for (const { kind, prefix, list } of KINDS) {
    const listing = checks.find(c => c.id === list);
    if (listing?.status === 'unknown') {
      rows.push({
        key: listing.id,
        kind,
        name: kind === 'Add-on' ? 'All add-ons' : 'All capabilities',
        status: 'unknown',
        summary: listing.summary,
        state: null,
        version: null,
        issues: [],
      });
    }
    for (const check of checks.filter(c => c.id.startsWith(prefix))) {
      rows.push({
        key: check.id,
        kind,
        name: asString(check.details.name) ?? check.id.slice(prefix.length),
        status: check.status,
        summary: check.summary,
        state: asString(check.details.state),
        version: asString(check.details.version),
        issues: issuesOf(check.details.issues),
      });
    }
    for (const name of missingOf(listing)) {
      rows.push({
        key: `missing:${kind}:${name}`,
        kind,
        name,
        status: 'warning',
        summary: `${kind} ${name} is not installed on the cluster`,
        state: 'not installed',
        version: null,
        issues: [],
      });
    }
  }
  return rows;
}
