import {
  CreateTransitGatewayVpcAttachmentCommand,
  DescribeTransitGatewayAttachmentsCommand,
  EC2Client,
  SearchTransitGatewayRoutesCommand,
} from '@aws-sdk/client-ec2';
import { AwsLocal, start } from '@internal/aws-local';
import { fixtures } from '@internal/plugin-platform-common';
import { applyHandshake, observeHandshake } from './ec2';
import { HandshakeSpoke, planHandshake, wiredAttachment } from './plan';

const registry = fixtures.registry();
const HUB = registry.hub.account;
const REGION = registry.hub.region;
const TGW = registry.hub.deployed!.transitGatewayId;
const NON_PROD = registry.hub.deployed!.routeTableIds['non-prod'];
const QA: HandshakeSpoke = {
  name: 'qa',
  account: '555566667777',
  environmentClass: 'non-prod',
  cidr: '10.4.0.0/16',
};
const ROGUE_ACCOUNT = '999988887777';

const registered: HandshakeSpoke[] = [
  ...registry.spokes.map(s => ({
    name: s.name,
    account: s.account,
    environmentClass: s.environmentClass,
    cidr: s.network.cidr,
  })),
  QA,
];

// Real HTTP round trips through the SDK; generous on a shared, busy machine.
jest.setTimeout(30_000);

