import {
  CloudWatchClient,
  GetMetricDataCommand,
  GetMetricDataCommandInput,
  MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import {
  DescribeTransitGatewayAttachmentsCommand,
  DescribeTransitGatewaysCommand,
  EC2Client,
  SearchTransitGatewayRoutesCommand,
} from '@aws-sdk/client-ec2';
import {
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeAddonVersionsCommand,
  DescribeClusterVersionsCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ListInsightsCommand,
  ListAddonsCommand,
  ListCapabilitiesCommand,
  DescribeCapabilityCommand,
  ListNodegroupsCommand,
} from '@aws-sdk/client-eks';
import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBMajorEngineVersionsCommand,
  DescribePendingMaintenanceActionsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import {
  DescribeSecretCommand,
  ListSecretsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { AwsCredentialsManager } from '@backstage/integration-aws-node';
import { fixtures, Registry } from '@internal/plugin-platform-common';
import { mockClient } from 'aws-sdk-client-mock';
import { entitiesFromRegistry } from '../../__testUtils__/entities';
import { targetsFromEntities } from '../../lib/spokes';
import { DEFAULT_AWS } from '../../config';
import { AwsAccess } from './AwsAccess';
import { HealthCollector } from './HealthCollector';

const eks = mockClient(EKSClient);
const ec2 = mockClient(EC2Client);
const rds = mockClient(RDSClient);
const sm = mockClient(SecretsManagerClient);
const cloudwatch = mockClient(CloudWatchClient);

const awsError = (name: string, message = name) =>
  Object.assign(new Error(message), { name, $metadata: { attempts: 1 } });

/** Which account a mocked call runs in: the fake credentials carry it. */
async function accountOf(client: { config: any }): Promise<string> {
  const creds = await client.config.credentials();
  return creds.accessKeyId;
}

function credentialsManager(
  fail: Record<string, Error> = {},
): AwsCredentialsManager & { requested: string[] } {
  const requested: string[] = [];
  return {
    requested,
    async getCredentialProvider(opts) {
      const accountId = opts!.accountId!;
      requested.push(accountId);
      return {
        accountId,
        sdkCredentialProvider: async () => {
          if (fail[accountId]) throw fail[accountId];
          return { accessKeyId: accountId, secretAccessKey: 'x' };
        },
      };
    },
  };
}

/** Mocks a healthy estate for the registry: every call answers as aws-local's seed would. */
function healthyAws(registry: Registry) {
  const tgw = registry.hub.deployed!.transitGatewayId;
  const attachmentId = (s: string) => `tgw-attach-${s}00000000`;
  eks.on(DescribeClusterCommand).callsFake(async (input, getClient) => ({
    cluster: {
      name: input.name,
      status: 'ACTIVE',
      version: '1.35',
      health: { issues: [] },
      arn: `arn:aws:eks:ap-southeast-3:${await accountOf(
        getClient(),
      )}:cluster/${input.name}`,
    },
  }));
  eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['system'] });
  eks.on(DescribeNodegroupCommand).callsFake(input => ({
    nodegroup: {
      nodegroupName: input.nodegroupName,
      status: 'ACTIVE',
      scalingConfig: { minSize: 2, maxSize: 4, desiredSize: 2 },
      instanceTypes: ['m6i.large'],
      health: { issues: [] },
    },
  }));
  eks.on(ListAddonsCommand).resolves({ addons: ['vpc-cni', 'coredns'] });
  eks.on(DescribeAddonCommand).callsFake(input => ({
    addon: { addonName: input.addonName, status: 'ACTIVE' },
  }));
  eks.on(ListCapabilitiesCommand).resolves({
    capabilities: [{ capabilityName: 'argocd', type: 'ARGOCD' }],
  });
  eks.on(DescribeCapabilityCommand).callsFake(input => ({
    capability: {
      capabilityName: input.capabilityName,
      type: 'ARGOCD',
      status: 'ACTIVE',
    },
  }));
  eks.on(ListInsightsCommand).resolves({
    insights: [
      {
        id: 'kubelet-skew',
        name: 'Kubelet version skew',
        category: 'UPGRADE_READINESS',
        insightStatus: { status: 'PASSING', reason: 'No issues found.' },
      },
    ],
  });
  eks.on(DescribeAddonVersionsCommand).resolves({
    addons: [
      {
        addonName: 'vpc-cni',
        addonVersions: [
          {
            addonVersion: 'v1.20.4-eksbuild.1',
            compatibilities: [{ clusterVersion: '1.35', defaultVersion: true }],
          },
        ],
      },
    ],
  });
  eks.on(DescribeClusterVersionsCommand).resolves({
    clusterVersions: [
      { clusterVersion: '1.35', versionStatus: 'STANDARD_SUPPORT' },
    ],
  });
  ec2.on(DescribeTransitGatewaysCommand).resolves({
    TransitGateways: [{ TransitGatewayId: tgw, State: 'available' }],
  });
  ec2.on(DescribeTransitGatewayAttachmentsCommand).resolves({
    TransitGatewayAttachments: registry.spokes.map(s => ({
      TransitGatewayAttachmentId: attachmentId(s.name),
      ResourceOwnerId: s.account,
      ResourceType: 'vpc',
      State: 'available',
    })),
  });
  ec2.on(SearchTransitGatewayRoutesCommand).callsFake(input => ({
    Routes: registry.spokes
      .filter(
        s =>
          registry.hub.deployed!.routeTableIds[s.environmentClass] ===
          input.TransitGatewayRouteTableId,
      )
      .map(s => ({
        DestinationCidrBlock: s.network.cidr,
        State: 'active',
        TransitGatewayAttachments: [
          { TransitGatewayAttachmentId: attachmentId(s.name) },
        ],
      })),
  }));
  rds.on(DescribeDBClustersCommand).callsFake(async input => ({
    DBClusters: [
      {
        DBClusterIdentifier: input.DBClusterIdentifier,
        Status: 'available',
        Engine: 'aurora-mysql',
        EngineVersion: '8.0.mysql_aurora.3.08.0',
        MasterUserSecret: {
          SecretArn: `arn:aws:secretsmanager:ap-southeast-3:1:secret:${input.DBClusterIdentifier}`,
        },
      },
    ],
  }));
  rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [] });
  rds.on(DescribeDBMajorEngineVersionsCommand).resolves({
    DBMajorEngineVersions: [
      { Engine: 'aurora-mysql', MajorEngineVersion: '8.0' },
    ],
  });
  rds.on(DescribePendingMaintenanceActionsCommand).resolves({
    PendingMaintenanceActions: [],
  });
  cloudwatch
    .on(GetMetricDataCommand)
    .callsFake(async (input: GetMetricDataCommandInput) => ({
      MetricDataResults: input.MetricDataQueries!.map((q: MetricDataQuery) => ({
        Id: q.Id,
        Values: [20, 18],
      })),
    }));
  sm.on(DescribeSecretCommand).resolves({ RotationEnabled: true });
  sm.on(ListSecretsCommand).resolves({
    SecretList: [
      { Name: 'rds!cluster-0000', OwningService: 'rds' },
      {
        Name: 'piksel/dev/phl-store/slack',
        Tags: [{ Key: 'Service', Value: 'phl-store' }],
      },
    ],
  });
}

