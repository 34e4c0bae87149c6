import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  fixtures,
  HealthCheckResult,
  SpokeHealthResponse,
} from '@internal/plugin-platform-common';
import request from 'supertest';
import {
  LocalAws,
  startLocalAws,
  testConfig,
  writeRegistry,
} from './__testUtils__/awsLocal';
import { entitiesFromRegistry } from './__testUtils__/entities';
import { platformPlugin } from './plugin';

/**
 * The real plugin (catalog mock aside) against aws-local started in-process:
 * the sample spokes, then one injected fault at a time. Each fault must give
 * the right status and reason on the spoke it hits, and leave the others ok.
 */

jest.setTimeout(120_000);

const registry = fixtures.registry();
const registryDir = writeRegistry(fixtures.files());
const ACCOUNT = {
  dev: '222233334444',
  staging: '333344445555',
  prod: '444455556666',
};
const HUB = { account: '111122223333', region: 'ap-southeast-3' };
const ROLE = (account: string) =>
  `arn:aws:iam::${account}:role/platform-portal-readonly`;
const SPOKES = ['dev', 'prod', 'staging'] as const;
type Spoke = (typeof SPOKES)[number];

let local: LocalAws;
beforeAll(async () => {
  local = await startLocalAws(registry);
});
afterAll(() => local.stop());

