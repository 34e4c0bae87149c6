/**
 * The hub side of a spoke's Transit Gateway attachment, decided from what is
 * observed and the registry, so no attachment id is ever copied by hand. Pure:
 * the adapter (`ec2.ts`) observes and applies.
 *
 * An attachment is accepted only when it waits for acceptance on the hub's
 * gateway, comes from a registered spoke account, and that account's VPC has
 * exactly the registry's CIDR as its primary block. Everything else is left
 * alone and reported.
 */

export type EnvironmentClass = 'non-prod' | 'prod';

/** A registered spoke, as the handshake needs it. */
export interface HandshakeSpoke {
  readonly name: string;
  readonly account: string;
  readonly environmentClass: EnvironmentClass;
  readonly cidr: string;
}

/** One VPC attachment on the hub's gateway, as the hub sees it. */
export interface ObservedAttachment {
  readonly attachmentId: string;
  readonly vpcId: string;
  readonly vpcOwnerId: string;
  /** `pendingAcceptance`, `available`, `deleted`, ... */
  readonly state: string;
  /** The route table it is associated with, if any. */
  readonly associatedRouteTableId?: string;
}

/** A static or propagated route in a hub route table. */
export interface ObservedRoute {
  readonly cidr: string;
  readonly attachmentId?: string;
  readonly type: string;
  readonly state: string;
}

/** Everything the handshake decides from. */
export interface HandshakeInput {
  readonly spokes: readonly HandshakeSpoke[];
  readonly attachments: readonly ObservedAttachment[];
  /** The hub VPC's table and one per class, found by their Name tags. */
  readonly routeTables: {
    readonly hub: string;
    readonly classes: Record<EnvironmentClass, string>;
  };
  readonly routes: Record<string, readonly ObservedRoute[]>;
  /**
   * Each attachment's VPC primary CIDR, read in the spoke account, or why it
   * could not be read.
   */
  readonly vpcCidrs: Record<string, { cidr: string } | { error: string }>;
  /** Spokes removed from the registry whose routes to release (name and CIDR). */
  readonly release?: readonly HandshakeSpoke[];
}

export type HandshakeAction =
  | { kind: 'accept'; spoke: string; attachmentId: string }
  | {
      kind: 'associate';
      spoke: string;
      attachmentId: string;
      routeTableId: string;
    }
  | {
      kind: 'route';
      spoke: string;
      attachmentId: string;
      routeTableId: string;
      cidr: string;
    }
  | { kind: 'delete-route'; spoke: string; routeTableId: string; cidr: string };

/** An attachment the handshake did not touch, and why. */
export interface LeftAlone {
  readonly attachmentId: string;
  readonly vpcOwnerId: string;
  readonly reason: string;
}

export interface HandshakePlan {
  readonly actions: readonly HandshakeAction[];
  readonly leftAlone: readonly LeftAlone[];
}

const LIVE_STATES = new Set(['pendingAcceptance', 'pending', 'available']);

