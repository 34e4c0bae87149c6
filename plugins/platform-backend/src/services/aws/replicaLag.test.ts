import { fixtures } from '@internal/plugin-platform-common';
import { LocalAws, startLocalAws } from '../../__testUtils__/awsLocal';
import { collectAndCheck, testAwsAccess } from '../../__testUtils__/collect';
import { checkReplicaLag } from '../../lib/checks/replicaLag';
import { CheckSettings } from '../../lib/observations';

jest.setTimeout(60_000);

/**
 * Aurora replica lag read from CloudWatch through the real SDK, against the local
 * AWS endpoint, with the portal's read-only role in each spoke.
 */
const registry = fixtures.registry();
const PROD_READER =
  'AWS/RDS/AuroraReplicaLag/DBInstanceIdentifier=prod-aurora-reader-1';

let local: LocalAws;
beforeAll(async () => {
  local = await startLocalAws(registry);
});
afterAll(() => local.stop());
beforeEach(() => local.reset());

async function replicaLagOf(spokeName: string, settings?: CheckSettings) {
  const access = testAwsAccess();
  const scope = access.scope();
  const { hub, spokes, observations } = await collectAndCheck(
    scope,
    registry,
  ).finally(() => access.close());
  const spoke = spokes.find(s => s.name === spokeName)!;
  const check = checkReplicaLag({
    spoke,
    hub: hub ?? {},
    registry: { ok: true, hub: registry.hub },
    observations: observations.get(spokeName)!,
    now: new Date(),
    settings,
  });
  return { check, stats: scope.getStats() };
}

describe('Aurora replica lag through the local AWS endpoint', () => {
  it('reads each reader’s lag in one call per spoke and finds it healthy', async () => {
    const { check, stats } = await replicaLagOf('prod');
    expect(check).toMatchObject({
      status: 'ok',
      summary:
        'The replica trails the writer by at most 22 ms over the last 5 minutes (warning from 1 s)',
      details: { lagMs: { 'prod-aurora-reader-1': 22 } },
    });
    expect(stats.byOperation['cloudwatch:GetMetricData']).toBe(
      registry.spokes.length,
    );
  });

  it('is critical past the threshold, with the replica and the lag in words', async () => {
    local.aws.control.update(
      { kind: 'cloudwatch-metric', id: PROD_READER },
      { Values: [800, 12_500, 3_000] },
    );
    const { check } = await replicaLagOf('prod');
    expect(check.status).toBe('critical');
    expect(check.summary).toMatch(
      /^A replica trails the writer over the last 5 minutes: prod-aurora-reader-1 by up to 12\.5 s \(critical from 10 s\)/,
    );
    // The same lag under tuned thresholds is only a warning.
    const tuned = await replicaLagOf('prod', {
      auroraReplicaLag: { warningMs: 5_000, criticalMs: 30_000 },
    });
    expect(tuned.check.status).toBe('warning');
  });

  it('says a cluster without readers has no lag, and asks CloudWatch nothing for it', async () => {
    local.aws.control.update(
      { kind: 'rds-cluster', id: 'prod-aurora' },
      {
        DBClusterMembers: [
          { DBInstanceIdentifier: 'prod-aurora-writer', IsClusterWriter: true },
        ],
      },
    );
    const { check, stats } = await replicaLagOf('prod');
    expect(check).toMatchObject({
      status: 'ok',
      summary:
        'Cluster prod-aurora has no replicas: replica lag does not apply',
    });
    expect(stats.byOperation['cloudwatch:GetMetricData']).toBe(
      registry.spokes.length - 1,
    );
  });

  it('is unknown, naming the call and the account, when CloudWatch refuses', async () => {
    const prod = registry.spokes.find(s => s.name === 'prod')!;
    local.aws.control.addFault({
      service: 'monitoring',
      account: prod.account,
      error: 'AccessDenied',
    });
    const { check } = await replicaLagOf('prod');
    expect(check.status).toBe('unknown');
    expect(check.summary).toContain('cloudwatch:GetMetricData');
    expect(check.summary).toContain(prod.account);
    expect(check.details).toMatchObject({
      failure: { kind: 'access-denied', operation: 'cloudwatch:GetMetricData' },
    });
  });
});
