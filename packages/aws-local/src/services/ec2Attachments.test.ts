import {
  AcceptTransitGatewayVpcAttachmentCommand,
  AssociateTransitGatewayRouteTableCommand,
  CreateTransitGatewayRouteCommand,
  CreateTransitGatewayVpcAttachmentCommand,
  DeleteTransitGatewayRouteCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { AwsLocal } from '../server';
import {
  clients,
  registry,
  spoke,
  spokeClients,
  startLocal,
} from '../__testUtils__';

const TGW = registry.hub.deployed!.transitGatewayId;
const NON_PROD = registry.hub.deployed!.routeTableIds['non-prod'];

describe('ec2 VPCs and the attachment handshake', () => {
  let aws: AwsLocal;
  beforeAll(async () => {
    aws = await startLocal();
  });
  afterEach(() => aws.control.reset());
  afterAll(() => aws.stop());

  const devVpcId = async () =>
    (await spokeClients(aws, 'dev').ec2.send(new DescribeVpcsCommand({})))
      .Vpcs![0].VpcId!;

  /** Detaches dev's seeded attachment so dev can attach again. */
  function detachDev() {
    const seeded = Object.values(aws.control.snapshot().regions)
      .flatMap(r => r.ec2.attachments)
      .find(a => a.ResourceOwnerId === spoke('dev').account)!;
    aws.control.remove({
      kind: 'tgw-attachment',
      id: seeded.TransitGatewayAttachmentId,
    });
  }

  it("describes each account's own VPCs with the registry's CIDR", async () => {
    const { Vpcs } = await spokeClients(aws, 'dev').ec2.send(
      new DescribeVpcsCommand({
        Filters: [{ Name: 'cidr-block', Values: ['10.1.0.0/16'] }],
      }),
    );
    expect(Vpcs).toHaveLength(1);
    expect(Vpcs![0]).toMatchObject({
      OwnerId: spoke('dev').account,
      CidrBlock: '10.1.0.0/16',
      State: 'available',
      Tags: [{ Key: 'Name', Value: 'dev-vpc' }],
    });
    await expect(
      clients(aws).ec2.send(
        new DescribeVpcsCommand({ VpcIds: [Vpcs![0].VpcId!] }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidVpcID.NotFound' });
  });

  it('creates a cross-account attachment pending acceptance, which only the gateway owner accepts once', async () => {
    detachDev();
    const dev = spokeClients(aws, 'dev').ec2;
    const { TransitGatewayVpcAttachment: created } = await dev.send(
      new CreateTransitGatewayVpcAttachmentCommand({
        TransitGatewayId: TGW,
        VpcId: await devVpcId(),
        SubnetIds: ['subnet-1', 'subnet-2'],
        TagSpecifications: [
          {
            ResourceType: 'transit-gateway-attachment',
            Tags: [{ Key: 'Name', Value: 'dev' }],
          },
        ],
      }),
    );
    expect(created).toMatchObject({
      State: 'pendingAcceptance',
      VpcOwnerId: spoke('dev').account,
      SubnetIds: ['subnet-1', 'subnet-2'],
      Tags: [{ Key: 'Name', Value: 'dev' }],
    });
    const id = created!.TransitGatewayAttachmentId!;
    await expect(
      dev.send(
        new AcceptTransitGatewayVpcAttachmentCommand({
          TransitGatewayAttachmentId: id,
        }),
      ),
    ).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
    const hub = clients(aws).ec2;
    await expect(
      hub.send(
        new AssociateTransitGatewayRouteTableCommand({
          TransitGatewayAttachmentId: id,
          TransitGatewayRouteTableId: NON_PROD,
        }),
      ),
    ).rejects.toMatchObject({ name: 'IncorrectState' });
    const { TransitGatewayVpcAttachment: accepted } = await hub.send(
      new AcceptTransitGatewayVpcAttachmentCommand({
        TransitGatewayAttachmentId: id,
      }),
    );
    expect(accepted!.State).toBe('available');
    await expect(
      hub.send(
        new AcceptTransitGatewayVpcAttachmentCommand({
          TransitGatewayAttachmentId: id,
        }),
      ),
    ).rejects.toMatchObject({ name: 'IncorrectState' });
  });

  it('refuses a second attachment of the same VPC and a VPC of another account', async () => {
    const dev = spokeClients(aws, 'dev').ec2;
    await expect(
      dev.send(
        new CreateTransitGatewayVpcAttachmentCommand({
          TransitGatewayId: TGW,
          VpcId: await devVpcId(),
          SubnetIds: ['subnet-1'],
        }),
      ),
    ).rejects.toMatchObject({ name: 'DuplicateTransitGatewayAttachment' });
    await expect(
      spokeClients(aws, 'staging').ec2.send(
        new CreateTransitGatewayVpcAttachmentCommand({
          TransitGatewayId: TGW,
          VpcId: await devVpcId(),
          SubnetIds: ['subnet-1'],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidVpcID.NotFound' });
  });

  it('refuses a second association and a duplicate route, and deletes static routes', async () => {
    const hub = clients(aws).ec2;
    const seeded = Object.values(aws.control.snapshot().regions)
      .flatMap(r => r.ec2.attachments)
      .find(a => a.ResourceOwnerId === spoke('dev').account)!;
    await expect(
      hub.send(
        new AssociateTransitGatewayRouteTableCommand({
          TransitGatewayAttachmentId: seeded.TransitGatewayAttachmentId,
          TransitGatewayRouteTableId: NON_PROD,
        }),
      ),
    ).rejects.toMatchObject({ name: 'Resource.AlreadyAssociated' });
    await expect(
      hub.send(
        new CreateTransitGatewayRouteCommand({
          TransitGatewayRouteTableId: NON_PROD,
          DestinationCidrBlock: '10.1.0.0/16',
          TransitGatewayAttachmentId: seeded.TransitGatewayAttachmentId,
        }),
      ),
    ).rejects.toMatchObject({ name: 'RouteAlreadyExists' });
    const { Route } = await hub.send(
      new DeleteTransitGatewayRouteCommand({
        TransitGatewayRouteTableId: NON_PROD,
        DestinationCidrBlock: '10.1.0.0/16',
      }),
    );
    expect(Route).toMatchObject({ State: 'deleted', Type: 'static' });
    await expect(
      hub.send(
        new DeleteTransitGatewayRouteCommand({
          TransitGatewayRouteTableId: NON_PROD,
          DestinationCidrBlock: '10.1.0.0/16',
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidRoute.NotFound' });
  });
});
