import {
  DescribeNetworkInterfacesCommand,
  DescribeTransitGatewayAttachmentsCommand,
  DescribeTransitGatewayRouteTablesCommand,
  DescribeTransitGatewaysCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  GetTransitGatewayRouteTableAssociationsCommand,
  paginateDescribeTransitGatewayAttachments,
  SearchTransitGatewayRoutesCommand,
} from '@aws-sdk/client-ec2';
import { AwsLocal } from '../server';
import {
  clients,
  HUB,
  registry,
  spoke,
  spokeClients,
  startLocal,
} from '../__testUtils__';

const TGW = registry.hub.deployed!.transitGatewayId;
const NON_PROD = registry.hub.deployed!.routeTableIds['non-prod'];
const PROD = registry.hub.deployed!.routeTableIds.prod;

describe('ec2 transit gateway', () => {
  let aws: AwsLocal;
  let ec2: ReturnType<typeof clients>['ec2'];
  beforeAll(async () => {
    aws = await startLocal();
    ec2 = clients(aws).ec2;
  });
  afterEach(() => aws.control.reset());
  afterAll(() => aws.stop());

  it('describes the hub TGW from hub.yaml', async () => {
    const { TransitGateways } = await ec2.send(
      new DescribeTransitGatewaysCommand({ TransitGatewayIds: [TGW] }),
    );
    expect(TransitGateways).toHaveLength(1);
    expect(TransitGateways![0]).toMatchObject({
      TransitGatewayId: TGW,
      State: 'available',
      OwnerId: HUB,
      Options: { AmazonSideAsn: 64512, AutoAcceptSharedAttachments: 'disable' },
      Tags: [{ Key: 'Name', Value: 'platform-hub' }],
    });
    expect(TransitGateways![0].CreationTime).toBeInstanceOf(Date);
  });

  it('shows the shared TGW to a spoke account', async () => {
    const { TransitGateways } = await spokeClients(aws, 'dev').ec2.send(
      new DescribeTransitGatewaysCommand({}),
    );
    expect(TransitGateways?.map(t => t.TransitGatewayId)).toEqual([TGW]);
  });

  it('filters TGWs by state, tag and wildcard', async () => {
    const send = (Name: string, Values: string[]) =>
      ec2
        .send(
          new DescribeTransitGatewaysCommand({ Filters: [{ Name, Values }] }),
        )
        .then(r => r.TransitGateways!.length);
    expect(await send('state', ['available'])).toBe(1);
    expect(await send('state', ['deleted', 'pending'])).toBe(0);
    expect(await send('tag:Name', ['platform-*'])).toBe(1);
    expect(await send('tag-key', ['Owner'])).toBe(0);
    expect(await send('owner-id', [HUB])).toBe(1);
  });

  it('raises InvalidTransitGatewayID.NotFound for an unknown id', async () => {
    await expect(
      ec2.send(
        new DescribeTransitGatewaysCommand({
          TransitGatewayIds: ['tgw-00000000000000000'],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidTransitGatewayID.NotFound',
      message:
        'Transit Gateway tgw-00000000000000000 was deleted or does not exist.',
    });
  });

  it('raises InvalidParameterValue for an unknown filter or a MaxResults below 5', async () => {
    await expect(
      ec2.send(
        new DescribeTransitGatewaysCommand({
          Filters: [{ Name: 'colour', Values: ['blue'] }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(
      ec2.send(new DescribeTransitGatewayAttachmentsCommand({ MaxResults: 2 })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('lists every attachment of the TGW in the hub, associated with its class table', async () => {
    const { TransitGatewayAttachments } = await ec2.send(
      new DescribeTransitGatewayAttachmentsCommand({
        Filters: [
          { Name: 'transit-gateway-id', Values: [TGW] },
          {
            Name: 'resource-owner-id',
            Values: registry.spokes.map(s => s.account),
          },
        ],
      }),
    );
    expect(TransitGatewayAttachments).toHaveLength(3);
    const dev = TransitGatewayAttachments!.find(
      a => a.ResourceOwnerId === spoke('dev').account,
    );
    expect(dev).toMatchObject({
      State: 'available',
      ResourceType: 'vpc',
      TransitGatewayOwnerId: HUB,
      Association: {
        TransitGatewayRouteTableId: NON_PROD,
        State: 'associated',
      },
    });
    const prodTable = await ec2.send(
      new DescribeTransitGatewayAttachmentsCommand({
        Filters: [
          {
            Name: 'association.transit-gateway-route-table-id',
            Values: [PROD],
          },
        ],
      }),
    );
    expect(
      prodTable.TransitGatewayAttachments!.map(a => a.ResourceOwnerId),
    ).toEqual([spoke('prod').account]);
  });

  it('shows a spoke only its own attachment', async () => {
    const { TransitGatewayAttachments } = await spokeClients(
      aws,
      'staging',
    ).ec2.send(new DescribeTransitGatewayAttachmentsCommand({}));
    expect(TransitGatewayAttachments!.map(a => a.ResourceOwnerId)).toEqual([
      spoke('staging').account,
    ]);
  });

  it('pages attachments with NextToken', async () => {
    for (let i = 0; i < 4; i++) {
      aws.control.create({
        kind: 'tgw-attachment',
        account: HUB,
        region: registry.hub.region,
        resource: {
          TransitGatewayAttachmentId: `tgw-attach-0000000000000000${i}`,
          TransitGatewayId: TGW,
          TransitGatewayOwnerId: HUB,
          ResourceOwnerId: HUB,
          ResourceType: 'vpn',
          ResourceId: `vpn-0000000${i}`,
          State: 'available',
          CreationTime: '2026-02-01T00:00:00Z',
          Tags: [],
        },
      });
    }
    const first = await ec2.send(
      new DescribeTransitGatewayAttachmentsCommand({ MaxResults: 5 }),
    );
    expect(first.TransitGatewayAttachments).toHaveLength(5);
    expect(first.NextToken).toBeTruthy();
    const ids: string[] = [];
    for await (const page of paginateDescribeTransitGatewayAttachments(
      { client: ec2, pageSize: 5 },
      {},
    )) {
      ids.push(
        ...page.TransitGatewayAttachments!.map(
          a => a.TransitGatewayAttachmentId!,
        ),
      );
    }
    expect(ids).toHaveLength(8);
    expect(new Set(ids).size).toBe(8);
    await expect(
      ec2.send(
        new DescribeTransitGatewayAttachmentsCommand({ NextToken: 'nope' }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidPaginationToken' });
  });

  it('describes VPC attachments with their VPC, subnets and options', async () => {
    const { TransitGatewayVpcAttachments } = await ec2.send(
      new DescribeTransitGatewayVpcAttachmentsCommand({
        Filters: [{ Name: 'state', Values: ['available'] }],
      }),
    );
    expect(TransitGatewayVpcAttachments).toHaveLength(4);
    const prod = TransitGatewayVpcAttachments!.find(
      a => a.VpcOwnerId === spoke('prod').account,
    )!;
    expect(prod.VpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(prod.SubnetIds).toHaveLength(3);
    expect(prod.Options).toMatchObject({ DnsSupport: 'enable' });
    const byVpc = await ec2.send(
      new DescribeTransitGatewayVpcAttachmentsCommand({
        Filters: [{ Name: 'vpc-id', Values: [prod.VpcId!] }],
      }),
    );
    expect(byVpc.TransitGatewayVpcAttachments).toHaveLength(1);
    await expect(
      ec2.send(
        new DescribeTransitGatewayVpcAttachmentsCommand({
          TransitGatewayAttachmentIds: ['tgw-attach-11111111111111111'],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidTransitGatewayAttachmentID.NotFound',
    });
  });

  it('describes one route table per environment class and the hub table', async () => {
    const { TransitGatewayRouteTables } = await ec2.send(
      new DescribeTransitGatewayRouteTablesCommand({
        Filters: [{ Name: 'transit-gateway-id', Values: [TGW] }],
      }),
    );
    expect(
      TransitGatewayRouteTables!.map(t => [
        t.Tags!.find(tag => tag.Key === 'Name')?.Value,
        t.State,
      ]),
    ).toEqual([
      ['platform-non-prod', 'available'],
      ['platform-prod', 'available'],
      ['platform-hub', 'available'],
    ]);
    const byClass = await ec2.send(
      new DescribeTransitGatewayRouteTablesCommand({
        Filters: [
          { Name: 'tag:platform.io/environment-class', Values: ['prod'] },
        ],
      }),
    );
    expect(
      byClass.TransitGatewayRouteTables!.map(t => t.TransitGatewayRouteTableId),
    ).toEqual([PROD]);
    const byId = await ec2.send(
      new DescribeTransitGatewayRouteTablesCommand({
        TransitGatewayRouteTableIds: [NON_PROD],
      }),
    );
    expect(byId.TransitGatewayRouteTables).toHaveLength(1);
  });

  it('keeps the route tables private to the hub account', async () => {
    const { TransitGatewayRouteTables } = await spokeClients(
      aws,
      'dev',
    ).ec2.send(new DescribeTransitGatewayRouteTablesCommand({}));
    expect(TransitGatewayRouteTables).toEqual([]);
    await expect(
      spokeClients(aws, 'dev').ec2.send(
        new SearchTransitGatewayRoutesCommand({
          TransitGatewayRouteTableId: NON_PROD,
          Filters: [{ Name: 'state', Values: ['active'] }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidRouteTableID.NotFound' });
  });

  it('lists the associations of a route table', async () => {
    const { Associations } = await ec2.send(
      new GetTransitGatewayRouteTableAssociationsCommand({
        TransitGatewayRouteTableId: NON_PROD,
      }),
    );
    expect(Associations).toHaveLength(2);
    expect(Associations!.every(a => a.State === 'associated')).toBe(true);
    const one = await ec2.send(
      new GetTransitGatewayRouteTableAssociationsCommand({
        TransitGatewayRouteTableId: NON_PROD,
        Filters: [
          {
            Name: 'transit-gateway-attachment-id',
            Values: [Associations![0].TransitGatewayAttachmentId!],
          },
        ],
      }),
    );
    expect(one.Associations).toHaveLength(1);
  });

  it('finds the static route to each spoke CIDR', async () => {
    const dev = spoke('dev');
    const exact = await ec2.send(
      new SearchTransitGatewayRoutesCommand({
        TransitGatewayRouteTableId: NON_PROD,
        Filters: [
          { Name: 'route-search.exact-match', Values: [dev.network.cidr] },
        ],
      }),
    );
    expect(exact.Routes).toEqual([
      {
        DestinationCidrBlock: dev.network.cidr,
        Type: 'static',
        State: 'active',
        TransitGatewayAttachments: [
          expect.objectContaining({ ResourceType: 'vpc' }),
        ],
      },
    ]);
    expect(exact.AdditionalRoutesAvailable).toBe(false);

    const longest = await ec2.send(
      new SearchTransitGatewayRoutesCommand({
        TransitGatewayRouteTableId: NON_PROD,
        Filters: [
          {
            Name: 'route-search.longest-prefix-match',
            Values: ['10.1.2.3/32'],
          },
        ],
      }),
    );
    expect(longest.Routes!.map(r => r.DestinationCidrBlock)).toEqual([
      dev.network.cidr,
    ]);

    const statics = await ec2.send(
      new SearchTransitGatewayRoutesCommand({
        TransitGatewayRouteTableId: NON_PROD,
        Filters: [
          { Name: 'type', Values: ['static'] },
          { Name: 'route-search.subnet-of-match', Values: ['10.0.0.0/8'] },
        ],
      }),
    );
    expect(statics.Routes!.map(r => r.DestinationCidrBlock).sort()).toEqual(
      [spoke('dev').network.cidr, spoke('staging').network.cidr].sort(),
    );
  });

  it('limits route searches with MaxResults and says more are available', async () => {
    // hub CIDR (propagated) + dev + staging: three routes in the non-prod table.
    aws.control.create({
      kind: 'tgw-route',
      account: HUB,
      region: registry.hub.region,
      parent: NON_PROD,
      resource: {
        DestinationCidrBlock: '192.168.0.0/16',
        Type: 'static',
        State: 'blackhole',
      },
    });
    for (const cidr of ['172.16.0.0/16', '172.17.0.0/16']) {
      aws.control.create({
        kind: 'tgw-route',
        account: HUB,
        region: registry.hub.region,
        parent: NON_PROD,
        resource: {
          DestinationCidrBlock: cidr,
          Type: 'static',
          State: 'active',
        },
      });
    }
    const out = await ec2.send(
      new SearchTransitGatewayRoutesCommand({
        TransitGatewayRouteTableId: NON_PROD,
        Filters: [{ Name: 'type', Values: ['static', 'propagated'] }],
        MaxResults: 5,
      }),
    );
    expect(out.Routes).toHaveLength(5);
    expect(out.AdditionalRoutesAvailable).toBe(true);
    const rest = await ec2.send(
      new SearchTransitGatewayRoutesCommand({
        TransitGatewayRouteTableId: NON_PROD,
        Filters: [{ Name: 'type', Values: ['static', 'propagated'] }],
        MaxResults: 5,
        NextToken: out.NextToken,
      }),
    );
    expect(rest.Routes).toHaveLength(1);
    expect(rest.AdditionalRoutesAvailable).toBe(false);
    expect(rest.NextToken).toBeUndefined();
  });

  it('answers without a page token when the table is set to, as the API long did', async () => {
    aws.control.update(
      { kind: 'tgw-route-table', id: NON_PROD },
      { SearchWithoutNextToken: true },
    );
    for (const cidr of ['172.16.0.0/16', '172.17.0.0/16', '172.18.0.0/16']) {
      aws.control.create({
        kind: 'tgw-route',
        account: HUB,
        region: registry.hub.region,
        parent: NON_PROD,
        resource: {
          DestinationCidrBlock: cidr,
          Type: 'static',
          State: 'active',
        },
      });
    }
    const out = await ec2.send(
      new SearchTransitGatewayRoutesCommand({
        TransitGatewayRouteTableId: NON_PROD,
        Filters: [{ Name: 'type', Values: ['static', 'propagated'] }],
        MaxResults: 5,
      }),
    );
    expect(out.Routes).toHaveLength(5);
    expect(out.AdditionalRoutesAvailable).toBe(true);
    expect(out.NextToken).toBeUndefined();
    const narrowed = await ec2.send(
      new SearchTransitGatewayRoutesCommand({
        TransitGatewayRouteTableId: NON_PROD,
        Filters: [
          { Name: 'type', Values: ['static', 'propagated'] },
          { Name: 'route-search.subnet-of-match', Values: ['172.16.0.0/12'] },
        ],
        MaxResults: 5,
      }),
    );
    expect(narrowed.Routes).toHaveLength(3);
    expect(narrowed.AdditionalRoutesAvailable).toBe(false);
    const { TransitGatewayRouteTables } = await ec2.send(
      new DescribeTransitGatewayRouteTablesCommand({
        TransitGatewayRouteTableIds: [NON_PROD],
      }),
    );
    expect(TransitGatewayRouteTables![0]).not.toHaveProperty(
      'SearchWithoutNextToken',
    );
  });

  it('routes the hub table to each spoke with a static route, as the infra writes it', async () => {
    const hubTable = aws.control
      .snapshot()
      .regions[`${HUB}/${registry.hub.region}`].ec2.routeTables.find(t =>
        t.Tags.some(tag => tag.Value === 'platform-hub'),
      )!;
    const { Routes } = await ec2.send(
      new SearchTransitGatewayRoutesCommand({
        TransitGatewayRouteTableId: hubTable.TransitGatewayRouteTableId,
        Filters: [{ Name: 'type', Values: ['static', 'propagated'] }],
      }),
    );
    expect(Routes!.map(r => [r.DestinationCidrBlock, r.Type]).sort()).toEqual(
      registry.spokes.map(s => [s.network.cidr, 'static']).sort(),
    );
  });

  it('requires filters for SearchTransitGatewayRoutes', async () => {
    await expect(
      ec2.send(
        new SearchTransitGatewayRoutesCommand({
          TransitGatewayRouteTableId: NON_PROD,
          Filters: [],
        }),
      ),
    ).rejects.toMatchObject({ name: 'MissingParameter' });
  });
});

describe('ec2 network interfaces', () => {
  let aws: AwsLocal;
  beforeAll(async () => {
    aws = await startLocal();
  });
  afterAll(() => aws.stop());

  it('lists the interfaces of a VPC added through the control API, filtered as EC2 does', async () => {
    const dev = spoke('dev');
    const eni = (id: string, over: Record<string, unknown>) =>
      aws.control.create({
        kind: 'network-interface',
        account: dev.account,
        region: dev.region,
        resource: {
          NetworkInterfaceId: id,
          VpcId: 'vpc-0dev',
          SubnetId: 'subnet-0dev',
          Status: 'in-use',
          InterfaceType: 'interface',
          ...over,
        },
      });
    eni('eni-0a1', {
      Description: 'ELB app/k8s-shop-web/50dc6c495c0c9188',
      RequesterId: 'amazon-elb',
      RequesterManaged: true,
      TagSet: [{ Key: 'elbv2.k8s.aws/cluster', Value: 'dev' }],
    });
    eni('eni-0a2', {
      Description: 'aws-K8S-i-0123456789abcdef0',
      Status: 'available',
    });
    eni('eni-0a3', { VpcId: 'vpc-0other', Description: 'elsewhere' });
    const ec2 = spokeClients(aws, 'dev').ec2;
    const { NetworkInterfaces } = await ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [{ Name: 'vpc-id', Values: ['vpc-0dev'] }],
      }),
    );
    expect(NetworkInterfaces).toEqual([
      expect.objectContaining({
        NetworkInterfaceId: 'eni-0a1',
        Description: 'ELB app/k8s-shop-web/50dc6c495c0c9188',
        RequesterId: 'amazon-elb',
        RequesterManaged: true,
        TagSet: [{ Key: 'elbv2.k8s.aws/cluster', Value: 'dev' }],
      }),
      expect.objectContaining({
        NetworkInterfaceId: 'eni-0a2',
        Status: 'available',
      }),
    ]);
    const available = await ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [
          { Name: 'vpc-id', Values: ['vpc-0dev'] },
          { Name: 'description', Values: ['aws-K8S-*'] },
          { Name: 'status', Values: ['available'] },
        ],
      }),
    );
    expect(available.NetworkInterfaces!.map(n => n.NetworkInterfaceId)).toEqual(
      ['eni-0a2'],
    );
    const other = await spokeClients(aws, 'prod').ec2.send(
      new DescribeNetworkInterfacesCommand({}),
    );
    expect(other.NetworkInterfaces).toEqual([]);
  });
});
