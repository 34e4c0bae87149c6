import { SeedRegistry, seedFromRegistry, seedNames } from './seed';
import {
  AccountRegionState,
  AwsLocalData,
  emptyRegion,
  IpamPoolAllocation,
  regionKey,
} from './types';

/** What `seedSpoke` did. */
export interface SeedSpokeResult {
  spoke: string;
  /** False when the spoke's account already held its resources: nothing changed. */
  seeded: boolean;
}

/** The registry has no spoke of that name. */
export class UnknownSpokeError extends Error {}

/**
 * Adds to `data` what the registry seed holds for one spoke, as a merge of its file
 * and the deploy after it would leave AWS: in the spoke's account its VPC, EKS
 * cluster (node group, add-ons, capabilities, insights) and Aurora (instances,
 * managed secret, replica lag); in the hub its Transit Gateway attachment, the
 * routes to its CIDR in its class table and the hub table, its IPAM allocation, and
 * the gateway shared with its account.
 *
 * Nothing changes when the spoke's account and region already hold its VPC, EKS
 * cluster or Aurora cluster: a test may have changed them, and a second call must
 * not duplicate them. Everything else in `data` is left as it is.
 */
export function seedSpoke(
  data: AwsLocalData,
  registry: SeedRegistry,
  name: string,
  now: Date,
): SeedSpokeResult {
  const spoke = registry.spokes.find(s => s.name === name);
  if (!spoke) {
    throw new UnknownSpokeError(
      `The registry has no spoke ${name} (spokes: ${
        registry.spokes.map(s => s.name).join(', ') || 'none'
      })`,
    );
  }
  const spokeKey = regionKey(spoke.account, spoke.region);
  if (holdsSpoke(data.regions[spokeKey], name)) {
    return { spoke: name, seeded: false };
  }
  // The seed of the hub and this spoke alone: its own account holds only the
  // spoke's resources, and the hub's lists name only its attachment and routes.
  const fresh = seedFromRegistry({ ...registry, spokes: [spoke] }, now);
  data.regions[spokeKey] ??= emptyRegion(spoke.account, spoke.region);
  appendAll(data.regions[spokeKey], fresh.regions[spokeKey]);

  const hubKey = regionKey(registry.hub.account, registry.hub.region);
  data.regions[hubKey] ??= emptyRegion(
    registry.hub.account,
    registry.hub.region,
  );
  wireIntoHub(data.regions[hubKey], fresh.regions[hubKey], spoke);
  return { spoke: name, seeded: true };
}

function holdsSpoke(
  state: AccountRegionState | undefined,
  name: string,
): boolean {
  if (!state) return false;
  const vpcName = seedNames.vpc(name);
  return (
    state.eks.clusters.some(c => c.name === seedNames.eksCluster(name)) ||
    state.rds.clusters.some(
      c => c.DBClusterIdentifier === seedNames.auroraCluster(name),
    ) ||
    state.ec2.vpcs.some(v =>
      v.Tags?.some(t => t.Key === 'Name' && t.Value === vpcName),
    )
  );
}

/** Appends every resource list of `from` to the same list of `to`. */
function appendAll(to: AccountRegionState, from: AccountRegionState): void {
  const services = ['eks', 'ec2', 'rds', 'cloudwatch', 'secretsManager'];
  const target = to as unknown as Record<string, Record<string, unknown[]>>;
  const source = from as unknown as Record<string, Record<string, unknown>>;
  for (const service of services) {
    if (!source[service]) continue;
    target[service] ??= {};
    for (const [list, items] of Object.entries(source[service])) {
      if (!Array.isArray(items)) continue;
      (target[service][list] ??= []).push(...structuredClone(items));
    }
  }
}

/** Adds the spoke's side of the hub: the gateway share, attachment, routes, IPAM block. */
function wireIntoHub(
  hub: AccountRegionState,
  fresh: AccountRegionState,
  spoke: SeedRegistry['spokes'][number],
): void {
  for (const gateway of fresh.ec2.transitGateways) {
    const existing = hub.ec2.transitGateways.find(
      g => g.TransitGatewayId === gateway.TransitGatewayId,
    );
    if (!existing) {
      hub.ec2.transitGateways.push(structuredClone(gateway));
    } else if (!existing.SharedWith?.includes(spoke.account)) {
      existing.SharedWith = [...(existing.SharedWith ?? []), spoke.account];
    }
  }

  const attachments = fresh.ec2.attachments.filter(
    a => a.ResourceOwnerId === spoke.account,
  );
  const attachmentIds = new Set(
    attachments.map(a => a.TransitGatewayAttachmentId),
  );
  for (const attachment of attachments) {
    if (
      !hub.ec2.attachments.some(
        a =>
          a.TransitGatewayAttachmentId ===
          attachment.TransitGatewayAttachmentId,
      )
    ) {
      hub.ec2.attachments.push(structuredClone(attachment));
    }
  }

  for (const table of fresh.ec2.routeTables) {
    const existing = hub.ec2.routeTables.find(
      t => t.TransitGatewayRouteTableId === table.TransitGatewayRouteTableId,
    );
    if (!existing) {
      hub.ec2.routeTables.push(structuredClone(table));
      continue;
    }
    for (const route of table.Routes) {
      const toSpoke = route.TransitGatewayAttachments?.some(a =>
        attachmentIds.has(a.TransitGatewayAttachmentId),
      );
      const taken = existing.Routes.some(
        r => r.DestinationCidrBlock === route.DestinationCidrBlock,
      );
      if (toSpoke && !taken) existing.Routes.push(structuredClone(route));
    }
  }

  for (const pool of fresh.ec2.ipamPools ?? []) {
    const existing = hub.ec2.ipamPools?.find(
      p => p.IpamPoolId === pool.IpamPoolId,
    );
    if (!existing) continue;
    for (const allocation of pool.Allocations) {
      if (
        allocation.Cidr !== spoke.network.cidr ||
        existing.Allocations.some(a => a.Cidr === allocation.Cidr)
      ) {
        continue;
      }
      existing.Allocations.push({
        ...allocation,
        IpamPoolAllocationId: nextAllocationId(existing.Allocations),
      });
    }
  }
}

/** The seed numbers allocation ids per pool; a new one follows the highest. */
function nextAllocationId(allocations: IpamPoolAllocation[]): string {
  const highest = Math.max(
    0,
    ...allocations.map(
      a =>
        parseInt(a.IpamPoolAllocationId.replace(/^ipam-pool-alloc-/, ''), 16) ||
        0,
    ),
  );
  return `ipam-pool-alloc-${(highest + 1).toString(16).padStart(17, '0')}`;
}
