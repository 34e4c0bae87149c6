import { failure, healthyInput } from '../../__testUtils__/checkInput';
import { observed } from '../observations';
import { checkReplicaLag, formatLag } from './replicaLag';
import { valueOf } from './testHelpers';

/** prod's cluster with one reader per lag (undefined: no datapoint). */
function withLags(lags: Array<number | undefined>) {
  const input = healthyInput('prod');
  const cluster = valueOf(input.observations.aurora.clusters)[0];
  const readers = lags.map((_, i) => `prod-aurora-reader-${i + 1}`);
  cluster.DBClusterMembers = [
    { DBInstanceIdentifier: 'prod-aurora-writer', IsClusterWriter: true },
    ...readers.map(id => ({
      DBInstanceIdentifier: id,
      IsClusterWriter: false,
    })),
  ];
  input.observations.aurora.replicaLag = observed({
    minutes: 5,
    lags: readers.map((instanceId, i) => ({
      instanceId,
      maxMs: lags[i],
      datapoints: lags[i] === undefined ? 0 : 5,
    })),
  });
  return input;
}

describe('Aurora replica lag', () => {
  it('is ok in the healthy fixture (one reader)', () => {
    expect(checkReplicaLag(healthyInput('prod'))).toMatchObject({
      status: 'ok',
      summary:
        'The replica trails the writer by at most 22 ms over the last 5 minutes (warning from 1 s)',
    });
  });

  it('is ok below the warning lag, saying the highest lag', () => {
    expect(checkReplicaLag(withLags([22, 999]))).toMatchObject({
      id: 'aurora.replica-lag',
      component: 'aurora',
      title: 'Replica lag',
      status: 'ok',
      summary:
        '2 replicas trail the writer by at most 999 ms over the last 5 minutes (warning from 1 s)',
      details: {
        lagMs: { 'prod-aurora-reader-1': 22, 'prod-aurora-reader-2': 999 },
      },
    });
  });

  it('warns from the warning lag, naming the replica and what to look at', () => {
    const result = checkReplicaLag(withLags([1_000, 40]));
    expect(result.status).toBe('warning');
    expect(result.summary).toBe(
      'A replica trails the writer over the last 5 minutes: prod-aurora-reader-1 by up to 1 s (warning from 1 s, critical from 10 s). Reads from it may miss recent writes; check whether the lag keeps growing and what load the writer is under',
    );
    expect(checkReplicaLag(withLags([9_999, 40])).status).toBe('warning');
  });

  it('is critical from the critical lag, worst replica first', () => {
    const result = checkReplicaLag(withLags([10_000, 12_500]));
    expect(result.status).toBe('critical');
    expect(result.summary).toBe(
      "2 replicas trail the writer over the last 5 minutes: prod-aurora-reader-2 by up to 12.5 s, prod-aurora-reader-1 by up to 10 s (critical from 10 s). Reads sent to them return data that old; look at the replica's CPU and the writer's write load, and reboot or replace a replica that does not catch up",
    );
  });

  it('follows the configured thresholds', () => {
    const input = withLags([300, 20]);
    input.settings = { auroraReplicaLag: { warningMs: 250, criticalMs: 400 } };
    expect(checkReplicaLag(input).status).toBe('warning');
    input.settings.auroraReplicaLag.criticalMs = 300;
    expect(checkReplicaLag(input).status).toBe('critical');
  });

  it('is unknown for a replica CloudWatch has no datapoint for, unless another is worse', () => {
    const unknown = checkReplicaLag(withLags([undefined, 20]));
    expect(unknown.status).toBe('unknown');
    expect(unknown.summary).toMatch(
      /^CloudWatch has no AuroraReplicaLag for prod-aurora-reader-1 over the last 5 minutes/,
    );
    expect(checkReplicaLag(withLags([undefined, 2_000])).status).toBe(
      'warning',
    );
  });

  it('says a cluster without replicas has no lag to check', () => {
    const input = withLags([]);
    input.observations.aurora.replicaLag = undefined;
    expect(checkReplicaLag(input)).toMatchObject({
      status: 'ok',
      summary:
        'Cluster prod-aurora has no replicas: replica lag does not apply',
      details: { replicas: 0, applicable: false },
    });
  });

  it('is unknown with the reason when GetMetricData failed', () => {
    const input = withLags([20, 20]);
    input.observations.aurora.replicaLag = failure({
      operation: 'cloudwatch:GetMetricData',
      reason: 'cloudwatch:GetMetricData was denied',
    });
    expect(checkReplicaLag(input)).toMatchObject({
      status: 'unknown',
      summary: 'cloudwatch:GetMetricData was denied',
    });
  });

  it('writes lags as people read them', () => {
    expect([22.4, 999, 1_000, 1_250, 12_500, 60_000].map(formatLag)).toEqual([
      '22 ms',
      '999 ms',
      '1 s',
      '1.3 s',
      '12.5 s',
      '60 s',
    ]);
  });
});
