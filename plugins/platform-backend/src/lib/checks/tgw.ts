import type {
  TransitGatewayAttachment,
  TransitGatewayRoute,
} from '@aws-sdk/client-ec2';
import {
  HealthCheckResult,
  lastAddress,
  parseCidr,
} from '@internal/plugin-platform-common';
import { CheckInput, Observed, observed } from '../observations';
import {
  CheckSpec,
  classify,
  firstFailure,
  unknownBecause,
  verdict,
} from './common';

const spec = (id: string, title: string): CheckSpec => ({
  id,
  component: 'tgw-attachment',
  title,
});

const GATEWAY = spec('tgw.gateway', 'Hub transit gateway');
const ATTACHMENT = spec('tgw.attachment', 'VPC attachment');
const ASSOCIATION = spec('tgw.association', 'Route table association');
const ROUTE = spec('tgw.route', 'Route to the spoke CIDR');
const HUB_ROUTE = spec('tgw.hubRoute', 'Route from the hub to the spoke');
const ROUTE_TO_HUB = spec('tgw.routeToHub', 'Route from the spoke to the hub');
const ISOLATION = spec('tgw.isolation', 'Isolation from the other class');
const POD_ROUTES = spec('tgw.podRoutes', 'No pod CIDR routes');

/**
 * Where every spoke's pods live (the VPC's secondary block, 100.64.0.0/16 from this
 * range): a TGW route into it sends every spoke's pod traffic to one spoke.
 */
const POD_RANGE = '100.64.0.0/10';

/**
 * The spoke's VPC attachment among the hub TGW's attachments: by the id the
 * catalog records once deployed, else the VPC attachment the spoke's account owns.
 */
export function findSpokeAttachment(
  input: CheckInput,
  attachments: TransitGatewayAttachment[],
): TransitGatewayAttachment | undefined {
  const { tgwAttachmentId, accountId } = input.spoke;
  const index = attachmentIndex(attachments);
  if (tgwAttachmentId) return index.byId.get(tgwAttachmentId);
  const live = (a: TransitGatewayAttachment) =>
    !['deleted', 'deleting'].includes(String(a.State));
  const owned = index.vpcByOwner.get(accountId ?? '') ?? [];
  return owned.find(live) ?? owned[0];
}

/** The hub's attachments by id and by owner, built once per listing for every spoke. */
const attachmentIndexes = new WeakMap<
  object,
  {
    length: number;
    byId: Map<string, TransitGatewayAttachment>;
    vpcByOwner: Map<string, TransitGatewayAttachment[]>;
  }
>();
function attachmentIndex(attachments: TransitGatewayAttachment[]) {
  let index = attachmentIndexes.get(attachments);
  if (!index || index.length !== attachments.length) {
    index = {
      length: attachments.length,
      byId: new Map(),
      vpcByOwner: new Map(),
    };
    for (const a of attachments) {
      if (
        a.TransitGatewayAttachmentId &&
        !index.byId.has(a.TransitGatewayAttachmentId)
      ) {
        index.byId.set(a.TransitGatewayAttachmentId, a);
      }
      if (a.ResourceType === 'vpc' && a.ResourceOwnerId) {
        const list = index.vpcByOwner.get(a.ResourceOwnerId) ?? [];
        list.push(a);
        index.vpcByOwner.set(a.ResourceOwnerId, list);
      }
    }
    attachmentIndexes.set(attachments, index);
  }
  return index;
}

function attachmentLabel(input: CheckInput): string {
  return input.spoke.tgwAttachmentId
    ? `Attachment ${input.spoke.tgwAttachmentId}`
    : `The VPC attachment of account ${input.spoke.accountId}`;
}

/** The CIDR the hub should route to the spoke: the registry's, else the catalog's. */
export function expectedCidr(input: CheckInput): string | undefined {
  return (
    (input.registry.ok ? input.registry.spoke?.network.cidr : undefined) ??
    input.spoke.vpcCidr
  );
}

