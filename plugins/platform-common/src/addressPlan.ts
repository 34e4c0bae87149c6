import { cidrContains, CidrError, lastAddress, parseCidr } from './cidr';
import {
  AddressRange,
  firstFreeBlock,
  freeAddresses,
  mergedRanges,
} from './freeBlocks';
import { registryCidrs } from './nextFreeCidr';
import { EnvironmentClass, HubConfig, Registry, SpokeConfig } from './schema';
import {
  isSpokeVpcPrefix,
  LARGEST_VPC_PREFIX,
  SMALLEST_VPC_PREFIX,
} from './subnetPlan';

/** The hub's address plan as parsed (`hub.yaml` `addressPlan`). */
export type AddressPlan = NonNullable<HubConfig['addressPlan']>;
/** One address pool of the plan. */
export type AddressPool = AddressPlan['pools'][number];

/**
 * The plan of a hub that declares none: one pool, all of 10.0.0.0/8, and /16s,
 * which is how spokes were planned before pools existed.
 */
export const DEFAULT_ADDRESS_PLAN: AddressPlan = {
  pools: [{ name: 'default', cidrs: ['10.0.0.0/8'] }],
  defaults: { 'non-prod': { size: 16 }, prod: { size: 16 } },
};

/** The hub's address plan, or {@link DEFAULT_ADDRESS_PLAN}. */
export function addressPlanOf(
  hub: Pick<HubConfig, 'addressPlan'>,
): AddressPlan {
  return hub.addressPlan ?? DEFAULT_ADDRESS_PLAN;
}

/** The pool called `name`, or undefined. */
export function findPool(
  plan: AddressPlan,
  name: string,
): AddressPool | undefined {
  return plan.pools.find(p => p.name === name);
}

/** The first pool holding the whole block, or undefined. */
export function poolContaining(
  plan: AddressPlan,
  cidr: string,
): AddressPool | undefined {
  return plan.pools.find(p => p.cidrs.some(c => cidrContains(c, cidr)));
}

/** The pool a spoke's VPC comes from: the one it names, else the one holding its block. */
export function poolOfSpoke(
  plan: AddressPlan,
  spoke: Pick<SpokeConfig, 'network'>,
): AddressPool | undefined {
  return spoke.network.pool
    ? findPool(plan, spoke.network.pool)
    : poolContaining(plan, spoke.network.cidr);
}

/** A new spoke's default pool and size for its environment class. */
export function spokeDefaults(
  plan: AddressPlan,
  environmentClass: EnvironmentClass,
): { pool: AddressPool; size: number } {
  const defaults = plan.defaults[environmentClass];
  const pool =
    (defaults.pool && findPool(plan, defaults.pool)) || plan.pools[0];
  return { pool, size: defaults.size };
}

/** Thrown when a pool has no free block of the size asked for. */
export class AddressPoolFullError extends CidrError {
  constructor(
    readonly pool: string,
    readonly prefixLength: number,
    message: string,
  ) {
    super(message);
    this.name = 'AddressPoolFullError';
  }
}

/** What to propose a block for; every field is optional. */
export interface ProposeSpokeCidrOptions {
  /** Pool name; default: the environment class's default pool. */
  pool?: string;
  /** VPC prefix length, 16 to 20; default: the environment class's default size. */
  size?: number;
  /** Picks the defaults; default `non-prod`. */
  environmentClass?: EnvironmentClass;
  /** More blocks to avoid: IPAM allocations, a pending pull request's block. */
  exclude?: string[];
}

/** A proposed block and what it was taken from. */
export interface SpokeCidrProposal {
  cidr: string;
  pool: string;
  size: number;
}

/**
 * The offline planner: proposes spoke blocks from the registry's pools. It sorts
 * the blocks in use once, so each proposal is one pass over them, and
 * {@link SpokeCidrPlanner.take} records a block without starting over (for
 * callers that place many spokes, such as fixtures and benchmarks).
 */
export class SpokeCidrPlanner {
  private readonly plan: AddressPlan;
  private readonly used: AddressRange[];

