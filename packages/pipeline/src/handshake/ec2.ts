import {
  AcceptTransitGatewayVpcAttachmentCommand,
  AssociateTransitGatewayRouteTableCommand,
  CreateTransitGatewayRouteCommand,
  DeleteTransitGatewayRouteCommand,
  DescribeTransitGatewayAttachmentsCommand,
  DescribeTransitGatewayRouteTablesCommand,
  DescribeTransitGatewaysCommand,
  DescribeVpcsCommand,
  EC2Client,
  paginateDescribeTransitGatewayAttachments,
  SearchTransitGatewayRoutesCommand,
} from '@aws-sdk/client-ec2';
import {
  EnvironmentClass,
  HandshakeAction,
  HandshakeInput,
  HandshakePlan,
  HandshakeSpoke,
  ObservedAttachment,
  ObservedRoute,
} from './plan';

/** Name tags the hub stack gives its gateway and route tables (`infra/lib/constructs/transit-gateway.ts`). */
export const HUB_TAGS = {
  transitGateway: 'platform-hub',
  hubRouteTable: 'platform-hub',
  classRouteTable: (cls: EnvironmentClass) => `platform-${cls}`,
} as const;

/** Options for {@link observeHandshake}. */
export interface ObserveOptions {
  /** EC2 in the hub account and region. */
  readonly hub: EC2Client;
  readonly hubAccount: string;
  /** EC2 in a spoke account (through that account's network reader role). */
  readonly spokeEc2: (account: string) => EC2Client;
  readonly spokes: readonly HandshakeSpoke[];
  readonly release?: readonly HandshakeSpoke[];
}

const errorText = (e: unknown) =>
  `${(e as Error).name ?? 'Error'}: ${(e as Error).message}`;

/**
 * Reads what the handshake decides from: the hub's gateway and route tables (by
 * their Name tags), every VPC attachment on the gateway with its association,
 * the routes of each table, and the primary CIDR of each registered spoke's
 * attached VPC, read in the spoke account. A spoke account that cannot be read
 * only affects that spoke's attachment.
 */
export async function observeHandshake(
  options: ObserveOptions,
): Promise<HandshakeInput> {
  const { hub } = options;
  const { TransitGateways = [] } = await hub.send(
    new DescribeTransitGatewaysCommand({
      Filters: [
        { Name: 'owner-id', Values: [options.hubAccount] },
        { Name: 'tag:Name', Values: [HUB_TAGS.transitGateway] },
      ],
    }),
  );
  const live = TransitGateways.filter(t => t.State === 'available');
  if (live.length !== 1) {
    throw new Error(
      `expected one available transit gateway tagged Name=${HUB_TAGS.transitGateway} in ${options.hubAccount}, found ${live.length}`,
    );
  }
  const tgwId = live[0].TransitGatewayId!;

  const { TransitGatewayRouteTables = [] } = await hub.send(
    new DescribeTransitGatewayRouteTablesCommand({
      Filters: [{ Name: 'transit-gateway-id', Values: [tgwId] }],
    }),
  );
  const tableNamed = (name: string) => {
    const found = TransitGatewayRouteTables.filter(t =>
      t.Tags?.some(tag => tag.Key === 'Name' && tag.Value === name),
    );
    if (found.length !== 1) {
      throw new Error(
        `expected one route table tagged Name=${name} on ${tgwId}, found ${found.length}`,
      );
    }
    return found[0].TransitGatewayRouteTableId!;
  };
  const routeTables = {
    hub: tableNamed(HUB_TAGS.hubRouteTable),
    classes: {
      'non-prod': tableNamed(HUB_TAGS.classRouteTable('non-prod')),
      prod: tableNamed(HUB_TAGS.classRouteTable('prod')),
    },
  };

  const attachments: ObservedAttachment[] = [];
  for await (const page of paginateDescribeTransitGatewayAttachments(
    { client: hub },
    {
      Filters: [
        { Name: 'transit-gateway-id', Values: [tgwId] },
        { Name: 'resource-type', Values: ['vpc'] },
      ],
    },
  )) {
    for (const a of page.TransitGatewayAttachments ?? []) {
      attachments.push({
        attachmentId: a.TransitGatewayAttachmentId!,
        vpcId: a.ResourceId!,
        vpcOwnerId: a.ResourceOwnerId!,
        state: a.State!,
        associatedRouteTableId:
          a.Association?.State === 'associated' ||
          a.Association?.State === 'associating'
            ? a.Association.TransitGatewayRouteTableId
            : undefined,
      });
    }
  }

  const routes: Record<string, ObservedRoute[]> = {};
  for (const table of [
    routeTables.hub,
    ...Object.values(routeTables.classes),
  ]) {
    const { Routes = [] } = await hub.send(
      new SearchTransitGatewayRoutesCommand({
        TransitGatewayRouteTableId: table,
        Filters: [{ Name: 'state', Values: ['active', 'blackhole'] }],
        MaxResults: 1000,
      }),
    );
    routes[table] = Routes.map(r => ({
      cidr: r.DestinationCidrBlock!,
      attachmentId:
        r.TransitGatewayAttachments?.[0]?.TransitGatewayAttachmentId,
      type: r.Type!,
      state: r.State!,
    }));
  }

  const registered = new Set(options.spokes.map(s => s.account));
  const vpcCidrs: HandshakeInput['vpcCidrs'] = {};
  await Promise.all(
    attachments
      .filter(a => registered.has(a.vpcOwnerId))
      .map(async a => {
        try {
          const { Vpcs = [] } = await options
            .spokeEc2(a.vpcOwnerId)
            .send(new DescribeVpcsCommand({ VpcIds: [a.vpcId] }));
          vpcCidrs[a.attachmentId] = Vpcs[0]?.CidrBlock
            ? { cidr: Vpcs[0].CidrBlock }
            : { error: `${a.vpcId} not found` };
        } catch (e) {
          vpcCidrs[a.attachmentId] = { error: errorText(e) };
        }
      }),
  );
  return {
    spokes: options.spokes,
    attachments,
    routeTables,
    routes,
    vpcCidrs,
    release: options.release,
  };
}