export function checkGateway(input: CheckInput): HealthCheckResult {
  const { gateway } = input.observations.tgw;
  if (!gateway.ok) return unknownBecause(GATEWAY, gateway.failure);
  const id = input.hub.transitGatewayId;
  if (!gateway.value) {
    return verdict(
      GATEWAY,
      'critical',
      `Transit gateway ${id} not found in the hub account ${input.hub.accountId}`,
      { transitGatewayId: id ?? null },
    );
  }
  const state = gateway.value.State;
  const status = classify(state, {
    ok: ['available'],
    warning: ['pending', 'modifying'],
    critical: ['deleting', 'deleted'],
  });
  return verdict(GATEWAY, status, `Transit gateway ${id} is ${state}`, {
    transitGatewayId: id ?? null,
    state: state ?? null,
  });
}

function withAttachment(
  input: CheckInput,
  s: CheckSpec,
  attachments: Observed<TransitGatewayAttachment[]>,
  judge: (a: TransitGatewayAttachment) => HealthCheckResult,
): HealthCheckResult {
  if (!attachments.ok) return unknownBecause(s, attachments.failure);
  const attachment = findSpokeAttachment(input, attachments.value);
  if (!attachment) {
    return verdict(
      s,
      s === ATTACHMENT ? 'critical' : 'unknown',
      `${attachmentLabel(input)} is not attached to transit gateway ${
        input.hub.transitGatewayId
      }`,
      { transitGatewayAttachmentId: input.spoke.tgwAttachmentId ?? null },
    );
  }
  return judge(attachment);
}

export function checkAttachment(input: CheckInput): HealthCheckResult {
  return withAttachment(
    input,
    ATTACHMENT,
    input.observations.tgw.attachments,
    a => {
      const state = a.State;
      const status = classify(state, {
        ok: ['available'],
        warning: [
          'initiating',
          'initiatingRequest',
          'pending',
          'modifying',
          'rollingBack',
        ],
        critical: [
          'pendingAcceptance',
          'failed',
          'failing',
          'rejected',
          'rejecting',
          'deleted',
          'deleting',
        ],
      });
      const why =
        state === 'pendingAcceptance'
          ? ': the hub has not accepted it, so no traffic flows'
          : '';
      return verdict(
        ATTACHMENT,
        status,
        `Attachment ${a.TransitGatewayAttachmentId} (${a.ResourceId}) is ${state}${why}`,
        {
          transitGatewayAttachmentId: a.TransitGatewayAttachmentId ?? null,
          vpcId: a.ResourceId ?? null,
          state: state ?? null,
        },
      );
    },
  );
}

export function checkAssociation(input: CheckInput): HealthCheckResult {
  const { attachments, routeTableId } = input.observations.tgw;
  if (!routeTableId.ok)
    return unknownBecause(ASSOCIATION, routeTableId.failure);
  const intended = routeTableId.value;
  const cls = input.spoke.environmentClass;
  return withAttachment(input, ASSOCIATION, attachments, a => {
    const association = a.Association;
    const details = {
      expectedRouteTableId: intended,
      routeTableId: association?.TransitGatewayRouteTableId ?? null,
      state: association?.State ?? null,
    };
    if (!association?.TransitGatewayRouteTableId) {
      return verdict(
        ASSOCIATION,
        'critical',
        `Attachment ${a.TransitGatewayAttachmentId} is not associated with any route table; expected ${intended} (the ${cls} table)`,
        details,
      );
    }
    if (association.TransitGatewayRouteTableId !== intended) {
      return verdict(
        ASSOCIATION,
        'critical',
        `Attachment ${a.TransitGatewayAttachmentId} is associated with ${association.TransitGatewayRouteTableId}, not ${intended} (the ${cls} table)`,
        details,
      );
    }
    const status = classify(association.State, {
      ok: ['associated'],
      warning: ['associating'],
      critical: ['disassociating', 'disassociated'],
    });
    return verdict(
      ASSOCIATION,
      status,
      `${association.State} with ${intended} (the ${cls} table)`,
      details,
    );
  });
}

const targetsOf = (route: TransitGatewayRoute | undefined) =>
  (route?.TransitGatewayAttachments ?? []).map(
    t => t.TransitGatewayAttachmentId ?? '',
  );

const pointsAt = (route: TransitGatewayRoute, attachmentId: string) =>
  (route.TransitGatewayAttachments ?? []).some(
    t => t.TransitGatewayAttachmentId === attachmentId,
  );

/**
 * A block's first and last address, parsed once per object: every spoke's checks read
 * the same route tables, so parsing per spoke would grow with spokes times routes.
 */
