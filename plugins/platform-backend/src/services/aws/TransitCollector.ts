import {
  DescribeTransitGatewayAttachmentsCommand,
  DescribeTransitGatewaysCommand,
  SearchTransitGatewayRoutesCommand,
  TransitGateway,
  TransitGatewayAttachment,
  TransitGatewayRoute,
} from '@aws-sdk/client-ec2';
import type { HubConfig } from '@internal/plugin-platform-common';
import {
  failed,
  Observed,
  observed,
  RouteTableRoutes,
  SpokeTarget,
  TgwObservations,
} from '../../lib/observations';
import { AccountClients, AwsCallScope } from './AwsAccess';
import {
  allPages,
  CollectRequest,
  HUB_UNKNOWN,
  mapObserved,
  named,
  resolveHub,
  ResolvedHub,
} from './collectHelpers';
import { skipped } from './describeAwsError';
import { readRouteTable } from './routeSearch';

/** The hub's transit gateway listings every spoke shares (one listing for all). */
interface HubTransit {
  gateway: Observed<TransitGateway | undefined>;
  attachments: Observed<TransitGatewayAttachment[]>;
  routesByTable: Map<string, Promise<Observed<TransitGatewayRoute[]>>>;
  /** The routes of the table associated with the hub VPC's attachment. */
  hubTable: Promise<Observed<RouteTableRoutes>>;
  hubClients: Observed<AccountClients>;
}

/**
 * Collects the Transit Gateway side of every spoke's health in the hub account:
 * the gateway, its VPC attachments and the route tables, each listed once however
 * many spokes read it. It is the only part of a collection that needs the EC2
 * client (the largest of the SDK's, about 55 MiB resident beside the others), so
 * it runs once per collection in the backend's thread, while collector threads
 * ask the spoke accounts ({@link AccountCollector}) without loading EC2.
 */
export class TransitCollector {
  constructor(private readonly aws: AwsCallScope) {}

  async collect(
    request: CollectRequest,
  ): Promise<Map<string, TgwObservations>> {
    const hub = resolveHub(request);
    const transit = await this.collectHub(hub, request);
    const results = await Promise.all(
      request.spokes.map(
        async spoke =>
          [
            spoke.name,
            await this.tgwFor(spoke, hub, request, transit),
          ] as const,
      ),
    );
    return new Map(results);
  }

  private async collectHub(
    hub: ResolvedHub,
    request: CollectRequest,
  ): Promise<HubTransit> {
    const routesByTable = new Map<
      string,
      Promise<Observed<TransitGatewayRoute[]>>
    >();
    if (!hub.accountId || !hub.region) {
      const f = skipped('ec2:DescribeTransitGateways', HUB_UNKNOWN);
      return {
        gateway: failed(f),
        attachments: failed(f),
        routesByTable,
        hubTable: Promise.resolve(failed(f)),
        hubClients: failed(f),
      };
    }
    const hubClients = await this.aws.clients(hub.accountId, hub.region);
    if (!hubClients.ok) {
      return {
        gateway: hubClients,
        attachments: hubClients,
        routesByTable,
        hubTable: Promise.resolve(hubClients),
        hubClients,
      };
    }
    const clients = hubClients.value;
    // Every class table is read whole: a spoke's own table must route to it, the
    // other class's must not (prod and non-prod never reach each other).
    if (request.registry.ok && request.registry.hub.deployed) {
      for (const table of new Set(
        Object.values(request.registry.hub.deployed.routeTableIds),
      )) {
        this.tableRoutes(clients, routesByTable, table);
      }
    }
    const id = hub.transitGatewayId;
    if (!id) {
      const f = skipped(
        'ec2:DescribeTransitGateways',
        "The hub transit gateway id is unknown: set hub.yaml deployed.transitGatewayId (the hub System's platform.io/transit-gateway-id)",
        hub,
      );
      return {
        gateway: failed(f),
        attachments: failed(f),
        routesByTable,
        hubTable: Promise.resolve(failed(f)),
        hubClients,
      };
    }
    const [gateway, attachments] = await Promise.all([
      this.aws
        .call(
          clients,
          'ec2:DescribeTransitGateways',
          abortSignal =>
            clients.ec2.send(
              new DescribeTransitGatewaysCommand({ TransitGatewayIds: [id] }),
              { abortSignal },
            ),
          {
            notFound: {
              matches: named('InvalidTransitGatewayID.NotFound'),
              value: { TransitGateways: [], $metadata: {} },
            },
          },
        )
        .then(o => mapObserved(o, r => r.TransitGateways?.[0])),
      allPages(
        token =>
          this.aws.call(
            clients,
            'ec2:DescribeTransitGatewayAttachments',
            abortSignal =>
              clients.ec2.send(
                new DescribeTransitGatewayAttachmentsCommand({
                  Filters: [
                    { Name: 'transit-gateway-id', Values: [id] },
                    { Name: 'resource-type', Values: ['vpc'] },
                  ],
                  MaxResults: 1000,
                  NextToken: token,
                }),
                { abortSignal },
              ),
          ),
        p => p.TransitGatewayAttachments,
        p => p.NextToken,
      ),
    ]);
    return {
      gateway,
      attachments,
      routesByTable,
      hubTable: this.hubTable(
        clients,
        routesByTable,
        attachments,
        hub.accountId,
        id,
      ),
      hubClients,
    };
  }