/** Decides what the hub does. Idempotent: a fully wired spoke yields no action. */
export function planHandshake(input: HandshakeInput): HandshakePlan {
  const actions: HandshakeAction[] = [];
  const leftAlone: LeftAlone[] = [];
  const spokeByAccount = new Map(input.spokes.map(s => [s.account, s]));

  for (const a of input.attachments) {
    if (!LIVE_STATES.has(a.state)) continue;
    const spoke = spokeByAccount.get(a.vpcOwnerId);
    const alone = (reason: string) =>
      leftAlone.push({
        attachmentId: a.attachmentId,
        vpcOwnerId: a.vpcOwnerId,
        reason,
      });
    if (!spoke) {
      // The hub's own attachment is wired by the hub stack; say nothing about it.
      if (!a.associatedRouteTableId || a.state !== 'available') {
        alone(`account ${a.vpcOwnerId} is not a registered spoke`);
      }
      continue;
    }
    const observed = input.vpcCidrs[a.attachmentId];
    if (!observed || 'error' in observed) {
      alone(
        `the CIDR of ${a.vpcId} in ${spoke.name} could not be read${
          observed && 'error' in observed ? `: ${observed.error}` : ''
        }`,
      );
      continue;
    }
    if (observed.cidr !== spoke.cidr) {
      alone(
        `${a.vpcId} in ${spoke.name} has CIDR ${observed.cidr}, the registry says ${spoke.cidr}`,
      );
      continue;
    }
    const classTable = input.routeTables.classes[spoke.environmentClass];
    if (a.state === 'pendingAcceptance') {
      actions.push({
        kind: 'accept',
        spoke: spoke.name,
        attachmentId: a.attachmentId,
      });
    } else if (a.state === 'pending') {
      alone(`still being created; run again once it is available`);
      continue;
    }
    if (!a.associatedRouteTableId) {
      actions.push({
        kind: 'associate',
        spoke: spoke.name,
        attachmentId: a.attachmentId,
        routeTableId: classTable,
      });
    } else if (a.associatedRouteTableId !== classTable) {
      alone(
        `associated with ${a.associatedRouteTableId}, not the ${spoke.environmentClass} table ${classTable}; left for a person to move`,
      );
      continue;
    }
    // The spoke's primary CIDR only, in the hub table and its own class's table.
    for (const table of [input.routeTables.hub, classTable]) {
      const existing = (input.routes[table] ?? []).find(
        r => r.cidr === spoke.cidr,
      );
      if (!existing) {
        actions.push({
          kind: 'route',
          spoke: spoke.name,
          attachmentId: a.attachmentId,
          routeTableId: table,
          cidr: spoke.cidr,
        });
      } else if (existing.attachmentId !== a.attachmentId) {
        alone(
          `${table} already routes ${spoke.cidr} to ${
            existing.attachmentId ?? `nothing (${existing.state})`
          }; left for a person to check`,
        );
      }
    }
  }

  for (const spoke of input.release ?? []) {
    if (input.spokes.some(s => s.cidr === spoke.cidr)) continue;
    for (const table of [
      input.routeTables.hub,
      input.routeTables.classes[spoke.environmentClass],
    ]) {
      if (
        (input.routes[table] ?? []).some(
          r => r.cidr === spoke.cidr && r.type === 'static',
        )
      ) {
        actions.push({
          kind: 'delete-route',
          spoke: spoke.name,
          routeTableId: table,
          cidr: spoke.cidr,
        });
      }
    }
  }
  return { actions, leftAlone };
}

/** One line per action and per attachment left alone, for logs and summaries. */
export function describeHandshake(plan: HandshakePlan): string[] {
  const lines = plan.actions.map(a => {
    switch (a.kind) {
      case 'accept':
        return `accept ${a.attachmentId} (${a.spoke})`;
      case 'associate':
        return `associate ${a.attachmentId} (${a.spoke}) with ${a.routeTableId}`;
      case 'route':
        return `route ${a.cidr} in ${a.routeTableId} to ${a.attachmentId} (${a.spoke})`;
      default:
        return `delete the route to ${a.cidr} in ${a.routeTableId} (${a.spoke} removed)`;
    }
  });
  for (const l of plan.leftAlone) {
    lines.push(
      `left alone ${l.attachmentId} from ${l.vpcOwnerId}: ${l.reason}`,
    );
  }
  return lines;
}

/**
 * The attachment that wires a registered spoke to the hub: available, from the
 * spoke's account, associated with its class table, with the spoke's CIDR routed
 * to it in the hub table and the class table. Otherwise why there is none.
 */
export function wiredAttachment(
  input: HandshakeInput,
  spokeName: string,
): { attachment: ObservedAttachment } | { gap: string } {
  const spoke = input.spokes.find(s => s.name === spokeName);
  if (!spoke) return { gap: `${spokeName} is not a registered spoke` };
  const classTable = input.routeTables.classes[spoke.environmentClass];
  const attachment = input.attachments.find(
    a =>
      a.vpcOwnerId === spoke.account &&
      a.state === 'available' &&
      a.associatedRouteTableId === classTable,
  );
  if (!attachment) {
    return {
      gap: `no available attachment from ${spoke.account} associated with ${classTable}`,
    };
  }
  for (const table of [input.routeTables.hub, classTable]) {
    const routed = (input.routes[table] ?? []).some(
      r =>
        r.cidr === spoke.cidr &&
        r.attachmentId === attachment.attachmentId &&
        r.state === 'active',
    );
    if (!routed) {
      return {
        gap: `${table} does not route ${spoke.cidr} to ${attachment.attachmentId}`,
      };
    }
  }
  return { attachment };
}

/** Why a registered spoke is not fully wired, or undefined when it is. */
export function notWired(
  input: HandshakeInput,
  spokeName: string,
): string | undefined {
  const wired = wiredAttachment(input, spokeName);
  return 'gap' in wired ? wired.gap : undefined;
}
