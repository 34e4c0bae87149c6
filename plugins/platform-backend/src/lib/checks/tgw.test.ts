import {
  attachmentId,
  failure,
  HUB_ATTACHMENT_ID,
  HUB_TABLE_ID,
  healthyInput,
} from '../../__testUtils__/checkInput';
import { observed } from '../observations';
import {
  checkAssociation,
  checkAttachment,
  checkGateway,
  checkHubRoute,
  checkIsolation,
  checkPodRoutes,
  checkRoute,
  checkRouteToHub,
  tgwChecks,
} from './tgw';
import { valueOf } from './testHelpers';

type Input = ReturnType<typeof healthyInput>;
const attachment = (i: Input) =>
  valueOf(i.observations.tgw.attachments).find(
    a => a.TransitGatewayAttachmentId === i.spoke.tgwAttachmentId,
  )!;
const route = (i: Input) =>
  valueOf(i.observations.tgw.routes).find(
    r => r.DestinationCidrBlock === '10.2.0.0/16',
  )!;

describe('hub transit gateway', () => {
  it('is ok when available', () => {
    expect(checkGateway(healthyInput())).toMatchObject({
      id: 'tgw.gateway',
      component: 'tgw-attachment',
      status: 'ok',
      summary: 'Transit gateway tgw-0123456789abcdef0 is available',
    });
  });

  it('warns while modifying and is critical when deleting or gone', () => {
    const input = healthyInput();
    valueOf(input.observations.tgw.gateway)!.State = 'modifying';
    expect(checkGateway(input).status).toBe('warning');
    valueOf(input.observations.tgw.gateway)!.State = 'deleting';
    expect(checkGateway(input).status).toBe('critical');
    input.observations.tgw.gateway = observed(undefined);
    expect(checkGateway(input)).toMatchObject({
      status: 'critical',
      summary:
        'Transit gateway tgw-0123456789abcdef0 not found in the hub account 111122223333',
    });
  });

  it('is unknown when the hub cannot be read', () => {
    const input = healthyInput();
    input.observations.tgw.gateway = failure({
      operation: 'ec2:DescribeTransitGateways',
      reason: 'hub denied',
    });
    expect(checkGateway(input)).toMatchObject({
      status: 'unknown',
      summary: 'hub denied',
    });
  });
});

describe('VPC attachment', () => {
  it('is ok when available', () => {
    expect(checkAttachment(healthyInput())).toMatchObject({
      status: 'ok',
      summary:
        'Attachment tgw-attach-staging0000000000 (vpc-staging) is available',
    });
  });

  it('is critical when failed', () => {
    const input = healthyInput();
    attachment(input).State = 'failed';
    expect(checkAttachment(input)).toMatchObject({
      status: 'critical',
      summary:
        'Attachment tgw-attach-staging0000000000 (vpc-staging) is failed',
    });
  });

  it('is critical while waiting for the hub to accept it', () => {
    const input = healthyInput();
    attachment(input).State = 'pendingAcceptance';
    expect(checkAttachment(input).summary).toContain(
      'the hub has not accepted it',
    );
    expect(checkAttachment(input).status).toBe('critical');
  });

  it('warns while pending or modifying', () => {
    const input = healthyInput();
    attachment(input).State = 'modifying';
    expect(checkAttachment(input).status).toBe('warning');
  });

  it('is critical when the attachment does not exist', () => {
    const input = healthyInput();
    input.observations.tgw.attachments = observed([]);
    expect(checkAttachment(input)).toMatchObject({
      status: 'critical',
      summary:
        'Attachment tgw-attach-staging0000000000 is not attached to transit gateway tgw-0123456789abcdef0',
    });
  });

  it("finds the attachment by the spoke account's VPC before the id is recorded", () => {
    const input = healthyInput();
    input.spoke.tgwAttachmentId = undefined;
    expect(checkAttachment(input).details.transitGatewayAttachmentId).toBe(
      'tgw-attach-staging0000000000',
    );
  });

  it('is unknown when the attachment listing failed', () => {
    const input = healthyInput();
    input.observations.tgw.attachments = failure({ kind: 'throttled' });
    expect(checkAttachment(input).status).toBe('unknown');
  });
});

