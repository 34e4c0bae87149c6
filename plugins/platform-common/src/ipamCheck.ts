import { addressPlanOf, poolContaining, proposeSpokeCidr } from './addressPlan';
import { cidrsOverlap, parseCidr } from './cidr';
import { HUB_FILE, spokeFile } from './registry';
import { RegistryIssue } from './RegistryValidationError';
import { Registry, SpokeConfig } from './schema';

/** Description of the IPAM reservation the hub holds for a spoke that names no pool. */
export function spokeReservationDescription(spokeName: string): string {
  return `platform spoke ${spokeName}`;
}

/** Description of the IPAM reservation holding the hub VPC's block. */
export const HUB_RESERVATION_DESCRIPTION = 'platform hub VPC';

/** One allocation of an IPAM pool, as `GetIpamPoolAllocations` returns it. */
export interface IpamAllocation {
  cidr: string;
  allocationId?: string;
  description?: string;
  /** `vpc`, `custom` (a reservation), `subnet`, ... */
  resourceType?: string;
  resourceId?: string;
  resourceOwner?: string;
}

/** What IPAM says, per registry pool name: its allocations, or why they could not be read. */
export type IpamPoolAllocations = Record<
  string,
  | { poolId: string; allocations: IpamAllocation[] }
  | { poolId: string; error: string }
>;

/** Result of {@link checkRegistryAgainstIpam}. */
export interface IpamCheckResult {
  /** Registry blocks IPAM has given to something else: the pull request must fail. */
  conflicts: RegistryIssue[];
  /** Pools that could not be read: the check could not be made for their spokes. */
  unreadable: RegistryIssue[];
  /** Spokes and the hub whose block was compared, with the outcome. */
  checked: { file: string; cidr: string; pool: string; outcome: string }[];
}

/** The pools the check reads: each registry pool whose IPAM id the hub recorded. */
export function ipamPoolIdsToCheck(registry: Registry): Record<string, string> {
  return { ...(registry.hub.deployed?.ipamPoolIds ?? {}) };
}

function describeAllocation(a: IpamAllocation): string {
  const what =
    a.resourceType === 'custom' || !a.resourceType
      ? `reservation${a.description ? ` '${a.description}'` : ''}`
      : `${a.resourceType} ${a.resourceId ?? '(unknown id)'}${
          a.resourceOwner ? ` in account ${a.resourceOwner}` : ''
        }`;
  return `${a.allocationId ?? 'an allocation'} (${what}, ${a.cidr})`;
}

/** Whether an allocation is the spoke's own VPC or the hub's reservation for it. */
function ownsSpoke(spoke: SpokeConfig, a: IpamAllocation): boolean {
  if (a.cidr !== spoke.network.cidr) return false;
  if (a.resourceType === 'vpc') {
    return spoke.deployed?.vpcId
      ? a.resourceId === spoke.deployed.vpcId
      : a.resourceOwner === spoke.account;
  }
  return (
    a.resourceType === 'custom' &&
    a.description === spokeReservationDescription(spoke.name)
  );
}

/**
 * Compares the registry's blocks with the allocations of the hub's IPAM pools: a
 * block that IPAM has given to anything but that spoke's VPC (or the hub's
 * reservation for it) was taken meanwhile, so the pull request adding it must fail.
 * Each conflict names the file, `network.cidr`, the rule `ipam-allocation`, the
 * allocation holding the block and a free block to use instead. Pure: the caller
 * reads IPAM (see the infra script `check-ipam-allocations`).
 */
export function checkRegistryAgainstIpam(
  registry: Registry,
  ipam: IpamPoolAllocations,
  options: { files?: string[] } = {},
): IpamCheckResult {
  const plan = addressPlanOf(registry.hub);
  const result: IpamCheckResult = {
    conflicts: [],
    unreadable: [],
    checked: [],
  };
  const wanted = (file: string) =>
    !options.files || options.files.includes(file);

  const entries: {
    file: string;
    cidr: string;
    pool?: string;
    spoke?: SpokeConfig;
  }[] = [
    {
      file: HUB_FILE,
      cidr: registry.hub.network.cidr,
      pool: poolContaining(plan, registry.hub.network.cidr)?.name,
    },
    ...registry.spokes.map(spoke => ({
      file: spokeFile(spoke.name),
      cidr: spoke.network.cidr,
      pool:
        spoke.network.pool ?? poolContaining(plan, spoke.network.cidr)?.name,
      spoke,
    })),
  ];
  for (const entry of entries.filter(e => wanted(e.file) && e.pool)) {
    const pool = entry.pool!;
    const state = ipam[pool];
    if (!state) continue; // The hub has not recorded this pool's id yet.
    if ('error' in state) {
      result.unreadable.push({
        file: entry.file,
        field: 'network.cidr',
        rule: 'ipam-unreadable',
        message: `could not read IPAM pool '${pool}' (${state.poolId}) to check ${entry.cidr}: ${state.error}`,
      });
      result.checked.push({
        file: entry.file,
        cidr: entry.cidr,
        pool,
        outcome: 'unknown',
      });
      continue;
    }
    const clashes = state.allocations.filter(
      a =>
        cidrsOverlap(a.cidr, entry.cidr) &&
        !(entry.spoke
          ? ownsSpoke(entry.spoke, a)
          : a.cidr === entry.cidr &&
            a.description === HUB_RESERVATION_DESCRIPTION),
    );
    if (clashes.length === 0) {
      const own = state.allocations.some(a => a.cidr === entry.cidr);
      result.checked.push({
        file: entry.file,
        cidr: entry.cidr,
        pool,
        outcome: own ? 'allocated to it' : 'free',
      });
      continue;
    }
    let instead = '';
    if (entry.spoke) {
      try {
        const proposal = proposeSpokeCidr(registry, {
          pool,
          size: parseCidr(entry.cidr).prefixLength,
          exclude: state.allocations.map(a => a.cidr),
        });
        instead = ` Use another block, e.g. ${proposal.cidr} (free in the registry and in IPAM now).`;
      } catch (e) {
        instead = ` ${(e as Error).message}`;
      }
    }
    result.conflicts.push({
      file: entry.file,
      field: 'network.cidr',
      rule: 'ipam-allocation',
      message: `${entry.cidr} was taken in IPAM pool '${pool}' (${
        state.poolId
      }) by ${clashes.map(describeAllocation).join(', ')}.${instead}`,
    });
    result.checked.push({
      file: entry.file,
      cidr: entry.cidr,
      pool,
      outcome: 'taken',
    });
  }
  return result;
}
