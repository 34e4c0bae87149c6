import {
  HealthCheckResult,
  HealthStatus,
  worstStatus,
} from '@internal/plugin-platform-common';
import { CheckInput, CheckSettings, ReplicaLag } from '../observations';
import { CheckSpec, plural, unknownBecause, verdict } from './common';

const REPLICA_LAG: CheckSpec = {
  id: 'aurora.replica-lag',
  component: 'aurora',
  title: 'Replica lag',
};

/**
 * Aurora replicas normally trail the writer by tens of milliseconds. A second means
 * reads from a replica can miss what was just written; ten seconds means the replica
 * is not keeping up at all.
 */
export const DEFAULT_REPLICA_LAG: CheckSettings['auroraReplicaLag'] = {
  warningMs: 1_000,
  criticalMs: 10_000,
};

/** `22 ms`, `1 s`, `12.5 s`. */
export function formatLag(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  return `${Number((ms / 1_000).toFixed(1))} s`;
}

function statusOf(
  lag: ReplicaLag | undefined,
  t: CheckSettings['auroraReplicaLag'],
): HealthStatus {
  if (lag?.maxMs === undefined) return 'unknown';
  if (lag.maxMs >= t.criticalMs) return 'critical';
  if (lag.maxMs >= t.warningMs) return 'warning';
  return 'ok';
}

/**
 * How far each replica of the spoke's Aurora cluster trails the writer: the highest
 * one-minute maximum of CloudWatch `AuroraReplicaLag` over the last minutes, against
 * the configured warning and critical lags. A cluster without replicas has no lag.
 */
export function checkReplicaLag(input: CheckInput): HealthCheckResult {
  const { clusters, replicaLag } = input.observations.aurora;
  if (!clusters.ok) return unknownBecause(REPLICA_LAG, clusters.failure);
  const id = input.spoke.dbClusterIdentifier;
  const cluster = clusters.value.find(c => c.DBClusterIdentifier === id);
  if (!cluster) {
    return verdict(
      REPLICA_LAG,
      'unknown',
      `Cluster ${id} not found in account ${input.spoke.accountId} (${input.spoke.region})`,
    );
  }
  const replicas = (cluster.DBClusterMembers ?? [])
    .filter(m => !m.IsClusterWriter)
    .map(m => String(m.DBInstanceIdentifier));
  if (replicas.length === 0) {
    return verdict(
      REPLICA_LAG,
      'ok',
      `Cluster ${id} has no replicas: replica lag does not apply`,
      { replicas: 0, applicable: false },
    );
  }
  if (!replicaLag) {
    return verdict(
      REPLICA_LAG,
      'unknown',
      'Replica lag was not collected by this refresh',
    );
  }
  if (!replicaLag.ok) return unknownBecause(REPLICA_LAG, replicaLag.failure);
  const thresholds = input.settings?.auroraReplicaLag ?? DEFAULT_REPLICA_LAG;
  const { minutes } = replicaLag.value;
  const rows = replicas.map(instanceId => {
    const lag = replicaLag.value.lags.find(l => l.instanceId === instanceId);
    return { instanceId, maxMs: lag?.maxMs, status: statusOf(lag, thresholds) };
  });
  const status = worstStatus(rows.map(r => r.status));
  const details = {
    windowMinutes: minutes,
    warningMs: thresholds.warningMs,
    criticalMs: thresholds.criticalMs,
    lagMs: Object.fromEntries(rows.map(r => [r.instanceId, r.maxMs ?? null])),
  };
  const window = `over the last ${plural(minutes, 'minute')}`;
  const worst = rows
    .filter(r => r.status === status)
    .sort((a, b) => (b.maxMs ?? 0) - (a.maxMs ?? 0));
  const trail =
    worst.length === 1 ? 'A replica trails' : `${worst.length} replicas trail`;
  const lagging = worst
    .map(r => `${r.instanceId} by up to ${formatLag(r.maxMs!)}`)
    .join(', ');
  switch (status) {
    case 'critical':
      return verdict(
        REPLICA_LAG,
        'critical',
        `${trail} the writer ${window}: ${lagging} (critical from ${formatLag(
          thresholds.criticalMs,
        )}). Reads sent to ${
          worst.length === 1 ? 'it' : 'them'
        } return data that old; look at the replica's CPU and the writer's write load, and reboot or replace a replica that does not catch up`,
        details,
      );
    case 'warning':
      return verdict(
        REPLICA_LAG,
        'warning',
        `${trail} the writer ${window}: ${lagging} (warning from ${formatLag(
          thresholds.warningMs,
        )}, critical from ${formatLag(thresholds.criticalMs)}). Reads from ${
          worst.length === 1 ? 'it' : 'them'
        } may miss recent writes; check whether the lag keeps growing and what load the writer is under`,
        details,
      );
    case 'unknown':
      return verdict(
        REPLICA_LAG,
        'unknown',
        `CloudWatch has no AuroraReplicaLag for ${worst
          .map(r => r.instanceId)
          .join(
            ', ',
          )} ${window}: the replica may be starting or rebooting, or the metric is late; the next refresh looks again`,
        details,
      );
    default: {
      const highest = Math.max(...rows.map(r => r.maxMs ?? 0));
      return verdict(
        REPLICA_LAG,
        'ok',
        `${
          rows.length === 1
            ? 'The replica trails'
            : `${rows.length} replicas trail`
        } the writer by at most ${formatLag(
          highest,
        )} ${window} (warning from ${formatLag(thresholds.warningMs)})`,
        details,
      );
    }
  }
}