describe('the Transit Gateway handshake against the local AWS endpoint', () => {
  let aws: AwsLocal;
  const ec2 = (account: string) =>
    new EC2Client({
      endpoint: aws.url,
      region: REGION,
      maxAttempts: 1,
      credentials: { accessKeyId: account, secretAccessKey: 'x' },
    });

  /** A VPC in `account` with `cidr`, the gateway shared with it, and its attachment. */
  async function attachFrom(account: string, cidr: string, vpcId: string) {
    aws.control.create({
      kind: 'vpc',
      account,
      region: REGION,
      resource: {
        VpcId: vpcId,
        OwnerId: account,
        CidrBlock: cidr,
        State: 'available',
        IsDefault: false,
        CidrBlockAssociationSet: [],
        Tags: [],
      },
    });
    const tgw = Object.values(aws.control.snapshot().regions)
      .flatMap(r => r.ec2.transitGateways)
      .find(t => t.TransitGatewayId === TGW)!;
    aws.control.update(
      { kind: 'transit-gateway', id: TGW },
      { SharedWith: [...(tgw.SharedWith ?? []), account] },
    );
    const { TransitGatewayVpcAttachment } = await ec2(account).send(
      new CreateTransitGatewayVpcAttachmentCommand({
        TransitGatewayId: TGW,
        VpcId: vpcId,
        SubnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'],
      }),
    );
    return TransitGatewayVpcAttachment!;
  }

  const observe = () =>
    observeHandshake({
      hub: ec2(HUB),
      hubAccount: HUB,
      spokeEc2: ec2,
      spokes: registered,
    });

  const stateOf = async (id: string) =>
    (
      await ec2(HUB).send(
        new DescribeTransitGatewayAttachmentsCommand({
          TransitGatewayAttachmentIds: [id],
        }),
      )
    ).TransitGatewayAttachments![0];

  const routesTo = async (table: string, cidr: string) =>
    (
      await ec2(HUB).send(
        new SearchTransitGatewayRoutesCommand({
          TransitGatewayRouteTableId: table,
          Filters: [{ Name: 'route-search.exact-match', Values: [cidr] }],
        }),
      )
    ).Routes!;

  beforeAll(async () => {
    aws = await start({ registry });
  });
  afterEach(() => aws.control.reset());
  afterAll(() => aws.stop());

  it("accepts a registered spoke's pending attachment, associates it with its class table and routes its CIDR", async () => {
    const attachment = await attachFrom(
      QA.account,
      QA.cidr,
      'vpc-0aaaaaaaaaaaaaaa1',
    );
    expect(attachment.State).toBe('pendingAcceptance');

    const plan = planHandshake(await observe());
    expect(plan.leftAlone).toEqual([]);
    expect(plan.actions.map(a => a.kind)).toEqual([
      'accept',
      'associate',
      'route',
      'route',
    ]);
    const applied = await applyHandshake(ec2(HUB), plan, {
      delay: async () => {},
    });
    expect(applied.map(a => a.outcome)).toEqual([
      'done',
      'done',
      'done',
      'done',
    ]);

    const after = await stateOf(attachment.TransitGatewayAttachmentId!);
    expect(after.State).toBe('available');
    expect(after.Association).toMatchObject({
      TransitGatewayRouteTableId: NON_PROD,
      State: 'associated',
    });
    const hubTable = (await observe()).routeTables.hub;
    for (const table of [NON_PROD, hubTable]) {
      const routes = await routesTo(table, QA.cidr);
      expect(routes).toHaveLength(1);
      expect(routes[0]).toMatchObject({
        Type: 'static',
        State: 'active',
        TransitGatewayAttachments: [
          { TransitGatewayAttachmentId: attachment.TransitGatewayAttachmentId },
        ],
      });
    }
    // Never into the prod table: prod and non-prod do not reach each other.
    const prod = registry.hub.deployed!.routeTableIds.prod;
    expect(await routesTo(prod, QA.cidr)).toEqual([]);

    // Running again changes nothing.
    expect(planHandshake(await observe()).actions).toEqual([]);
    // What the pipeline then records in the spoke file (spoke-deployed).
    expect(wiredAttachment(await observe(), QA.name)).toEqual({
      attachment: expect.objectContaining({
        attachmentId: attachment.TransitGatewayAttachmentId,
        vpcId: 'vpc-0aaaaaaaaaaaaaaa1',
      }),
    });
  });

  it('leaves an attachment from an unregistered account pending and reports it', async () => {
    const rogue = await attachFrom(
      ROGUE_ACCOUNT,
      '10.9.0.0/16',
      'vpc-0bbbbbbbbbbbbbbb1',
    );
    const plan = planHandshake(await observe());
    expect(plan.actions).toEqual([]);
    expect(plan.leftAlone).toEqual([
      {
        attachmentId: rogue.TransitGatewayAttachmentId,
        vpcOwnerId: ROGUE_ACCOUNT,
        reason: `account ${ROGUE_ACCOUNT} is not a registered spoke`,
      },
    ]);
    await applyHandshake(ec2(HUB), plan);
    expect((await stateOf(rogue.TransitGatewayAttachmentId!)).State).toBe(
      'pendingAcceptance',
    );
  });

  it('leaves a registered account whose VPC has a CIDR the registry does not hold pending and reports it', async () => {
    const wrong = await attachFrom(
      QA.account,
      '10.40.0.0/16',
      'vpc-0ccccccccccccccc1',
    );
    const plan = planHandshake(await observe());
    expect(plan.actions).toEqual([]);
    expect(plan.leftAlone).toEqual([
      expect.objectContaining({
        attachmentId: wrong.TransitGatewayAttachmentId,
        reason:
          'vpc-0ccccccccccccccc1 in qa has CIDR 10.40.0.0/16, the registry says 10.4.0.0/16',
      }),
    ]);
    await applyHandshake(ec2(HUB), plan);
    const after = await stateOf(wrong.TransitGatewayAttachmentId!);
    expect(after.State).toBe('pendingAcceptance');
    expect(after.Association).toBeUndefined();
    expect(await routesTo(NON_PROD, '10.40.0.0/16')).toEqual([]);
  });

  it('reports a spoke whose account cannot be read instead of accepting blindly', async () => {
    const attachment = await attachFrom(
      QA.account,
      QA.cidr,
      'vpc-0ddddddddddddddd1',
    );
    aws.control.addFault({
      service: 'ec2',
      operation: 'DescribeVpcs',
      account: QA.account,
      error: 'AccessDenied',
    });
    const plan = planHandshake(await observe());
    expect(plan.actions).toEqual([]);
    expect(plan.leftAlone).toEqual([
      expect.objectContaining({
        attachmentId: attachment.TransitGatewayAttachmentId,
        reason: expect.stringMatching(
          /^the CIDR of vpc-0ddddddddddddddd1 in qa could not be read: UnauthorizedOperation/,
        ),
      }),
    ]);
  });

  it("releases a removed spoke's routes from the hub and class tables", async () => {
    const dev = registered.find(s => s.name === 'dev')!;
    const input = await observeHandshake({
      hub: ec2(HUB),
      hubAccount: HUB,
      spokeEc2: ec2,
      spokes: registered.filter(s => s.name !== 'dev'),
      release: [dev],
    });
    const plan = planHandshake(input);
    const deletes = plan.actions.filter(a => a.kind === 'delete-route');
    // The seed routes dev statically in the hub table and in its class table, as the
    // handshake itself writes them.
    expect(deletes).toEqual([
      {
        kind: 'delete-route',
        spoke: 'dev',
        routeTableId: input.routeTables.hub,
        cidr: dev.cidr,
      },
      {
        kind: 'delete-route',
        spoke: 'dev',
        routeTableId: NON_PROD,
        cidr: dev.cidr,
      },
    ]);
    await applyHandshake(ec2(HUB), plan);
    expect(await routesTo(NON_PROD, dev.cidr)).toEqual([]);
    expect(await routesTo(input.routeTables.hub, dev.cidr)).toEqual([]);
  });
});