describe('route table association', () => {
  it('is ok when associated with the table of its environment class', () => {
    expect(checkAssociation(healthyInput())).toMatchObject({
      status: 'ok',
      summary: 'associated with tgw-rtb-0a1b2c3d4e5f60001 (the non-prod table)',
    });
  });

  it('is critical when associated with another table (prod with non-prod)', () => {
    const input = healthyInput();
    attachment(input).Association!.TransitGatewayRouteTableId =
      'tgw-rtb-0a1b2c3d4e5f60002';
    expect(checkAssociation(input)).toMatchObject({
      status: 'critical',
      summary:
        'Attachment tgw-attach-staging0000000000 is associated with tgw-rtb-0a1b2c3d4e5f60002, not tgw-rtb-0a1b2c3d4e5f60001 (the non-prod table)',
    });
  });

  it('is critical when not associated at all', () => {
    const input = healthyInput();
    attachment(input).Association = undefined;
    expect(checkAssociation(input).status).toBe('critical');
  });

  it('warns while associating', () => {
    const input = healthyInput();
    attachment(input).Association!.State = 'associating';
    expect(checkAssociation(input).status).toBe('warning');
  });

  it('is unknown when the intended route table is not known, or the attachment is missing', () => {
    const input = healthyInput();
    input.observations.tgw.routeTableId = failure({
      kind: 'skipped',
      reason: 'hub.yaml has no deployed.routeTableIds',
    });
    expect(checkAssociation(input)).toMatchObject({
      status: 'unknown',
      summary: 'hub.yaml has no deployed.routeTableIds',
    });
    const missing = healthyInput();
    missing.observations.tgw.attachments = observed([]);
    expect(checkAssociation(missing).status).toBe('unknown');
  });
});

describe('route to the spoke CIDR', () => {
  it('is ok when an active route points at the spoke attachment', () => {
    expect(checkRoute(healthyInput())).toMatchObject({
      status: 'ok',
      summary:
        'static route to 10.2.0.0/16 in tgw-rtb-0a1b2c3d4e5f60001 is active',
    });
  });

  it('is critical when the route is a blackhole', () => {
    const input = healthyInput();
    route(input).State = 'blackhole';
    route(input).TransitGatewayAttachments = undefined;
    expect(checkRoute(input)).toMatchObject({
      status: 'critical',
      summary:
        'The route to 10.2.0.0/16 in tgw-rtb-0a1b2c3d4e5f60001 is a blackhole: traffic to this spoke is dropped',
    });
  });

  it('is critical when the route is missing', () => {
    const input = healthyInput();
    input.observations.tgw.routes = observed([]);
    expect(checkRoute(input).summary).toMatch(/^No route to 10.2.0.0\/16/);
    expect(checkRoute(input).status).toBe('critical');
  });

  it("is critical when the route points at another spoke's attachment", () => {
    const input = healthyInput();
    route(input).TransitGatewayAttachments = [
      { TransitGatewayAttachmentId: 'tgw-attach-dev0000000000' },
    ];
    expect(checkRoute(input).summary).toContain(
      "not this spoke's attachment tgw-attach-staging0000000000",
    );
    expect(checkRoute(input).status).toBe('critical');
  });

  it('warns while the route is pending', () => {
    const input = healthyInput();
    route(input).State = 'pending';
    expect(checkRoute(input).status).toBe('warning');
  });

  it('uses the catalog CIDR when the registry has no entry', () => {
    const input = healthyInput();
    input.registry = { ok: false, reason: 'registry unreadable' };
    expect(checkRoute(input).status).toBe('ok');
    input.spoke.vpcCidr = undefined;
    expect(checkRoute(input)).toMatchObject({
      status: 'unknown',
      summary: 'The spoke CIDR is in neither the registry nor the catalog',
    });
  });

  it('is unknown when the routes could not be searched', () => {
    const input = healthyInput();
    input.observations.tgw.routes = failure({
      kind: 'timeout',
      reason: 'ec2:SearchTransitGatewayRoutes timed out',
    });
    expect(checkRoute(input)).toMatchObject({
      status: 'unknown',
      summary: 'ec2:SearchTransitGatewayRoutes timed out',
    });
  });
});

const STAGING = attachmentId('staging');
const NON_PROD = 'tgw-rtb-0a1b2c3d4e5f60001';
const PROD = 'tgw-rtb-0a1b2c3d4e5f60002';
const hubRoute = (i: Input) =>
  valueOf(i.observations.tgw.hubTable).routes.find(
    r => r.DestinationCidrBlock === '10.2.0.0/16',
  )!;
const toAttachment = (id: string) => [
  { TransitGatewayAttachmentId: id, ResourceType: 'vpc' as const },
];

