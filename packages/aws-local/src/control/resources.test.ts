import {
  DescribeClusterCommand,
  DescribeClusterVersionsCommand,
  DescribeNodegroupCommand,
} from '@aws-sdk/client-eks';
import {
  DescribeTransitGatewayAttachmentsCommand,
  SearchTransitGatewayRoutesCommand,
} from '@aws-sdk/client-ec2';
import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
} from '@aws-sdk/client-rds';
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { AwsLocal } from '../server';
import {
  clients,
  controlRequest,
  HUB,
  registry,
  spoke,
  spokeClients,
  startLocal,
} from '../__testUtils__';

const NON_PROD = registry.hub.deployed!.routeTableIds['non-prod'];

describe('control API resources', () => {
  let aws: AwsLocal;
  const dev = spoke('dev');
  beforeAll(async () => {
    aws = await startLocal();
  });
  afterEach(() => controlRequest(aws, 'POST', '/reset'));
  afterAll(() => aws.stop());

  const patch = async (body: Record<string, unknown>) => {
    const res = await controlRequest(aws, 'PATCH', '/resources', body);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('marks an attachment failed', async () => {
    const { ec2 } = clients(aws);
    const [attachment] = (
      await ec2.send(
        new DescribeTransitGatewayAttachmentsCommand({
          Filters: [{ Name: 'resource-owner-id', Values: [dev.account] }],
        }),
      )
    ).TransitGatewayAttachments!;
    await patch({
      kind: 'tgw-attachment',
      id: attachment.TransitGatewayAttachmentId,
      set: { State: 'failed', Association: { State: 'disassociated' } },
    });
    const [after] = (
      await ec2.send(
        new DescribeTransitGatewayAttachmentsCommand({
          TransitGatewayAttachmentIds: [attachment.TransitGatewayAttachmentId!],
        }),
      )
    ).TransitGatewayAttachments!;
    expect(after.State).toBe('failed');
    expect(after.Association).toEqual({
      TransitGatewayRouteTableId: NON_PROD,
      State: 'disassociated',
    });
  });

  it('degrades a node group with health issues and puts the cluster in UPDATING', async () => {
    await patch({
      kind: 'eks-nodegroup',
      id: 'dev/system',
      set: {
        status: 'DEGRADED',
        health: {
          issues: [
            {
              code: 'AsgInstanceLaunchFailures',
              message: 'Could not launch On-Demand Instances.',
              resourceIds: ['eks-system-asg'],
            },
          ],
        },
      },
    });
    await patch({
      kind: 'eks-cluster',
      id: 'dev',
      set: { status: 'UPDATING' },
    });
    const { eks } = spokeClients(aws, 'dev');
    const { nodegroup } = await eks.send(
      new DescribeNodegroupCommand({
        clusterName: 'dev',
        nodegroupName: 'system',
      }),
    );
    expect(nodegroup?.status).toBe('DEGRADED');
    expect(nodegroup?.health?.issues).toEqual([
      {
        code: 'AsgInstanceLaunchFailures',
        message: 'Could not launch On-Demand Instances.',
        resourceIds: ['eks-system-asg'],
      },
    ]);
    const { cluster } = await eks.send(
      new DescribeClusterCommand({ name: 'dev' }),
    );
    expect(cluster?.status).toBe('UPDATING');
  });

  it('fails over an Aurora instance', async () => {
    await patch({
      kind: 'rds-cluster',
      id: 'staging-aurora',
      set: { Status: 'failing-over' },
    });
    await patch({
      kind: 'rds-instance',
      id: 'staging-aurora-writer',
      set: { DBInstanceStatus: 'failing-over' },
    });
    const { rds } = spokeClients(aws, 'staging');
    const { DBClusters } = await rds.send(new DescribeDBClustersCommand({}));
    expect(DBClusters![0].Status).toBe('failing-over');
    const { DBInstances } = await rds.send(
      new DescribeDBInstancesCommand({
        DBInstanceIdentifier: 'staging-aurora-writer',
      }),
    );
    expect(DBInstances![0].DBInstanceStatus).toBe('failing-over');
  });

  it('turns master secret rotation off', async () => {
    const { rds, secrets } = spokeClients(aws, 'dev');
    const { DBClusters } = await rds.send(new DescribeDBClustersCommand({}));
    const secretArn = DBClusters![0].MasterUserSecret!.SecretArn!;
    await patch({
      kind: 'secret',
      id: secretArn,
      set: { RotationEnabled: false, NextRotationDate: null },
    });
    const described = await secrets.send(
      new DescribeSecretCommand({ SecretId: secretArn }),
    );
    expect(described.RotationEnabled).toBe(false);
    expect(described.NextRotationDate).toBeUndefined();
  });

  it('deletes a route and makes another a blackhole', async () => {
    const { ec2 } = clients(aws);
    const search = (cidr: string) =>
      ec2
        .send(
          new SearchTransitGatewayRoutesCommand({
            TransitGatewayRouteTableId: NON_PROD,
            Filters: [{ Name: 'route-search.exact-match', Values: [cidr] }],
          }),
        )
        .then(r => r.Routes!);
    const removed = await controlRequest(aws, 'DELETE', '/resources', {
      kind: 'tgw-route',
      id: `${NON_PROD}/${dev.network.cidr}`,
    });
    expect(removed.status).toBe(200);
    expect(await search(dev.network.cidr)).toEqual([]);

    const staging = spoke('staging').network.cidr;
    await patch({
      kind: 'tgw-route',
      id: `${NON_PROD}/${staging}`,
      set: { State: 'blackhole', TransitGatewayAttachments: null },
    });
    expect(await search(staging)).toEqual([
      { DestinationCidrBlock: staging, Type: 'static', State: 'blackhole' },
    ]);
  });

  it('changes an EKS version in the support calendar', async () => {
    await patch({
      kind: 'eks-cluster-version',
      id: '1.33',
      set: {
        versionStatus: 'UNSUPPORTED',
        endOfExtendedSupportDate: '2026-01-01T00:00:00Z',
      },
    });
    const { clusterVersions } = await clients(aws).eks.send(
      new DescribeClusterVersionsCommand({ clusterVersions: ['1.33'] }),
    );
    expect(clusterVersions![0]).toMatchObject({
      versionStatus: 'UNSUPPORTED',
      endOfExtendedSupportDate: new Date('2026-01-01T00:00:00Z'),
    });
  });

  it('pins the versions the clusters run in standard support, and only those', async () => {
    const { eks } = clients(aws);
    const before = await eks.send(new DescribeClusterVersionsCommand({}));
    const res = await controlRequest(aws, 'POST', '/kubernetes-support/pin');
    expect(res.status).toBe(200);
    const running = registry.spokes.map(s => s.eks.version);
    expect(res.body.pinned).toEqual([...new Set(running)].sort());

    const after = await eks.send(new DescribeClusterVersionsCommand({}));
    const isRunning = (v: { clusterVersion?: string }) =>
      running.includes(v.clusterVersion!);
    const yearsFromNow = (years: number) =>
      Date.now() + years * 365 * 24 * 60 * 60 * 1000 - 60_000;
    for (const version of after.clusterVersions!.filter(isRunning)) {
      expect(version.versionStatus).toBe('STANDARD_SUPPORT');
      expect(version.endOfStandardSupportDate!.getTime()).toBeGreaterThan(
        yearsFromNow(1),
      );
      expect(version.endOfExtendedSupportDate!.getTime()).toBeGreaterThan(
        yearsFromNow(2),
      );
    }
    expect(after.clusterVersions!.filter(v => !isRunning(v))).toEqual(
      before.clusterVersions!.filter(v => !isRunning(v)),
    );
    // A reset puts today's calendar back.
    await controlRequest(aws, 'POST', '/reset');
    const reset = await eks.send(new DescribeClusterVersionsCommand({}));
    expect(reset.clusterVersions).toEqual(before.clusterVersions);
  });

  it('resets every change back to the registry seed', async () => {
    await patch({
      kind: 'eks-cluster',
      id: 'dev',
      set: { status: 'FAILED' },
    });
    await controlRequest(aws, 'POST', '/faults', { error: 'AccessDenied' });
    expect((await controlRequest(aws, 'POST', '/reset')).status).toBe(200);
    const { cluster } = await spokeClients(aws, 'dev').eks.send(
      new DescribeClusterCommand({ name: 'dev' }),
    );
    expect(cluster?.status).toBe('ACTIVE');
  });

  it('returns the state, narrowed to an account and region', async () => {
    const all = await controlRequest(aws, 'GET', '/state');
    expect(all.status).toBe(200);
    expect(all.body.defaultAccount).toBe(HUB);
    expect(Object.keys(all.body.regions).sort()).toEqual(
      [HUB, ...registry.spokes.map(s => s.account)]
        .map(a => `${a}/ap-southeast-3`)
        .sort(),
    );
    const one = await controlRequest(
      aws,
      'GET',
      `/state?account=${dev.account}&region=${dev.region}`,
    );
    expect(Object.keys(one.body.regions)).toEqual([
      `${dev.account}/${dev.region}`,
    ]);
    expect(
      one.body.regions[`${dev.account}/${dev.region}`].eks.clusters[0].name,
    ).toBe('dev');
  });

  it('reads one resource and lists the kinds', async () => {
    const kinds = await controlRequest(aws, 'GET', '/resources');
    expect(Object.keys(kinds.body.kinds)).toContain('tgw-route');
    const one = await controlRequest(
      aws,
      'GET',
      '/resources?kind=rds-cluster&id=dev-aurora',
    );
    expect(one.body.DBClusterIdentifier).toBe('dev-aurora');
  });

  it('answers bad control requests with the reason', async () => {
    const badKind = await controlRequest(aws, 'PATCH', '/resources', {
      kind: 'bucket',
      id: 'x',
      set: {},
    });
    expect(badKind.status).toBe(400);
    expect(badKind.body.error).toMatch(/^kind must be one of eks-cluster/);
    const missing = await controlRequest(aws, 'PATCH', '/resources', {
      kind: 'eks-cluster',
      id: 'nope',
      set: { status: 'FAILED' },
    });
    expect(missing.status).toBe(404);
    const unknownPath = await controlRequest(aws, 'GET', '/nothing');
    expect(unknownPath.status).toBe(404);
  });

  it('asks for account and region when an id exists in several', async () => {
    for (const s of ['dev', 'staging']) {
      aws.control.create({
        kind: 'secret',
        account: spoke(s).account,
        region: spoke(s).region,
        resource: {
          ARN: `arn:aws:secretsmanager:${spoke(s).region}:${
            spoke(s).account
          }:secret:shared-AbCdEf`,
          Name: 'shared',
          CreatedDate: '2026-01-01T00:00:00Z',
        },
      });
    }
    const ambiguous = await controlRequest(aws, 'PATCH', '/resources', {
      kind: 'secret',
      id: 'shared',
      set: { Description: 'x' },
    });
    expect(ambiguous.status).toBe(409);
    const precise = await controlRequest(aws, 'PATCH', '/resources', {
      kind: 'secret',
      id: 'shared',
      account: dev.account,
      set: { Description: 'x' },
    });
    expect(precise.status).toBe(200);
  });
});
