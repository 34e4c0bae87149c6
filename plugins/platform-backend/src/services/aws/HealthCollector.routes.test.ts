import { fixtures, HealthCheckResult } from '@internal/plugin-platform-common';
import { LocalAws, startLocalAws } from '../../__testUtils__/awsLocal';
import { collectAndCheck, testAwsAccess } from '../../__testUtils__/collect';

jest.setTimeout(60_000);

/**
 * The hub's routing as the collector reads it from the local AWS endpoint and the
 * checks judge it: the hub table, both class tables, and tables past one page.
 */
const registry = fixtures.registry();
const HUB = registry.hub.account;
const REGION = registry.hub.region;
const NON_PROD = registry.hub.deployed!.routeTableIds['non-prod'];
const PROD = registry.hub.deployed!.routeTableIds.prod;
const cidrOf = (name: string) =>
  registry.spokes.find(s => s.name === name)!.network.cidr;

let local: LocalAws;
beforeAll(async () => {
  local = await startLocalAws(registry);
});
afterAll(() => local.stop());
beforeEach(() => local.reset());

function hubState() {
  return local.aws.control.snapshot().regions[`${HUB}/${REGION}`];
}

function hubTableId(): string {
  return hubState().ec2.routeTables.find(t =>
    t.Tags.some(tag => tag.Key === 'Name' && tag.Value === 'platform-hub'),
  )!.TransitGatewayRouteTableId;
}

function attachmentOf(name: string): string {
  const spoke = registry.spokes.find(s => s.name === name)!;
  return hubState().ec2.attachments.find(
    a => a.ResourceOwnerId === spoke.account,
  )!.TransitGatewayAttachmentId;
}

function addRoute(table: string, route: Record<string, unknown>) {
  local.aws.control.create({
    kind: 'tgw-route',
    account: HUB,
    region: REGION,
    parent: table,
    resource: { State: 'active', Type: 'static', ...route },
  });
}

/** `count` /28 routes out of 172.16.0.0/12, none of them a spoke's. */
function addFillerRoutes(table: string, count: number) {
  for (let i = 0; i < count; i++) {
    addRoute(table, {
      DestinationCidrBlock: `172.${16 + Math.floor(i / 4096)}.${
        Math.floor(i / 16) % 256
      }.${(i % 16) * 16}/28`,
    });
  }
}

/** Collects through the local endpoint and runs every check of every spoke; the TGW ones kept. */
async function assess() {
  const access = testAwsAccess();
  const scope = access.scope();
  try {
    const { observations, checks: all } = await collectAndCheck(
      scope,
      registry,
    );
    const checks = Object.fromEntries(
      Object.entries(all).map(([spoke, byId]) => [
        spoke,
        Object.fromEntries(
          Object.entries(byId).filter(([id]) => id.startsWith('tgw.')),
        ),
      ]),
    );
    return { checks, observations, stats: scope.getStats() };
  } finally {
    access.close();
  }
}

const statuses = (checks: Record<string, HealthCheckResult>) =>
  Object.fromEntries(Object.entries(checks).map(([id, c]) => [id, c.status]));

const ALL_OK = {
  'tgw.gateway': 'ok',
  'tgw.attachment': 'ok',
  'tgw.association': 'ok',
  'tgw.route': 'ok',
  'tgw.hubRoute': 'ok',
  'tgw.routeToHub': 'ok',
  'tgw.isolation': 'ok',
  'tgw.podRoutes': 'ok',
};