describe('every routing check of a healthy spoke', () => {
  it('is ok', () => {
    expect(tgwChecks(healthyInput()).map(c => [c.id, c.status])).toEqual([
      ['tgw.gateway', 'ok'],
      ['tgw.attachment', 'ok'],
      ['tgw.association', 'ok'],
      ['tgw.route', 'ok'],
      ['tgw.hubRoute', 'ok'],
      ['tgw.routeToHub', 'ok'],
      ['tgw.isolation', 'ok'],
      ['tgw.podRoutes', 'ok'],
    ]);
  });
});

describe('route from the hub to the spoke', () => {
  it('is ok when the hub table routes the spoke CIDR to its attachment', () => {
    expect(checkHubRoute(healthyInput())).toMatchObject({
      id: 'tgw.hubRoute',
      status: 'ok',
      summary: `static route to 10.2.0.0/16 in the hub table ${HUB_TABLE_ID} is active`,
      details: { routeTableId: HUB_TABLE_ID, attachments: [STAGING] },
    });
  });

  it('is critical when the route is missing from the hub table, whatever the class table says', () => {
    const input = healthyInput();
    const table = valueOf(input.observations.tgw.hubTable);
    table.routes = table.routes.filter(
      r => r.DestinationCidrBlock !== '10.2.0.0/16',
    );
    expect(checkRoute(input).status).toBe('ok');
    expect(checkHubRoute(input)).toMatchObject({
      status: 'critical',
      summary: `No route to 10.2.0.0/16 in the hub table ${HUB_TABLE_ID}: the hub (DNS resolvers, shared services, the portal) cannot reach this spoke. Add the static route to the spoke's attachment (redeploy the hub stack)`,
    });
  });

  it('is critical when blackholed or pointing at another attachment', () => {
    const input = healthyInput();
    hubRoute(input).TransitGatewayAttachments = toAttachment(
      attachmentId('dev'),
    );
    expect(checkHubRoute(input).summary).toContain(
      `not this spoke's attachment ${STAGING}`,
    );
    hubRoute(input).State = 'blackhole';
    expect(checkHubRoute(input).status).toBe('critical');
  });

  it('warns when the route is propagated where a static one is expected', () => {
    const input = healthyInput();
    hubRoute(input).Type = 'propagated';
    expect(checkHubRoute(input)).toMatchObject({
      status: 'warning',
      summary: `The route to 10.2.0.0/16 in the hub table ${HUB_TABLE_ID} is propagated where a static one is expected: propagation also advertises the spoke's pod CIDR. Turn off the propagation of ${STAGING} into ${HUB_TABLE_ID} and redeploy the hub stack, which writes the static route`,
    });
    route(input).Type = 'propagated';
    expect(checkRoute(input).status).toBe('warning');
  });

  it('is unknown with the reason when the hub table could not be found or read', () => {
    const input = healthyInput();
    input.observations.tgw.hubTable = failure({
      kind: 'skipped',
      operation: 'ec2:SearchTransitGatewayRoutes',
      reason:
        'The hub attachment tgw-attach-hub0000000000 is associated with no route table, so the hub routes to no spoke',
    });
    expect(checkHubRoute(input)).toMatchObject({
      status: 'unknown',
      summary:
        'The hub attachment tgw-attach-hub0000000000 is associated with no route table, so the hub routes to no spoke',
    });
  });
});

describe('route from the spoke to the hub', () => {
  const hubCidrRoute = (i: Input) =>
    valueOf(i.observations.tgw.routes).find(
      r => r.DestinationCidrBlock === '10.0.0.0/16',
    )!;

  it("is ok when the class table routes the hub's CIDR to the hub attachment", () => {
    expect(checkRouteToHub(healthyInput())).toMatchObject({
      id: 'tgw.routeToHub',
      status: 'ok',
      summary: `propagated route to the hub's 10.0.0.0/16 in ${NON_PROD} is active`,
    });
  });

  it('is critical when missing, blackholed, or pointing at a spoke', () => {
    const input = healthyInput();
    hubCidrRoute(input).TransitGatewayAttachments = toAttachment(
      attachmentId('dev'),
    );
    expect(checkRouteToHub(input)).toMatchObject({
      status: 'critical',
      summary: `The route to the hub's 10.0.0.0/16 in ${NON_PROD} points at ${attachmentId(
        'dev',
      )}, not the hub attachment ${HUB_ATTACHMENT_ID}`,
    });
    hubCidrRoute(input).State = 'blackhole';
    expect(checkRouteToHub(input).summary).toContain('is a blackhole');
    input.observations.tgw.routes = observed([]);
    expect(checkRouteToHub(input)).toMatchObject({
      status: 'critical',
      summary: `No route to the hub's 10.0.0.0/16 in ${NON_PROD}: this spoke cannot reach the hub (DNS resolvers, shared services). Propagate the hub attachment into ${NON_PROD} (redeploy the hub stack)`,
    });
  });
});