async function startBackend() {
  return startTestBackend({
    features: [
      platformPlugin,
      mockServices.rootConfig.factory({ data: testConfig(registryDir) }),
      catalogServiceMock.factory({ entities: entitiesFromRegistry(registry) }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
    ],
  });
}

type Backend = Awaited<ReturnType<typeof startBackend>>;

/** Runs the scheduled refresh now (the mock scheduler awaits it) and reads every spoke. */
async function refresh(backend: Backend) {
  const res = await request(backend.server).post('/api/platform/refresh');
  expect(res.status).toBe(202);
  const spokes = {} as Record<Spoke, SpokeHealthResponse>;
  for (const name of SPOKES) {
    const one = await request(backend.server).get(
      `/api/platform/spokes/${name}`,
    );
    expect(one.status).toBe(200);
    spokes[name] = one.body;
  }
  return spokes;
}

function checks(spoke: SpokeHealthResponse): Record<string, HealthCheckResult> {
  return Object.fromEntries(
    spoke.components.flatMap(c => c.checks).map(c => [c.id, c]),
  );
}

function notOk(spoke: SpokeHealthResponse): string[] {
  return spoke.components
    .flatMap(c => c.checks)
    .filter(c => c.status !== 'ok')
    .map(c => `${c.id}=${c.status}`);
}

function expectOthersOk(
  spokes: Record<Spoke, SpokeHealthResponse>,
  hit: Spoke,
) {
  for (const name of SPOKES.filter(s => s !== hit)) {
    expect({ spoke: name, notOk: notOk(spokes[name]) }).toEqual({
      spoke: name,
      notOk: [],
    });
  }
}

function hubState() {
  return local.aws.control.snapshot().regions[`${HUB.account}/${HUB.region}`];
}

describe('spoke health against the local AWS endpoint', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await startBackend();
  });
  afterAll(() => backend.stop());
  beforeEach(() => local.reset());

  it('reports the sample spokes ok in every check', async () => {
    const spokes = await refresh(backend);
    for (const name of SPOKES) {
      expect({ spoke: name, notOk: notOk(spokes[name]) }).toEqual({
        spoke: name,
        notOk: [],
      });
      expect(spokes[name].status).toBe('ok');
    }
    // Every component of the design is there.
    const prod = checks(spokes.prod);
    expect(Object.keys(prod)).toEqual(
      expect.arrayContaining([
        'eks.cluster-status',
        'eks.version-support',
        'eks.nodegroup:system',
        'eks.addon:vpc-cni',
        'eks.addon:external-dns',
        'eks.addon:aws-secrets-store-csi-driver-provider',
        'eks.capabilities',
        'eks.capability:argocd',
        'tgw.gateway',
        'tgw.attachment',
        'tgw.association',
        'tgw.route',
        'aurora.writer',
        'aurora.instance:prod-aurora-reader-1',
        'aurora.readers',
        'aurora.secret-rotation',
        'aurora.maintenance',
        'drift.catalog',
        'drift.eks-version',
        'drift.vpc-cidr',
      ]),
    );
    expect(prod['aurora.readers'].summary).toBe(
      '1 reader available (registry: 1)',
    );
  });

  it('marks the spoke critical when its attachment failed', async () => {
    const attachment = hubState().ec2.attachments.find(
      a => a.ResourceOwnerId === ACCOUNT.dev,
    )!;
    local.aws.control.update(
      {
        kind: 'tgw-attachment',
        id: attachment.TransitGatewayAttachmentId,
      },
      { State: 'failed' },
    );
    const spokes = await refresh(backend);
    expect(spokes.dev.status).toBe('critical');
    expect(checks(spokes.dev)['tgw.attachment']).toMatchObject({
      status: 'critical',
      summary: `Attachment ${attachment.TransitGatewayAttachmentId} (${attachment.ResourceId}) is failed`,
    });
    expectOthersOk(spokes, 'dev');
  });

  it('marks the spoke critical when its route is blackholed', async () => {
    const rtb = registry.hub.deployed!.routeTableIds['non-prod'];
    local.aws.control.update(
      { kind: 'tgw-route', id: `${rtb}/10.2.0.0/16` },
      { State: 'blackhole', TransitGatewayAttachments: null },
    );
    const spokes = await refresh(backend);
    expect(checks(spokes.staging)['tgw.route']).toMatchObject({
      status: 'critical',
      summary: `The route to 10.2.0.0/16 in ${rtb} is a blackhole: traffic to this spoke is dropped`,
    });
    expect(spokes.staging.status).toBe('critical');
    expectOthersOk(spokes, 'staging');
  });

  it('marks the spoke critical when its node group is degraded', async () => {
    local.aws.control.update(
      { kind: 'eks-nodegroup', id: 'prod/system' },
      {
        status: 'DEGRADED',
        health: {
          issues: [
            {
              code: 'AsgInstanceLaunchFailures',
              message: 'Could not launch On-Demand Instances.',
              resourceIds: ['asg-1'],
            },
          ],
        },
      },
    );
    const spokes = await refresh(backend);
    expect(checks(spokes.prod)['eks.nodegroup:system']).toMatchObject({
      status: 'critical',
      summary:
        'DEGRADED, 2 nodes (min 2, max 4); AsgInstanceLaunchFailures: Could not launch On-Demand Instances.',
    });
    expect(spokes.prod.components[0]).toMatchObject({
      component: 'eks',
      status: 'critical',
    });
    expectOthersOk(spokes, 'prod');
  });

  it('reports a degraded add-on and a failed Argo CD capability with their issues', async () => {
    local.aws.control.update(
      {
        kind: 'eks-addon',
        id: 'staging/aws-secrets-store-csi-driver-provider',
      },
      {
        status: 'DEGRADED',
        health: {
          issues: [
            {
              code: 'InsufficientNumberOfReplicas',
              message: 'The add-on is unhealthy because it has 0 of 2 replicas',
              resourceIds: ['csi-secrets-store-provider-aws'],
            },
          ],
        },
      },
    );
    local.aws.control.update(
      { kind: 'eks-capability', id: 'staging/argocd' },
      {
        status: 'CREATE_FAILED',
        health: {
          issues: [
            {
              code: 'AccessDenied',
              message: 'The capability role cannot be assumed by EKS',
            },
          ],
        },
      },
    );
    const spokes = await refresh(backend);
    const staging = checks(spokes.staging);
    expect(
      staging['eks.addon:aws-secrets-store-csi-driver-provider'],
    ).toMatchObject({
      status: 'warning',
      summary:
        'DEGRADED v2.1.0-eksbuild.1; InsufficientNumberOfReplicas: The add-on is unhealthy because it has 0 of 2 replicas',
      details: {
        state: 'DEGRADED',
        issues: [
          {
            code: 'InsufficientNumberOfReplicas',
            message: 'The add-on is unhealthy because it has 0 of 2 replicas',
            resourceIds: ['csi-secrets-store-provider-aws'],
          },
        ],
      },
    });
    expect(staging['eks.capability:argocd']).toMatchObject({
      status: 'critical',
      summary:
        'Argo CD CREATE_FAILED v3.1.8-eks-1; AccessDenied: The capability role cannot be assumed by EKS',
      details: { type: 'ARGOCD', state: 'CREATE_FAILED', namespace: 'argocd' },
    });
    expect(notOk(spokes.staging)).toEqual([
      'eks.addon:aws-secrets-store-csi-driver-provider=warning',
      'eks.capability:argocd=critical',
    ]);
    expect(spokes.staging.status).toBe('critical');
    expectOthersOk(spokes, 'staging');
  });

  it('makes only the capability check unknown when ListCapabilities is denied', async () => {
    local.aws.control.addFault({
      service: 'eks',
      operation: 'ListCapabilities',
      account: ACCOUNT.dev,
      error: 'AccessDenied',
    });
    const spokes = await refresh(backend);
    expect(notOk(spokes.dev)).toEqual(['eks.capabilities=unknown']);
    expect(checks(spokes.dev)['eks.capabilities'].summary).toMatch(
      /^eks:ListCapabilities in account 222233334444 \(ap-southeast-3\) was denied/,
    );
    expectOthersOk(spokes, 'dev');
  });

  it('warns while an Aurora instance is failing over', async () => {
    local.aws.control.update(
      { kind: 'rds-instance', id: 'staging-aurora-writer' },
      { DBInstanceStatus: 'failing-over' },
    );
    const spokes = await refresh(backend);
    expect(
      checks(spokes.staging)['aurora.instance:staging-aurora-writer'],
    ).toMatchObject({
      status: 'warning',
      summary: 'writer staging-aurora-writer (db.r6g.large) is failing-over',
    });
    expect(spokes.staging.status).toBe('warning');
    expectOthersOk(spokes, 'staging');
  });

  it('makes only the throttled account unknown, saying AWS throttled it', async () => {
    local.aws.control.addFault({
      service: 'rds',
      operation: 'DescribeDBClusters',
      account: ACCOUNT.staging,
      error: 'Throttling',
    });
    // A single throttle elsewhere is absorbed by the SDK's retry.
    local.aws.control.addFault({
      service: 'eks',
      operation: 'DescribeCluster',
      account: ACCOUNT.dev,
      error: 'Throttling',
      times: 1,
    });
    const spokes = await refresh(backend);
    const status = checks(spokes.staging)['aurora.cluster-status'];
    expect(status.status).toBe('unknown');
    expect(status.summary).toMatch(
      /^AWS throttled rds:DescribeDBClusters in account 333344445555 \(ap-southeast-3\) after 2 attempts: Throttling: /,
    );
    expect(status.details.failure).toMatchObject({
      kind: 'throttled',
      roleArn: ROLE(ACCOUNT.staging),
    });
    // EKS of the same spoke, and every other spoke, are unaffected.
    expect(checks(spokes.staging)['eks.cluster-status'].status).toBe('ok');
    expect(spokes.staging.components.map(c => [c.component, c.status])).toEqual(
      [
        ['eks', 'ok'],
        ['tgw-attachment', 'ok'],
        ['aurora', 'unknown'],
        ['drift', 'unknown'],
      ],
    );
    expectOthersOk(spokes, 'staging');
  });

  it('gives up on a hung call after its timeout, making only that check unknown', async () => {
    local.aws.control.addFault({
      service: 'rds',
      operation: 'DescribePendingMaintenanceActions',
      account: ACCOUNT.dev,
      error: 'Hang',
    });
    // The reason below says the call timed out: nothing is timed here.
    const spokes = await refresh(backend);
    const maintenance = checks(spokes.dev)['aurora.maintenance'];
    expect(maintenance.status).toBe('unknown');
    expect(maintenance.summary).toMatch(
      /^rds:DescribePendingMaintenanceActions in account 222233334444 \(ap-southeast-3\) did not answer within \d+ s/,
    );
    expect(notOk(spokes.dev)).toEqual(['aurora.maintenance=unknown']);
    expectOthersOk(spokes, 'dev');
  });

  it('names the account and role when calls in an account are denied', async () => {
    local.aws.control.addFault({
      service: 'eks',
      account: ACCOUNT.prod,
      error: 'AccessDenied',
    });
    const spokes = await refresh(backend);
    const status = checks(spokes.prod)['eks.cluster-status'];
    expect(status.status).toBe('unknown');
    expect(status.summary).toMatch(
      /^eks:DescribeCluster in account 444455556666 \(ap-southeast-3\) was denied as arn:aws:iam::444455556666:role\/platform-portal-readonly: AccessDeniedException: /,
    );
    expect(checks(spokes.prod)['aurora.cluster-status'].status).toBe('ok');
    expectOthersOk(spokes, 'prod');
  });
});

describe('a role that cannot be assumed', () => {
  it('makes every check in that account unknown with "AccessDenied assuming", the hub checks and other spokes stay ok', async () => {
    local.reset();
    // A fresh backend: no credentials cached from an earlier refresh.
    const backend = await startBackend();
    try {
      local.aws.control.addFault({
        service: 'sts',
        operation: 'AssumeRole',
        account: ACCOUNT.prod,
        error: 'AccessDenied',
      });
      const spokes = await refresh(backend);
      const prod = checks(spokes.prod);
      for (const id of [
        'eks.cluster-status',
        'eks.nodegroups',
        'aurora.cluster-status',
        'aurora.secret-rotation',
      ]) {
        expect(prod[id].status).toBe('unknown');
        expect(prod[id].summary).toMatch(
          /^AccessDenied assuming arn:aws:iam::444455556666:role\/platform-portal-readonly in account 444455556666: /,
        );
      }
      // The TGW is read in the hub account: the prod attachment is still checked.
      expect(prod['tgw.attachment'].status).toBe('ok');
      expect(spokes.prod.status).toBe('unknown');
      expectOthersOk(spokes, 'prod');
    } finally {
      await backend.stop();
    }
  });
});