describe('HealthCollector routing through the local AWS endpoint', () => {
  it('reads the hub table and both class tables once each, and finds the seed healthy', async () => {
    const { checks, observations, stats } = await assess();
    for (const name of ['dev', 'staging', 'prod']) {
      expect(statuses(checks[name])).toEqual(ALL_OK);
    }
    expect(observations.get('dev')!.tgw.hubTable).toMatchObject({
      ok: true,
      value: { routeTableId: hubTableId() },
    });
    expect(checks.prod['tgw.isolation'].summary).toBe(
      `The non-prod table ${NON_PROD} has no route to this spoke`,
    );
    expect(stats.byOperation['ec2:SearchTransitGatewayRoutes']).toBe(3);
  });

  it('turns a spoke critical when its route is deleted from the hub table, though its class table still routes to it', async () => {
    const table = hubTableId();
    local.aws.control.remove({
      kind: 'tgw-route',
      id: `${table}/${cidrOf('staging')}`,
    });
    const { checks } = await assess();
    expect(checks.staging['tgw.hubRoute']).toMatchObject({
      status: 'critical',
      summary: `No route to ${cidrOf(
        'staging',
      )} in the hub table ${table}: the hub (DNS resolvers, shared services, the portal) cannot reach this spoke. Add the static route to the spoke's attachment (redeploy the hub stack)`,
    });
    expect(checks.staging['tgw.route'].status).toBe('ok');
    expect(statuses(checks.dev)).toEqual(ALL_OK);
    expect(statuses(checks.prod)).toEqual(ALL_OK);
  });

  it('reports a spoke reachable from the other class as critical', async () => {
    addRoute(PROD, {
      DestinationCidrBlock: cidrOf('staging'),
      TransitGatewayAttachments: [
        {
          TransitGatewayAttachmentId: attachmentOf('staging'),
          ResourceType: 'vpc',
        },
      ],
    });
    const { checks } = await assess();
    expect(checks.staging['tgw.isolation']).toMatchObject({
      status: 'critical',
      summary: `The prod table ${PROD} routes ${cidrOf(
        'staging',
      )} to this non-prod spoke: prod and non-prod reach each other. Delete the route from ${PROD}`,
    });
    expect(statuses(checks.prod)).toEqual(ALL_OK);
  });

  it('warns about a propagated pod route and a propagated spoke route in the hub table', async () => {
    const table = hubTableId();
    const dev = attachmentOf('dev');
    addRoute(table, {
      DestinationCidrBlock: '100.64.0.0/16',
      Type: 'propagated',
      TransitGatewayAttachments: [
        { TransitGatewayAttachmentId: dev, ResourceType: 'vpc' },
      ],
    });
    local.aws.control.update(
      { kind: 'tgw-route', id: `${table}/${cidrOf('dev')}` },
      { Type: 'propagated' },
    );
    const { checks } = await assess();
    expect(checks.dev['tgw.podRoutes']).toMatchObject({
      status: 'warning',
      summary: `${table} routes the pod range 100.64.0.0/16 to this spoke's attachment ${dev}: every spoke repeats its pod CIDR, so pod traffic meant for other spokes lands here. Turn off the propagation of ${dev} into ${table}`,
    });
    expect(checks.dev['tgw.hubRoute']).toMatchObject({
      status: 'warning',
      summary: expect.stringContaining(
        'is propagated where a static one is expected',
      ),
    });
    expect(statuses(checks.staging)).toEqual(ALL_OK);
  });

  it('turns a class critical when its table loses the route to the hub', async () => {
    local.aws.control.remove({
      kind: 'tgw-route',
      id: `${NON_PROD}/${registry.hub.network.cidr}`,
    });
    const { checks } = await assess();
    expect(checks.dev['tgw.routeToHub'].status).toBe('critical');
    expect(checks.staging['tgw.routeToHub'].summary).toBe(
      `No route to the hub's ${registry.hub.network.cidr} in ${NON_PROD}: this spoke cannot reach the hub (DNS resolvers, shared services). Propagate the hub attachment into ${NON_PROD} (redeploy the hub stack)`,
    );
    expect(checks.prod['tgw.routeToHub'].status).toBe('ok');
  });

  it('follows every page of a table with more than 1,000 routes', async () => {
    addFillerRoutes(NON_PROD, 1500);
    local.aws.control.remove({
      kind: 'tgw-route',
      id: `${NON_PROD}/${cidrOf('dev')}`,
    });
    const { checks, observations, stats } = await assess();
    const routes = observations.get('staging')!.tgw.routes;
    expect(routes.ok && routes.value.length).toBe(1500 + 2);
    expect(checks.staging['tgw.route'].status).toBe('ok');
    expect(checks.dev['tgw.route'].status).toBe('critical');
    // Two pages for the non-prod table, one each for the others.
    expect(stats.byOperation['ec2:SearchTransitGatewayRoutes']).toBe(4);
  });

  it('narrows the search by CIDR when AWS says more routes exist but gives no token', async () => {
    addFillerRoutes(NON_PROD, 1500);
    local.aws.control.update(
      { kind: 'tgw-route-table', id: NON_PROD },
      { SearchWithoutNextToken: true },
    );
    addRoute(PROD, { DestinationCidrBlock: '172.31.255.0/24' });
    local.aws.control.remove({
      kind: 'tgw-route',
      id: `${NON_PROD}/${cidrOf('dev')}`,
    });
    // Past the first 1,000 in the table's order: only narrowing finds it.
    addRoute(NON_PROD, {
      DestinationCidrBlock: '100.64.0.0/16',
      Type: 'propagated',
      TransitGatewayAttachments: [
        {
          TransitGatewayAttachmentId: attachmentOf('staging'),
          ResourceType: 'vpc',
        },
      ],
    });
    const { checks, observations } = await assess();
    const routes = observations.get('staging')!.tgw.routes;
    // The filler, the hub's route, staging's and the pod route: each once.
    expect(routes.ok && routes.value.length).toBe(1500 + 3);
    expect(checks.staging['tgw.route'].status).toBe('ok');
    expect(checks.staging['tgw.routeToHub'].status).toBe('ok');
    expect(checks.staging['tgw.podRoutes'].status).toBe('warning');
    expect(checks.dev['tgw.route'].status).toBe('critical');
  });
});
