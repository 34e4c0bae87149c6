import { failure, healthyInput } from '../../__testUtils__/checkInput';
import { observed } from '../observations';
import {
  checkAssociation,
  checkAttachment,
  checkGateway,
  checkRoute,
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
