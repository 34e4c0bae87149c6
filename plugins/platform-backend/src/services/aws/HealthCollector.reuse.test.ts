import { fixtures } from '@internal/plugin-platform-common';
import {
  LocalAws,
  startLocalAws,
  portalAwsConfig,
} from '../../__testUtils__/awsLocal';
import { collectAndCheck, testAwsAccess } from '../../__testUtils__/collect';

jest.setTimeout(60_000);

/**
 * Listings that change rarely are reused between scheduled refreshes; what each run
 * still asks, and how a removal still shows at once. Through the local AWS endpoint.
 */
const registry = fixtures.registry();
const TTL_MS = 30 * 60_000;

let local: LocalAws;
beforeAll(async () => {
  local = await startLocalAws(registry);
});
afterAll(() => local.stop());
beforeEach(() => local.reset());

function setup() {
  let now = Date.parse('2026-12-01T00:00:00Z');
  const access = testAwsAccess(portalAwsConfig(), {
    slowChangingTtlMs: TTL_MS,
    now: () => now,
  });
  const run = async (options: { fresh?: boolean; checkedAt?: Date } = {}) => {
    const scope = access.scope(options);
    const { checks } = await collectAndCheck(
      scope,
      registry,
      options.checkedAt,
    );
    return { stats: scope.getStats(), checks };
  };
  return {
    run,
    access,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const SLOW = [
  'eks:ListInsights',
  'eks:ListNodegroups',
  'eks:ListAddons',
  'eks:ListCapabilities',
  'rds:DescribePendingMaintenanceActions',
  'secretsmanager:ListSecrets',
];

describe('listings reused between scheduled refreshes', () => {
  it('asks each listing once per window, and 14 calls per spoke in between', async () => {
    const { run, access, advance } = setup();
    const first = await run();
    for (const op of SLOW) expect(first.stats.byOperation[op]).toBe(3);
    // The master secret comes from the account's listing: never asked alone.
    expect(first.stats.byOperation['secretsmanager:DescribeSecret']).toBe(
      undefined,
    );
    advance(TTL_MS - 1);
    const second = await run();
    for (const op of SLOW) expect(second.stats.byOperation[op]).toBe(undefined);
    const hubCalls =
      second.stats.byOperation['ec2:DescribeTransitGateways'] +
      second.stats.byOperation['ec2:DescribeTransitGatewayAttachments'] +
      second.stats.byOperation['ec2:SearchTransitGatewayRoutes'] +
      second.stats.byOperation['eks:DescribeClusterVersions'];
    // The cluster, its node group, 8 add-ons, the capability, the Aurora cluster and
    // instances, and the replica lag of its reader.
    expect((second.stats.calls - hubCalls) / 3).toBe(14);
    expect(second.stats.byOperation['cloudwatch:GetMetricData']).toBe(3);
    expect(
      Object.values(second.checks.prod).filter(c => c.status !== 'ok'),
    ).toEqual([]);
    advance(1);
    const third = await run();
    for (const op of SLOW) expect(third.stats.byOperation[op]).toBe(3);
    access.close();
  });

  it('notices a removed add-on at once: describing it fails, so it lists again', async () => {
    const { run, access } = setup();
    await run();
    local.aws.control.remove({ kind: 'eks-addon', id: 'prod/coredns' });
    const { checks, stats } = await run();
    expect(checks.prod['eks.addons']).toMatchObject({
      status: 'warning',
      summary: expect.stringContaining('coredns'),
    });
    expect(checks.prod['eks.addon:coredns']).toBe(undefined);
    // Listed again for that cluster only.
    expect(stats.byOperation['eks:ListAddons']).toBe(1);
    access.close();
  });

  it('reads everything on a refresh by hand, and sees a master secret scheduled for deletion', async () => {
    const { run, access } = setup();
    await run();
    const secretArn = local.aws.control
      .snapshot()
      .regions[
        `${registry.spokes[0].account}/${registry.spokes[0].region}`
      ].secretsManager.secrets.find(s => s.Name.startsWith('rds!'))!.ARN;
    local.aws.control.update(
      { kind: 'secret', id: secretArn },
      { DeletedDate: '2026-12-08T00:00:00Z' },
    );
    const { checks, stats } = await run({ fresh: true });
    for (const op of SLOW) expect(stats.byOperation[op]).toBe(3);
    expect(
      checks[registry.spokes[0].name]['aurora.secret-rotation'],
    ).toMatchObject({
      status: 'critical',
      summary:
        'The master secret is scheduled for deletion on 2026-12-08: restore it (RestoreSecret) before then, or the cluster loses its managed master password',
    });
    access.close();
  });
});

describe('lifecycle signals through the local AWS endpoint', () => {
  it('reports a failing upgrade insight and an add-on not compatible with the cluster version', async () => {
    const { run, access } = setup();
    const prod =
      local.aws.control.snapshot().regions[
        `${registry.spokes.find(s => s.name === 'prod')!.account}/${
          registry.hub.region
        }`
      ];
    const skew = prod.eks.insights!.find(
      i => i.name === 'Kubelet version skew',
    )!;
    local.aws.control.update(
      { kind: 'eks-insight', id: `prod/${skew.id}` },
      { insightStatus: { status: 'ERROR', reason: 'Kubelet skew found.' } },
    );
    local.aws.control.update(
      { kind: 'eks-addon', id: 'prod/vpc-cni' },
      { addonVersion: 'v1.12.0-eksbuild.1' },
    );
    const { checks, stats } = await run();
    expect(checks.prod['eks.upgrade-insights']).toMatchObject({
      status: 'warning',
      summary: expect.stringMatching(
        /^Kubelet version skew: Kubelet skew found\. Fix before upgrading, which is due by \d{4}-\d{2}-\d{2}/,
      ),
    });
    expect(checks.prod['eks.addon-compatibility']).toMatchObject({
      status: 'warning',
      summary:
        'Not listed by EKS as compatible with Kubernetes 1.35: vpc-cni v1.12.0-eksbuild.1 (use v1.20.4-eksbuild.1). Update them (UpdateAddon) before they break or block the next upgrade',
    });
    expect(checks.dev['eks.addon-compatibility'].status).toBe('ok');
    // Asked once for the region and version, whatever the number of spokes.
    expect(stats.byOperation['eks:DescribeAddonVersions']).toBe(1);
    access.close();
  });
});

describe('engine version support through the local AWS endpoint', () => {
  it('reads the support dates once for the region and major version and dates the warning', async () => {
    const { run, access } = setup();
    const { checks, stats } = await run({
      checkedAt: new Date('2028-01-01T00:00:00Z'),
    });
    expect(stats.byOperation['rds:DescribeDBMajorEngineVersions']).toBe(1);
    expect(checks.prod['aurora.engine-support']).toMatchObject({
      status: 'warning',
      summary:
        'Standard support for aurora-mysql 8.0 ends 2028-04-30 (in 120 days); extended support after that is charged. Plan the major version upgrade',
    });
    access.close();
  });
});