function setup(
  options: {
    registry?: Registry;
    failCredentials?: Record<string, Error>;
    roleName?: string;
  } = {},
) {
  const registry = options.registry ?? fixtures.registry();
  const manager = credentialsManager(options.failCredentials);
  const access = AwsAccess.create({
    credentialsManager: manager,
    config: DEFAULT_AWS,
    concurrency: 4,
    roleArnFor: options.roleName
      ? account => `arn:aws:iam::${account}:role/${options.roleName}`
      : undefined,
  });
  const scope = access.scope();
  const { hub, spokes } = targetsFromEntities(entitiesFromRegistry(registry));
  const collect = () =>
    new HealthCollector(scope).collect({
      hub,
      spokes,
      registry: { ok: true, hub: registry.hub, spoke: undefined },
    });
  return { registry, manager, access, scope, collect };
}

beforeEach(() => {
  eks.reset();
  ec2.reset();
  rds.reset();
  sm.reset();
  cloudwatch.reset();
});

describe('HealthCollector', () => {
  it('collects every spoke with one hub listing and one Aurora listing per account', async () => {
    const { registry, collect, scope, access } = setup();
    healthyAws(registry);
    const result = await collect();
    access.close();

    expect([...result.keys()]).toEqual(['dev', 'prod', 'staging']);
    const staging = result.get('staging')!;
    expect(staging.eks.cluster).toMatchObject({
      ok: true,
      value: { name: 'staging', status: 'ACTIVE' },
    });
    expect(staging.eks.nodegroups).toMatchObject({
      ok: true,
      value: [{ name: 'system', nodegroup: { ok: true } }],
    });
    expect(staging.tgw.routeTableId).toEqual({
      ok: true,
      value: 'tgw-rtb-0a1b2c3d4e5f60001',
    });
    expect(staging.aurora.secret).toMatchObject({
      ok: true,
      value: { RotationEnabled: true },
    });

    // One call each for the hub, whatever the number of spokes.
    expect(ec2.commandCalls(DescribeTransitGatewaysCommand)).toHaveLength(1);
    expect(
      ec2.commandCalls(DescribeTransitGatewayAttachmentsCommand),
    ).toHaveLength(1);
    expect(
      ec2
        .commandCalls(SearchTransitGatewayRoutesCommand)
        .map(c => c.args[0].input.TransitGatewayRouteTableId),
    ).toEqual(
      expect.arrayContaining([
        'tgw-rtb-0a1b2c3d4e5f60001',
        'tgw-rtb-0a1b2c3d4e5f60002',
      ]),
    );
    expect(ec2.commandCalls(SearchTransitGatewayRoutesCommand)).toHaveLength(2);
    expect(eks.commandCalls(DescribeClusterVersionsCommand)).toHaveLength(1);
    // Aurora: one listing per account, asking for the cluster by name.
    expect(
      rds.commandCalls(DescribeDBClustersCommand).map(c => c.args[0].input),
    ).toEqual(
      expect.arrayContaining([{ DBClusterIdentifier: 'staging-aurora' }]),
    );
    expect(rds.commandCalls(DescribeDBClustersCommand)).toHaveLength(3);
    expect(
      rds.commandCalls(DescribeDBInstancesCommand)[0].args[0].input.Filters,
    ).toEqual([{ Name: 'db-cluster-id', Values: [expect.any(String)] }]);

    const stats = scope.getStats();
    // Per spoke: 9 EKS (2 of them the capability, 1 the upgrade insights) + 3 Aurora +
    // the secret listing + the master secret (this listing does not carry it); hub: 6
    // for all (the gateway, attachments, two class tables, the version calendar, the
    // add-on versions of Kubernetes 1.35) and the engine's support dates.
    expect(stats.calls).toBe(3 * 14 + 7);
    expect(stats.byOperation['eks:DescribeAddonVersions']).toBe(1);
    // The engine's support dates: once for the region and major version.
    expect(stats.byOperation['rds:DescribeDBMajorEngineVersions']).toBe(1);
    expect(stats.byOperation['secretsmanager:ListSecrets']).toBe(3);
    // Secrets a service manages are not people's: only the runbook secret is judged.
    expect(
      [...result.values()].map(o =>
        o.secrets?.ok ? o.secrets.value.map(e => e.Name) : o.secrets,
      ),
    ).toEqual([
      ['piksel/dev/phl-store/slack'],
      ['piksel/dev/phl-store/slack'],
      ['piksel/dev/phl-store/slack'],
    ]);
    expect(stats.failed).toBe(0);
    expect(stats.byOperation['eks:DescribeAddon']).toBe(6);
  });

  it('lists Aurora clusters once with a filter when an account holds two spokes', async () => {
    const registry = fixtures.registry();
    registry.spokes[1].account = registry.spokes[0].account;
    const { collect, access } = setup({ registry });
    healthyAws(registry);
    rds.on(DescribeDBClustersCommand).resolves({
      DBClusters: [{ DBClusterIdentifier: 'dev-aurora', Status: 'available' }],
    });
    const result = await collect();
    access.close();
    const calls = rds.commandCalls(DescribeDBClustersCommand);
    expect(calls).toHaveLength(2);
    expect(calls.map(c => c.args[0].input.Filters).filter(Boolean)).toEqual([
      [{ Name: 'db-cluster-id', Values: ['dev-aurora', 'prod-aurora'] }],
    ]);
    expect(result.get('prod')!.aurora.clusters).toMatchObject({
      ok: true,
      value: [{ DBClusterIdentifier: 'dev-aurora' }],
    });
  });

  it('makes only the denied account unknown, naming call, account and role', async () => {
    const { registry, collect, access } = setup({
      roleName: 'platform-portal-readonly',
    });
    healthyAws(registry);
    eks.on(DescribeClusterCommand).callsFake(async (input, getClient) => {
      if ((await accountOf(getClient())) === '333344445555') {
        throw awsError('AccessDeniedException', 'not authorized');
      }
      return { cluster: { name: input.name, status: 'ACTIVE' } };
    });
    const result = await collect();
    access.close();
    const staging = result.get('staging')!.eks.cluster;
    expect(staging).toEqual({
      ok: false,
      failure: expect.objectContaining({
        kind: 'access-denied',
        reason:
          'eks:DescribeCluster in account 333344445555 (ap-southeast-3) was denied as arn:aws:iam::333344445555:role/platform-portal-readonly: AccessDeniedException: not authorized',
      }),
    });
    expect(result.get('staging')!.aurora.clusters.ok).toBe(true);
    expect(result.get('dev')!.eks.cluster.ok).toBe(true);
  });

  it('fails every call of an account whose role cannot be assumed, and nothing else', async () => {
    const { registry, collect, access, scope } = setup({
      roleName: 'platform-portal-readonly',
      failCredentials: {
        '444455556666': awsError('AccessDenied', 'not allowed to assume'),
      },
    });
    healthyAws(registry);
    const result = await collect();
    access.close();
    const prod = result.get('prod')!;
    for (const o of [
      prod.eks.cluster,
      prod.eks.nodegroups,
      prod.aurora.clusters,
      prod.aurora.secret,
    ]) {
      expect(o).toEqual({
        ok: false,
        failure: expect.objectContaining({
          reason:
            'AccessDenied assuming arn:aws:iam::444455556666:role/platform-portal-readonly in account 444455556666: not allowed to assume',
        }),
      });
    }
    expect(prod.tgw.attachments.ok).toBe(true);
    expect(result.get('dev')!.eks.cluster.ok).toBe(true);
    // Nothing was sent with the prod account's (missing) credentials.
    const accounts = await Promise.all(
      eks.commandCalls(DescribeClusterCommand).map(c => c.args[0].input.name),
    );
    expect(accounts).not.toContain('prod');
    expect(scope.getStats().byOperation['sts:AssumeRole']).toBe(4);
  });

  it('reports a missing cluster as not found and skips its node groups and add-ons', async () => {
    const { registry, collect, access } = setup();
    healthyAws(registry);
    eks
      .on(DescribeClusterCommand, { name: 'dev' })
      .rejects(awsError('ResourceNotFoundException', 'No cluster found'));
    eks
      .on(ListNodegroupsCommand, { clusterName: 'dev' })
      .rejects(awsError('ResourceNotFoundException', 'No cluster found'));
    eks
      .on(ListAddonsCommand, { clusterName: 'dev' })
      .rejects(awsError('ResourceNotFoundException', 'No cluster found'));
    const dev = (await collect()).get('dev')!;
    access.close();
    expect(dev.eks.cluster).toEqual({ ok: true, value: undefined });
    expect(dev.eks.nodegroups).toMatchObject({
      ok: false,
      failure: { kind: 'skipped', reason: 'Cluster dev not found' },
    });
  });

  it('describes each capability, and a denied listing fails only the capabilities', async () => {
    const { registry, collect, access } = setup();
    healthyAws(registry);
    eks
      .on(ListCapabilitiesCommand, { clusterName: 'dev' })
      .rejects(awsError('AccessDeniedException', 'not authorized'));
    const result = await collect();
    access.close();
    const dev = result.get('dev')!;
    expect(dev.eks.capabilities).toMatchObject({
      ok: false,
      failure: { operation: 'eks:ListCapabilities', kind: 'access-denied' },
    });
    expect(dev.eks.addons.ok).toBe(true);
    expect(dev.eks.cluster.ok).toBe(true);
    expect(result.get('staging')!.eks.capabilities).toEqual({
      ok: true,
      value: [
        {
          name: 'argocd',
          capability: {
            ok: true,
            value: {
              capabilityName: 'argocd',
              type: 'ARGOCD',
              status: 'ACTIVE',
            },
          },
        },
      ],
    });
  });

  it('follows pagination of the attachment listing', async () => {
    const { registry, collect, access } = setup();
    healthyAws(registry);
    ec2
      .on(DescribeTransitGatewayAttachmentsCommand)
      .resolvesOnce({
        TransitGatewayAttachments: [{ TransitGatewayAttachmentId: 'a' }],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        TransitGatewayAttachments: [{ TransitGatewayAttachmentId: 'b' }],
      });
    const dev = (await collect()).get('dev')!;
    access.close();
    expect(dev.tgw.attachments).toMatchObject({
      ok: true,
      value: [
        { TransitGatewayAttachmentId: 'a' },
        { TransitGatewayAttachmentId: 'b' },
      ],
    });
    expect(
      ec2
        .commandCalls(DescribeTransitGatewayAttachmentsCommand)
        .map(c => c.args[0].input.NextToken),
    ).toEqual([undefined, 'page-2']);
  });

  it('makes only the TGW observations and the version calendar unknown when the hub fails', async () => {
    const { registry, collect, access } = setup({
      failCredentials: { '111122223333': awsError('ExpiredToken', 'expired') },
    });
    healthyAws(registry);
    const dev = (await collect()).get('dev')!;
    access.close();
    expect(dev.tgw.gateway.ok).toBe(false);
    expect(dev.tgw.attachments.ok).toBe(false);
    expect(dev.eks.versions.ok).toBe(false);
    expect(dev.eks.cluster.ok).toBe(true);
    expect(dev.aurora.clusters.ok).toBe(true);
  });

  it('says the transit gateway id is unknown before the hub is deployed', async () => {
    const registry = fixtures.registry();
    delete registry.hub.deployed;
    const { collect, access } = setup({ registry });
    healthyAws({ ...fixtures.registry(), spokes: registry.spokes });
    const dev = (await collect()).get('dev')!;
    access.close();
    expect(dev.tgw.gateway).toMatchObject({
      ok: false,
      failure: { kind: 'skipped' },
    });
    expect(dev.tgw.routeTableId).toMatchObject({
      ok: false,
      failure: {
        reason:
          'The intended route table is unknown: hub.yaml has no deployed.routeTableIds yet',
      },
    });
    expect(ec2.commandCalls(DescribeTransitGatewaysCommand)).toHaveLength(0);
  });
});