const ranges = new WeakMap<
  object,
  { cidr?: string; range: [number, number] | null }
>();
function rangeOf(cidr: string | undefined): [number, number] | null {
  if (!cidr) return null;
  try {
    const c = parseCidr(cidr);
    return [c.address, lastAddress(c)];
  } catch {
    return null;
  }
}
function routeRange(route: TransitGatewayRoute): [number, number] | null {
  // Keyed by the object, checked against its value: observations are data and
  // tests change them in place.
  let r = ranges.get(route);
  if (!r || r.cidr !== route.DestinationCidrBlock) {
    r = {
      cidr: route.DestinationCidrBlock,
      range: rangeOf(route.DestinationCidrBlock),
    };
    ranges.set(route, r);
  }
  return r.range;
}
const POD_RANGE_BOUNDS = rangeOf(POD_RANGE)!;

/** A table's routes by destination, built once per listing. */
const indexes = new WeakMap<object, Map<string, TransitGatewayRoute>>();
function routeTo(
  routes: TransitGatewayRoute[],
  cidr: string,
): TransitGatewayRoute | undefined {
  let index = indexes.get(routes);
  const found = index?.get(cidr);
  // A hit is verified, a miss re-indexed when the list changed in place.
  if (found && found.DestinationCidrBlock === cidr) return found;
  if (!index || index.size !== routes.length || !found) {
    index = new Map();
    for (const r of routes) {
      if (r.DestinationCidrBlock && !index.has(r.DestinationCidrBlock)) {
        index.set(r.DestinationCidrBlock, r);
      }
    }
    indexes.set(routes, index);
  }
  return index.get(cidr);
}

/** The spoke's own attachment id, when the attachments could be read. */
function spokeAttachmentId(input: CheckInput): string | undefined {
  const { attachments } = input.observations.tgw;
  const attachment =
    attachments.ok && findSpokeAttachment(input, attachments.value);
  return attachment ? attachment.TransitGatewayAttachmentId : undefined;
}

/**
 * Judges the static route to the spoke's CIDR in one table: missing, a blackhole or
 * pointing elsewhere is critical; propagated (infra writes static routes, and
 * propagation also advertises the pod CIDR every spoke repeats) is a warning.
 */
function judgeSpokeRoute(
  input: CheckInput,
  s: CheckSpec,
  table: string,
  tableLabel: string,
  routes: TransitGatewayRoute[],
  consequence: string,
): HealthCheckResult {
  const cidr = expectedCidr(input);
  if (!cidr) {
    return verdict(
      s,
      'unknown',
      'The spoke CIDR is in neither the registry nor the catalog',
    );
  }
  const route = routeTo(routes, cidr);
  const details = {
    routeTableId: table,
    cidr,
    state: route?.State ?? null,
    type: route?.Type ?? null,
    attachments: targetsOf(route),
  };
  if (!route) {
    return verdict(
      s,
      'critical',
      `No route to ${cidr} in ${tableLabel}: ${consequence}. Add the static route to the spoke's attachment (redeploy the hub stack)`,
      details,
    );
  }
  if (route.State === 'blackhole') {
    return verdict(
      s,
      'critical',
      `The route to ${cidr} in ${tableLabel} is a blackhole: traffic to this spoke is dropped`,
      details,
    );
  }
  const target = spokeAttachmentId(input);
  if (target && !details.attachments.includes(target)) {
    return verdict(
      s,
      'critical',
      `The route to ${cidr} in ${tableLabel} points at ${
        details.attachments.join(', ') || 'nothing'
      }, not this spoke's attachment ${target}`,
      details,
    );
  }
  const status = classify(route.State, {
    ok: ['active'],
    warning: ['pending', 'deleting'],
    critical: ['deleted', 'blackhole'],
  });
  if (status === 'ok' && route.Type === 'propagated') {
    return verdict(
      s,
      'warning',
      `The route to ${cidr} in ${tableLabel} is propagated where a static one is expected: propagation also advertises the spoke's pod CIDR. Turn off the propagation of ${
        target ?? "the spoke's attachment"
      } into ${table} and redeploy the hub stack, which writes the static route`,
      details,
    );
  }
  return verdict(
    s,
    status,
    `${route.Type ?? ''} route to ${cidr} in ${tableLabel} is ${
      route.State
    }`.trim(),
    details,
  );
}