describe('isolation from the other class', () => {
  it('is critical when the other class table routes to the spoke CIDR', () => {
    const input = healthyInput();
    valueOf(input.observations.tgw.otherClassTable).routes.push({
      DestinationCidrBlock: '10.2.0.0/16',
      Type: 'static',
      State: 'active',
      TransitGatewayAttachments: toAttachment(STAGING),
    });
    expect(checkIsolation(input)).toMatchObject({
      id: 'tgw.isolation',
      status: 'critical',
      summary: `The prod table ${PROD} routes 10.2.0.0/16 to this non-prod spoke: prod and non-prod reach each other. Delete the route from ${PROD}`,
    });
  });

  it('catches a more specific route and a propagation pointing at the spoke', () => {
    const input = healthyInput();
    valueOf(input.observations.tgw.otherClassTable).routes.push(
      {
        DestinationCidrBlock: '10.2.128.0/17',
        Type: 'static',
        State: 'active',
        TransitGatewayAttachments: toAttachment(attachmentId('prod')),
      },
      {
        DestinationCidrBlock: '100.64.0.0/16',
        Type: 'propagated',
        State: 'active',
        TransitGatewayAttachments: toAttachment(STAGING),
      },
    );
    const result = checkIsolation(input);
    expect(result.status).toBe('critical');
    expect(result.summary).toContain('(and 1 more)');
    expect(result.details.leaks).toEqual([
      `10.2.128.0/17 (static) -> ${attachmentId('prod')}`,
      `100.64.0.0/16 (propagated) -> ${STAGING}`,
    ]);
  });

  it('ignores blackholes and a default route elsewhere', () => {
    const input = healthyInput();
    valueOf(input.observations.tgw.otherClassTable).routes.push(
      {
        DestinationCidrBlock: '10.2.0.0/16',
        Type: 'static',
        State: 'blackhole',
      },
      {
        DestinationCidrBlock: '0.0.0.0/0',
        Type: 'static',
        State: 'active',
        TransitGatewayAttachments: toAttachment(HUB_ATTACHMENT_ID),
      },
    );
    expect(checkIsolation(input).status).toBe('ok');
  });

  it('is unknown when the other table could not be read', () => {
    const input = healthyInput();
    input.observations.tgw.otherClassTable = failure({
      reason: 'search denied',
    });
    expect(checkIsolation(input)).toMatchObject({
      status: 'unknown',
      summary: 'search denied',
    });
  });
});

describe('pod CIDR routes', () => {
  it('warns when a table routes the pod range to the spoke', () => {
    const input = healthyInput();
    valueOf(input.observations.tgw.hubTable).routes.push({
      DestinationCidrBlock: '100.64.0.0/16',
      Type: 'propagated',
      State: 'active',
      TransitGatewayAttachments: toAttachment(STAGING),
    });
    expect(checkPodRoutes(input)).toMatchObject({
      id: 'tgw.podRoutes',
      status: 'warning',
      summary: `${HUB_TABLE_ID} routes the pod range 100.64.0.0/16 to this spoke's attachment ${STAGING}: every spoke repeats its pod CIDR, so pod traffic meant for other spokes lands here. Turn off the propagation of ${STAGING} into ${HUB_TABLE_ID}`,
    });
  });

  it("leaves a pod route to another spoke to that spoke's report", () => {
    const input = healthyInput();
    route(input).TransitGatewayAttachments = toAttachment(STAGING);
    valueOf(input.observations.tgw.routes).push({
      DestinationCidrBlock: '100.64.0.0/16',
      Type: 'propagated',
      State: 'active',
      TransitGatewayAttachments: toAttachment(attachmentId('dev')),
    });
    expect(checkPodRoutes(input).status).toBe('ok');
    expect(checkPodRoutes(healthyInput('dev'))).toMatchObject({
      status: 'ok',
    });
  });

  it('is unknown when a table it should read failed and nothing was found', () => {
    const input = healthyInput();
    input.observations.tgw.hubTable = failure({ reason: 'hub table denied' });
    expect(checkPodRoutes(input)).toMatchObject({
      status: 'unknown',
      summary: 'hub table denied',
    });
  });
});
