import type { TransitGatewayAttachment } from '@aws-sdk/client-ec2';
import type { HealthCheckResult } from '@internal/plugin-platform-common';
import { CheckInput, Observed } from '../observations';
import { CheckSpec, classify, unknownBecause, verdict } from './common';

const spec = (id: string, title: string): CheckSpec => ({
  id,
  component: 'tgw-attachment',
  title,
});

const GATEWAY = spec('tgw.gateway', 'Hub transit gateway');
const ATTACHMENT = spec('tgw.attachment', 'VPC attachment');
const ASSOCIATION = spec('tgw.association', 'Route table association');
const ROUTE = spec('tgw.route', 'Route to the spoke CIDR');

/**
 * The spoke's VPC attachment among the hub TGW's attachments: by the id the
 * catalog records once deployed, else the VPC attachment the spoke's account owns.
 */
export function findSpokeAttachment(
  input: CheckInput,
  attachments: TransitGatewayAttachment[],
): TransitGatewayAttachment | undefined {
  const { tgwAttachmentId, accountId } = input.spoke;
  if (tgwAttachmentId) {
    return attachments.find(
      a => a.TransitGatewayAttachmentId === tgwAttachmentId,
    );
  }
  const live = (a: TransitGatewayAttachment) =>
    !['deleted', 'deleting'].includes(String(a.State));
  const owned = attachments.filter(
    a => a.ResourceType === 'vpc' && a.ResourceOwnerId === accountId,
  );
  return owned.find(live) ?? owned[0];
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

export function checkRoute(input: CheckInput): HealthCheckResult {
  const { routes, routeTableId, attachments } = input.observations.tgw;
  if (!routeTableId.ok) return unknownBecause(ROUTE, routeTableId.failure);
  if (!routes.ok) return unknownBecause(ROUTE, routes.failure);
  const cidr = expectedCidr(input);
  const table = routeTableId.value;
  if (!cidr) {
    return verdict(
      ROUTE,
      'unknown',
      'The spoke CIDR is in neither the registry nor the catalog',
    );
  }
  const route = routes.value.find(r => r.DestinationCidrBlock === cidr);
  const details = {
    routeTableId: table,
    cidr,
    state: route?.State ?? null,
    type: route?.Type ?? null,
    attachments: (route?.TransitGatewayAttachments ?? []).map(
      t => t.TransitGatewayAttachmentId ?? '',
    ),
  };
  if (!route) {
    return verdict(
      ROUTE,
      'critical',
      `No route to ${cidr} in ${table}: traffic from the hub and other spokes cannot reach this spoke`,
      details,
    );
  }
  if (route.State === 'blackhole') {
    return verdict(
      ROUTE,
      'critical',
      `The route to ${cidr} in ${table} is a blackhole: traffic to this spoke is dropped`,
      details,
    );
  }
  const attachment =
    attachments.ok && findSpokeAttachment(input, attachments.value);
  const target = attachment ? attachment.TransitGatewayAttachmentId : undefined;
  if (target && !details.attachments.includes(target)) {
    return verdict(
      ROUTE,
      'critical',
      `The route to ${cidr} in ${table} points at ${
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
  return verdict(
    ROUTE,
    status,
    `${route.Type ?? ''} route to ${cidr} in ${table} is ${route.State}`.trim(),
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
  ];
}