export function checkRoute(input: CheckInput): HealthCheckResult {
  const { routes, routeTableId } = input.observations.tgw;
  if (!routeTableId.ok) return unknownBecause(ROUTE, routeTableId.failure);
  if (!routes.ok) return unknownBecause(ROUTE, routes.failure);
  const table = routeTableId.value;
  return judgeSpokeRoute(
    input,
    ROUTE,
    table,
    table,
    routes.value,
    'traffic from other spokes of its class cannot reach this spoke',
  );
}

/** The spoke's route in the table the hub VPC's attachment is associated with. */
export function checkHubRoute(input: CheckInput): HealthCheckResult {
  const { hubTable } = input.observations.tgw;
  if (!hubTable.ok) return unknownBecause(HUB_ROUTE, hubTable.failure);
  const { routeTableId, routes } = hubTable.value;
  return judgeSpokeRoute(
    input,
    HUB_ROUTE,
    routeTableId,
    `the hub table ${routeTableId}`,
    routes,
    'the hub (DNS resolvers, shared services, the portal) cannot reach this spoke',
  );
}

/** The route to the hub's CIDR in the spoke's class table (propagated from the hub). */
export function checkRouteToHub(input: CheckInput): HealthCheckResult {
  const { routes, routeTableId, attachments } = input.observations.tgw;
  if (!routeTableId.ok)
    return unknownBecause(ROUTE_TO_HUB, routeTableId.failure);
  if (!routes.ok) return unknownBecause(ROUTE_TO_HUB, routes.failure);
  if (!input.registry.ok) {
    return verdict(ROUTE_TO_HUB, 'unknown', input.registry.reason);
  }
  const table = routeTableId.value;
  const cidr = input.registry.hub.network.cidr;
  const route = routeTo(routes.value, cidr);
  const hubAccount = input.hub.accountId ?? input.registry.hub.account;
  const hubAttachment = attachments.ok
    ? attachments.value.find(
        a =>
          a.ResourceType === 'vpc' &&
          a.ResourceOwnerId === hubAccount &&
          !['deleted', 'deleting'].includes(String(a.State)),
      )
    : undefined;
  const details = {
    routeTableId: table,
    cidr,
    state: route?.State ?? null,
    type: route?.Type ?? null,
    attachments: targetsOf(route),
    hubAttachmentId: hubAttachment?.TransitGatewayAttachmentId ?? null,
  };
  if (!route) {
    return verdict(
      ROUTE_TO_HUB,
      'critical',
      `No route to the hub's ${cidr} in ${table}: this spoke cannot reach the hub (DNS resolvers, shared services). Propagate the hub attachment into ${table} (redeploy the hub stack)`,
      details,
    );
  }
  if (route.State === 'blackhole') {
    return verdict(
      ROUTE_TO_HUB,
      'critical',
      `The route to the hub's ${cidr} in ${table} is a blackhole: traffic to the hub is dropped`,
      details,
    );
  }
  const hubId = hubAttachment?.TransitGatewayAttachmentId;
  if (hubId && !details.attachments.includes(hubId)) {
    return verdict(
      ROUTE_TO_HUB,
      'critical',
      `The route to the hub's ${cidr} in ${table} points at ${
        details.attachments.join(', ') || 'nothing'
      }, not the hub attachment ${hubId}`,
      details,
    );
  }
  const status = classify(route.State, {
    ok: ['active'],
    warning: ['pending', 'deleting'],
    critical: ['deleted', 'blackhole'],
  });
  return verdict(
    ROUTE_TO_HUB,
    status,
    `${route.Type ?? ''} route to the hub's ${cidr} in ${table} is ${
      route.State
    }`.trim(),
    details,
  );
}

/**
 * The other class's table must not reach this spoke: no route inside the spoke's
 * CIDR, and none pointing at its attachment (prod and non-prod never meet).
 */
