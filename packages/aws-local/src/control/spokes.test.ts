import {
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  ListClustersCommand,
} from '@aws-sdk/client-eks';
import {
  DescribeTransitGatewayAttachmentsCommand,
  GetIpamPoolAllocationsCommand,
  SearchTransitGatewayRoutesCommand,
} from '@aws-sdk/client-ec2';
import { DescribeDBClustersCommand } from '@aws-sdk/client-rds';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { AwsLocal, start } from '../server';
import { DEFAULT_PORTAL_EXTERNAL_ID } from '../services/RoleTrusts';
import { SeedRegistry } from '../state/seed';
import {
  clients,
  controlRequest,
  registry as fixture,
  spoke,
} from '../__testUtils__';

const NON_PROD = fixture.hub.deployed!.routeTableIds['non-prod'];
const MAIN_POOL = fixture.hub.deployed!.ipamPoolIds!.main;

/** The spoke file a New environment pull request adds: dev's settings, its own account and block. */
const uat: SeedRegistry['spokes'][number] = {
  ...structuredClone(spoke('dev')),
  name: 'uat',
  account: '777788889999',
  network: { ...structuredClone(spoke('dev').network), cidr: '10.4.0.0/20' },
};

describe('control API: seeding a spoke added to the registry', () => {
  let aws: AwsLocal;
  /** The registry folder as it is now: the tests add and remove uat's file. */
  let current: SeedRegistry;

  beforeEach(async () => {
    current = structuredClone(fixture);
    aws = await start({ registry: () => current });
  });
  afterEach(() => aws.stop());

  const addUat = () => {
    current = { ...current, spokes: [...current.spokes, uat] };
  };
  const inUat = () => clients(aws, { accessKeyId: uat.account });
  const attachmentsOfUat = async () =>
    (
      await clients(aws).ec2.send(
        new DescribeTransitGatewayAttachmentsCommand({
          Filters: [{ Name: 'resource-owner-id', Values: [uat.account] }],
        }),
      )
    ).TransitGatewayAttachments!;
  const routesTo = async (table: string, cidr: string) =>
    (
      await clients(aws).ec2.send(
        new SearchTransitGatewayRoutesCommand({
          TransitGatewayRouteTableId: table,
          Filters: [{ Name: 'route-search.exact-match', Values: [cidr] }],
        }),
      )
    ).Routes!;
  const hubTableId = () =>
    aws.control
      .snapshot()
      .regions[
        `${fixture.hub.account}/${fixture.hub.region}`
      ].ec2.routeTables.find(t =>
        t.Tags.some(tag => tag.Key === 'Name' && tag.Value === 'platform-hub'),
      )!.TransitGatewayRouteTableId;

  it('serves the new spoke: its cluster, Aurora, and its attachment and routes in the hub', async () => {
    addUat();
    const seeded = await controlRequest(aws, 'POST', '/spokes', {
      name: 'uat',
    });
    expect(seeded).toEqual({
      status: 201,
      body: { spoke: 'uat', seeded: true },
    });

    const { eks, rds } = inUat();
    const { cluster } = await eks.send(
      new DescribeClusterCommand({ name: 'uat' }),
    );
    expect(cluster).toMatchObject({
      status: 'ACTIVE',
      version: uat.eks.version,
    });
    const { nodegroup } = await eks.send(
      new DescribeNodegroupCommand({
        clusterName: 'uat',
        nodegroupName: 'system',
      }),
    );
    expect(nodegroup!.status).toBe('ACTIVE');
    const { DBClusters } = await rds.send(
      new DescribeDBClustersCommand({ DBClusterIdentifier: 'uat-aurora' }),
    );
    expect(DBClusters![0].Status).toBe('available');

    const [attachment] = await attachmentsOfUat();
    expect(attachment).toMatchObject({
      State: 'available',
      Association: {
        TransitGatewayRouteTableId: NON_PROD,
        State: 'associated',
      },
    });
    for (const table of [NON_PROD, hubTableId()]) {
      expect(await routesTo(table, uat.network.cidr)).toEqual([
        expect.objectContaining({
          Type: 'static',
          State: 'active',
          TransitGatewayAttachments: [
            expect.objectContaining({
              TransitGatewayAttachmentId: attachment.TransitGatewayAttachmentId,
            }),
          ],
        }),
      ]);
    }
    const { IpamPoolAllocations } = await clients(aws).ec2.send(
      new GetIpamPoolAllocationsCommand({ IpamPoolId: MAIN_POOL }),
    );
    const ids = IpamPoolAllocations!.map(a => a.IpamPoolAllocationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(IpamPoolAllocations!.map(a => a.Cidr)).toContain(uat.network.cidr);
  });

  it("trusts the new spoke's portal role only with the external id, as the other spokes' roles", async () => {
    addUat();
    await controlRequest(aws, 'POST', '/spokes', { name: 'uat' });
    const assume = (ExternalId?: string) =>
      clients(aws).sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${uat.account}:role/${
            fixture.hub.portal!.roleName
          }`,
          RoleSessionName: 'portal',
          ExternalId,
        }),
      );
    await expect(assume()).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(assume(DEFAULT_PORTAL_EXTERNAL_ID)).resolves.toBeTruthy();
  });

  it('keeps what tests changed elsewhere, and changes nothing when the spoke is already there', async () => {
    aws.control.update(
      { kind: 'eks-cluster', id: 'dev' },
      { status: 'UPDATING' },
    );
    addUat();
    expect(
      (await controlRequest(aws, 'POST', '/spokes', { name: 'uat' })).status,
    ).toBe(201);
    aws.control.update(
      { kind: 'eks-cluster', id: 'uat' },
      { status: 'FAILED' },
    );

    const again = await controlRequest(aws, 'POST', '/spokes', { name: 'uat' });
    expect(again).toEqual({
      status: 200,
      body: { spoke: 'uat', seeded: false },
    });
    const { clusters } = await inUat().eks.send(new ListClustersCommand({}));
    expect(clusters).toEqual(['uat']);
    expect(
      (await inUat().eks.send(new DescribeClusterCommand({ name: 'uat' })))
        .cluster!.status,
    ).toBe('FAILED');
    expect(await attachmentsOfUat()).toHaveLength(1);
    expect(await routesTo(NON_PROD, uat.network.cidr)).toHaveLength(1);
    const dev = clients(aws, { accessKeyId: spoke('dev').account }).eks;
    expect(
      (await dev.send(new DescribeClusterCommand({ name: 'dev' }))).cluster!
        .status,
    ).toBe('UPDATING');
  });

  it('refuses a spoke the registry does not hold, and a request without a name', async () => {
    const unknown = await controlRequest(aws, 'POST', '/spokes', {
      name: 'uat',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(
      /The registry has no spoke uat \(spokes: dev, prod, staging\)/,
    );
    expect(await attachmentsOfUat()).toEqual([]);
    expect((await controlRequest(aws, 'POST', '/spokes', {})).status).toBe(400);
  });

  it('reset follows the registry as it is now: a removed spoke file leaves AWS too', async () => {
    addUat();
    await controlRequest(aws, 'POST', '/reset');
    expect(await attachmentsOfUat()).toHaveLength(1);

    current = structuredClone(fixture);
    await controlRequest(aws, 'POST', '/reset');
    expect(await attachmentsOfUat()).toEqual([]);
    await expect(
      inUat().eks.send(new DescribeClusterCommand({ name: 'uat' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('answers 500 naming the cause when the registry cannot be read', async () => {
    const broken = await start({
      registry: (() => {
        let reads = 0;
        return () => {
          reads += 1;
          if (reads > 1) throw new Error('spokes/uat.yaml: name is required');
          return fixture;
        };
      })(),
    });
    try {
      const res = await controlRequest(broken, 'POST', '/spokes', {
        name: 'uat',
      });
      expect(res).toEqual({
        status: 500,
        body: {
          error:
            'The registry could not be read: spokes/uat.yaml: name is required',
        },
      });
    } finally {
      await broken.stop();
    }
  });

  it('has no spoke to seed when started without a registry', async () => {
    const empty = await start();
    try {
      expect(
        (await controlRequest(empty, 'POST', '/spokes', { name: 'uat' }))
          .status,
      ).toBe(409);
    } finally {
      await empty.stop();
    }
  });
});