  /**
   * The routes of the table the hub VPC's attachment (the hub account's VPC
   * attachment) is associated with: the one the hub reaches spokes through.
   */
  private async hubTable(
    clients: AccountClients,
    routesByTable: HubTransit['routesByTable'],
    attachments: Observed<TransitGatewayAttachment[]>,
    hubAccountId: string,
    transitGatewayId: string,
  ): Promise<Observed<RouteTableRoutes>> {
    const op = 'ec2:SearchTransitGatewayRoutes';
    if (!attachments.ok) return attachments;
    const owned = attachments.value.filter(
      a => a.ResourceType === 'vpc' && a.ResourceOwnerId === hubAccountId,
    );
    const hubAttachment =
      owned.find(a => !['deleted', 'deleting'].includes(String(a.State))) ??
      owned[0];
    if (!hubAttachment) {
      return failed(
        skipped(
          op,
          `The hub VPC has no attachment on transit gateway ${transitGatewayId} (no VPC attachment owned by the hub account ${hubAccountId})`,
          clients,
        ),
      );
    }
    const routeTableId = hubAttachment.Association?.TransitGatewayRouteTableId;
    if (!routeTableId) {
      return failed(
        skipped(
          op,
          `The hub attachment ${hubAttachment.TransitGatewayAttachmentId} is associated with no route table, so the hub routes to no spoke`,
          clients,
        ),
      );
    }
    const routes = await this.tableRoutes(clients, routesByTable, routeTableId);
    return mapObserved(routes, r => ({ routeTableId, routes: r }));
  }

  /** One table's routes, read once per refresh however many spokes need them. */
  private tableRoutes(
    clients: AccountClients,
    routesByTable: HubTransit['routesByTable'],
    routeTableId: string,
  ): Promise<Observed<TransitGatewayRoute[]>> {
    let routes = routesByTable.get(routeTableId);
    if (!routes) {
      routes = this.routes(clients, routeTableId);
      routesByTable.set(routeTableId, routes);
    }
    return routes;
  }

  private routes(
    clients: AccountClients,
    routeTableId: string,
  ): Promise<Observed<TransitGatewayRoute[]>> {
    return readRouteTable((filters, token) =>
      this.aws.call(clients, 'ec2:SearchTransitGatewayRoutes', abortSignal =>
        clients.ec2.send(
          new SearchTransitGatewayRoutesCommand({
            TransitGatewayRouteTableId: routeTableId,
            Filters: [
              { Name: 'type', Values: ['static', 'propagated'] },
              ...filters,
            ],
            MaxResults: 1000,
            NextToken: token,
          }),
          { abortSignal },
        ),
      ),
    );
  }

  private async tgwFor(
    spoke: SpokeTarget,
    hub: ResolvedHub,
    request: CollectRequest,
    h: HubTransit,
  ): Promise<TgwObservations> {
    const routesOf = (
      table: Observed<string>,
    ): Promise<Observed<TransitGatewayRoute[]>> =>
      table.ok
        ? h.routesByTable.get(table.value) ??
          Promise.resolve(
            h.hubClients.ok
              ? failed(
                  skipped(
                    'ec2:SearchTransitGatewayRoutes',
                    'Routes were not requested',
                  ),
                )
              : h.hubClients,
          )
        : Promise.resolve(failed(table.failure));
    const routeTableId = this.routeTableFor(spoke, request, hub);
    const other = this.otherClassTableFor(spoke, request, hub);
    const [routes, hubTable, otherRoutes] = await Promise.all([
      routesOf(routeTableId),
      h.hubTable,
      routesOf(mapObserved(other, o => o.routeTableId)),
    ]);
    return {
      gateway: h.gateway,
      attachments: h.attachments,
      routes,
      routeTableId,
      hubTable,
      otherClassTable: other.ok
        ? mapObserved(otherRoutes, r => ({ ...other.value, routes: r }))
        : other,
    };
  }

  /** The table of the environment class the spoke is not in. */
  private otherClassTableFor(
    spoke: SpokeTarget,
    request: CollectRequest,
    hub: { accountId?: string; region?: string },
  ): Observed<{ routeTableId: string; environmentClass: string }> {
    const own = this.routeTableFor(spoke, request, hub);
    if (!own.ok) return own;
    // routeTableFor found the spoke's table, so the registry and its tables are known.
    const tables = (request.registry as { hub: HubConfig }).hub.deployed!
      .routeTableIds;
    const [environmentClass, routeTableId] = Object.entries(tables).find(
      ([cls]) => cls !== spoke.environmentClass,
    )!;
    return observed({ routeTableId, environmentClass });
  }

  /** The hub route table a spoke's attachment belongs to, by its environment class. */
  private routeTableFor(
    spoke: SpokeTarget,
    request: CollectRequest,
    hub: { accountId?: string; region?: string },
  ): Observed<string> {
    const op = 'ec2:SearchTransitGatewayRoutes';
    if (!request.registry.ok)
      return failed(skipped(op, request.registry.reason, hub));
    const tables = request.registry.hub.deployed?.routeTableIds;
    if (!tables) {
      return failed(
        skipped(
          op,
          'The intended route table is unknown: hub.yaml has no deployed.routeTableIds yet',
          hub,
        ),
      );
    }
    const cls = spoke.environmentClass;
    const table = cls ? tables[cls as keyof typeof tables] : undefined;
    if (!table) {
      return failed(
        skipped(
          op,
          `Environment class ${cls ?? '(missing)'} of ${
            spoke.entityRef
          } has no route table in hub.yaml deployed.routeTableIds`,
          hub,
        ),
      );
    }
    return observed(table);
  }
}