export function checkIsolation(input: CheckInput): HealthCheckResult {
  const { otherClassTable } = input.observations.tgw;
  if (!otherClassTable.ok)
    return unknownBecause(ISOLATION, otherClassTable.failure);
  const { routeTableId, routes, environmentClass } = otherClassTable.value;
  const cidr = expectedCidr(input);
  const own = rangeOf(cidr);
  const target = spokeAttachmentId(input);
  const inside = (r: TransitGatewayRoute) => {
    const range = own && routeRange(r);
    return Boolean(range && own[0] <= range[0] && range[1] <= own[1]);
  };
  const leaks = routes.filter(
    r =>
      r.State !== 'blackhole' &&
      (inside(r) || (target !== undefined && pointsAt(r, target))),
  );
  const details = {
    routeTableId,
    environmentClass,
    cidr: cidr ?? null,
    leaks: leaks.map(
      r =>
        `${r.DestinationCidrBlock ?? r.PrefixListId} (${r.Type ?? '?'}) -> ${
          targetsOf(r).join(', ') || 'nothing'
        }`,
    ),
  };
  if (leaks.length) {
    const first = leaks[0];
    return verdict(
      ISOLATION,
      'critical',
      `The ${environmentClass} table ${routeTableId} routes ${
        first.DestinationCidrBlock ?? first.PrefixListId
      } to this ${
        input.spoke.environmentClass ?? ''
      } spoke: ${environmentClass} and ${
        input.spoke.environmentClass ?? 'this class'
      } reach each other. Delete the ${
        first.Type === 'propagated' ? 'propagation' : 'route'
      } from ${routeTableId}${
        leaks.length > 1 ? ` (and ${leaks.length - 1} more)` : ''
      }`,
      details,
    );
  }
  return verdict(
    ISOLATION,
    'ok',
    `The ${environmentClass} table ${routeTableId} has no route to this spoke`,
    details,
  );
}

/**
 * Routes into the pod range that point at this spoke, in any table read: only
 * propagation creates them, and since every spoke repeats its pod CIDR they send
 * pod traffic meant for others here.
 */
export function checkPodRoutes(input: CheckInput): HealthCheckResult {
  const { routes, routeTableId, hubTable, otherClassTable } =
    input.observations.tgw;
  const target = spokeAttachmentId(input);
  const tables: Array<[string, TransitGatewayRoute[]]> = [];
  if (hubTable.ok)
    tables.push([hubTable.value.routeTableId, hubTable.value.routes]);
  if (routeTableId.ok && routes.ok)
    tables.push([routeTableId.value, routes.value]);
  if (otherClassTable.ok)
    tables.push([
      otherClassTable.value.routeTableId,
      otherClassTable.value.routes,
    ]);
  const unread = firstFailure(
    hubTable,
    routeTableId.ok ? routes : observed([]),
  );
  if (!target) {
    return verdict(
      POD_ROUTES,
      'unknown',
      `${attachmentLabel(
        input,
      )} is not known, so routes pointing at it cannot be told`,
    );
  }
  const [podStart, podEnd] = POD_RANGE_BOUNDS;
  const found = tables.flatMap(([table, list]) =>
    list
      .filter(r => {
        if (!pointsAt(r, target)) return false;
        const range = routeRange(r);
        return Boolean(range && range[0] <= podEnd && podStart <= range[1]);
      })
      .map(r => ({ table, route: r })),
  );
  const details = {
    transitGatewayAttachmentId: target,
    routes: found.map(
      f =>
        `${f.route.DestinationCidrBlock} (${f.route.Type ?? '?'}) in ${
          f.table
        }`,
    ),
  };
  if (found.length) {
    const { table, route } = found[0];
    return verdict(
      POD_ROUTES,
      'warning',
      `${table} routes the pod range ${
        route.DestinationCidrBlock
      } to this spoke's attachment ${target}${
        found.length > 1 ? ` (and ${found.length - 1} more)` : ''
      }: every spoke repeats its pod CIDR, so pod traffic meant for other spokes lands here. Turn off the propagation of ${target} into ${table}`,
      details,
    );
  }
  if (unread) return unknownBecause(POD_ROUTES, unread);
  return verdict(
    POD_ROUTES,
    'ok',
    `No table routes the pod range ${POD_RANGE} to this spoke`,
    details,
  );
}

/** Every Transit Gateway check of a spoke. */
export function tgwChecks(input: CheckInput): HealthCheckResult[] {
  return [
    checkGateway(input),
    checkAttachment(input),
    checkAssociation(input),
    checkRoute(input),
    checkHubRoute(input),
    checkRouteToHub(input),
    checkIsolation(input),
    checkPodRoutes(input),
  ];
}