  constructor(
    registry: Pick<Registry, 'hub' | 'spokes'>,
    exclude: readonly string[] = [],
  ) {
    this.plan = addressPlanOf(registry.hub);
    this.used = mergedRanges([...registryCidrs(registry), ...exclude]);
  }

  /**
   * The lowest free block of the requested size in the requested pool: free of
   * the hub, every spoke, the pod range and the exclusions. In AWS, IPAM makes
   * the allocation itself; this is the check the form, dry runs and tests use.
   *
   * @throws CidrError naming the pool or the size when either is unknown or wrong.
   * @throws AddressPoolFullError naming the pool when it has no such block left.
   */
  propose(
    options: Omit<ProposeSpokeCidrOptions, 'exclude'> = {},
  ): SpokeCidrProposal {
    const plan = this.plan;
    const defaults = spokeDefaults(
      plan,
      options.environmentClass ?? 'non-prod',
    );
    const pool = options.pool ? findPool(plan, options.pool) : defaults.pool;
    if (!pool) {
      throw new CidrError(
        `unknown address pool '${
          options.pool
        }'; the hub's pools are ${plan.pools.map(p => p.name).join(', ')}`,
      );
    }
    const size = options.size ?? defaults.size;
    if (!isSpokeVpcPrefix(size)) {
      throw new CidrError(
        `a spoke VPC must be a /${LARGEST_VPC_PREFIX} to /${SMALLEST_VPC_PREFIX}, got /${size}`,
      );
    }
    const ordered = [...pool.cidrs].sort(
      (a, b) => parseCidr(a).address - parseCidr(b).address,
    );
    for (const block of ordered) {
      const cidr = firstFreeBlock(block, size, this.used);
      if (cidr) return { cidr, pool: pool.name, size };
    }
    throw new AddressPoolFullError(
      pool.name,
      size,
      `address pool '${pool.name}' (${pool.cidrs.join(
        ', ',
      )}) has no free /${size} left: every block overlaps the hub, a spoke or a reserved range. ` +
        `Choose a smaller size or another pool, or add a block to the pool in hub.yaml addressPlan.pools.`,
    );
  }

  /** Marks a block as used, e.g. the one just proposed. */
  take(cidr: string): void {
    const c = parseCidr(cidr);
    const range = { start: c.address, end: lastAddress(c) };
    // Binary search for the insertion point; the list stays sorted by start.
    let lo = 0;
    let hi = this.used.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.used[mid].start < range.start) lo = mid + 1;
      else hi = mid;
    }
    this.used.splice(lo, 0, range);
  }
}

/**
 * The lowest free block of the requested size in the requested pool (see
 * {@link SpokeCidrPlanner.propose}).
 *
 * @throws CidrError naming the pool or the size when either is unknown or wrong.
 * @throws AddressPoolFullError naming the pool when it has no such block left.
 */
export function proposeSpokeCidr(
  registry: Pick<Registry, 'hub' | 'spokes'>,
  options: ProposeSpokeCidrOptions = {},
): SpokeCidrProposal {
  return new SpokeCidrPlanner(registry, options.exclude).propose(options);
}

/** How full a pool is. */
export interface PoolUsage {
  pool: string;
  cidrs: string[];
  /** Addresses in the pool. */
  total: number;
  /** Addresses not covered by the hub, a spoke or the pod range. */
  free: number;
  /** Spokes whose VPC comes from this pool. */
  spokes: number;
}

/** Usage of every pool of the hub's plan, in plan order. */
export function poolUsage(
  registry: Pick<Registry, 'hub' | 'spokes'>,
): PoolUsage[] {
  const plan = addressPlanOf(registry.hub);
  const used = mergedRanges(registryCidrs(registry));
  return plan.pools.map(pool => {
    const total = pool.cidrs.reduce(
      (sum, c) => sum + 2 ** (32 - parseCidr(c).prefixLength),
      0,
    );
    const free = pool.cidrs.reduce((sum, c) => sum + freeAddresses(c, used), 0);
    return {
      pool: pool.name,
      cidrs: [...pool.cidrs],
      total,
      free,
      spokes: registry.spokes.filter(s => poolOfSpoke(plan, s) === pool).length,
    };
  });
}