/** What happened to one action. */
export interface AppliedAction {
  readonly action: HandshakeAction;
  readonly outcome: 'done' | 'failed' | 'skipped';
  readonly error?: string;
}

/** Options for {@link applyHandshake}. */
export interface ApplyOptions {
  /** Waits between polls for an accepted attachment to become available. @default 5 s */
  readonly delay?: (attempt: number) => Promise<void>;
  /** @default 60 (5 minutes at 5 s) */
  readonly maxPolls?: number;
}

async function waitAvailable(
  hub: EC2Client,
  attachmentId: string,
  options: ApplyOptions,
): Promise<void> {
  const delay =
    options.delay ?? (() => new Promise<void>(r => setTimeout(r, 5000)));
  for (let attempt = 0; ; attempt++) {
    const { TransitGatewayAttachments = [] } = await hub.send(
      new DescribeTransitGatewayAttachmentsCommand({
        TransitGatewayAttachmentIds: [attachmentId],
      }),
    );
    const state = TransitGatewayAttachments[0]?.State;
    if (state === 'available') return;
    if (state !== 'pending' && state !== 'pendingAcceptance') {
      throw new Error(`${attachmentId} went to ${state} after acceptance`);
    }
    if (attempt + 1 >= (options.maxPolls ?? 60)) {
      throw new Error(
        `${attachmentId} still ${state} after ${attempt + 1} polls`,
      );
    }
    await delay(attempt);
  }
}

/**
 * Applies a handshake plan in order. A failed action skips the later actions of
 * the same spoke only; the other spokes go on.
 */
export async function applyHandshake(
  hub: EC2Client,
  plan: HandshakePlan,
  options: ApplyOptions = {},
): Promise<AppliedAction[]> {
  const failedSpokes = new Set<string>();
  const results: AppliedAction[] = [];
  for (const action of plan.actions) {
    if (failedSpokes.has(action.spoke)) {
      results.push({ action, outcome: 'skipped' });
      continue;
    }
    try {
      switch (action.kind) {
        case 'accept':
          await hub.send(
            new AcceptTransitGatewayVpcAttachmentCommand({
              TransitGatewayAttachmentId: action.attachmentId,
            }),
          );
          await waitAvailable(hub, action.attachmentId, options);
          break;
        case 'associate':
          await hub.send(
            new AssociateTransitGatewayRouteTableCommand({
              TransitGatewayAttachmentId: action.attachmentId,
              TransitGatewayRouteTableId: action.routeTableId,
            }),
          );
          break;
        case 'route':
          await hub.send(
            new CreateTransitGatewayRouteCommand({
              TransitGatewayRouteTableId: action.routeTableId,
              DestinationCidrBlock: action.cidr,
              TransitGatewayAttachmentId: action.attachmentId,
            }),
          );
          break;
        default:
          await hub.send(
            new DeleteTransitGatewayRouteCommand({
              TransitGatewayRouteTableId: action.routeTableId,
              DestinationCidrBlock: action.cidr,
            }),
          );
      }
      results.push({ action, outcome: 'done' });
    } catch (e) {
      failedSpokes.add(action.spoke);
      results.push({ action, outcome: 'failed', error: errorText(e) });
    }
  }
  return results;
}
