import {
  blockSize,
  CidrError,
  formatCidr,
  lastAddress,
  parseCidr,
} from './cidr';

/** The largest spoke VPC: a /16, also the largest block AWS allows for a VPC. */
export const LARGEST_VPC_PREFIX = 16;
/** The smallest spoke VPC: a /20 still holds the plan for three AZs. */
export const SMALLEST_VPC_PREFIX = 20;
/** Every VPC size a spoke may have, largest first: 16, 17, 18, 19, 20. */
export const VPC_PREFIXES: readonly number[] = Array.from(
  { length: SMALLEST_VPC_PREFIX - LARGEST_VPC_PREFIX + 1 },
  (_, i) => LARGEST_VPC_PREFIX + i,
);
/**
 * The smallest public or database subnet: an Application Load Balancer needs a /27
 * (eight free addresses) in each of its subnets.
 */
export const SMALLEST_EDGE_SUBNET_PREFIX = 27;

/** Prefix lengths of one AZ's subnets for a VPC of a given size. */
export interface SubnetPrefixes {
  /** EKS nodes (pods live in the secondary range): a quarter of the VPC. */
  readonly private: number;
  /** NAT gateways and internet-facing load balancers: a 256th, at least a /27. */
  readonly public: number;
  /** Aurora: a 256th, at least a /27. */
  readonly database: number;
}

/** True when `prefixLength` is a spoke VPC size (/16 to /20). */
export function isSpokeVpcPrefix(prefixLength: number): boolean {
  return VPC_PREFIXES.includes(prefixLength);
}

/**
 * The subnet sizes of a spoke VPC, in fixed proportions of the VPC: a private
 * subnet is a quarter of it, a public and a database subnet each a 256th, never
 * smaller than a /27. A /16 keeps the historic /18 + /24 + /24 layout, so the
 * subnets of spokes created before sizes existed never move.
 *
 * @throws CidrError when the VPC is not /16 to /20.
 */
export function subnetPrefixes(vpcPrefix: number): SubnetPrefixes {
  if (!isSpokeVpcPrefix(vpcPrefix)) {
    throw new CidrError(
      `a spoke VPC must be a /${LARGEST_VPC_PREFIX} to /${SMALLEST_VPC_PREFIX}, got /${vpcPrefix}`,
    );
  }
  const edge = Math.min(vpcPrefix + 8, SMALLEST_EDGE_SUBNET_PREFIX);
  return { private: vpcPrefix + 2, public: edge, database: edge };
}

/** The subnets of one spoke VPC; each array is indexed by AZ position. */
export interface SubnetPlan {
  readonly vpcCidr: string;
  readonly azCount: number;
  /** The prefix lengths used, from {@link subnetPrefixes}. */
  readonly prefixes: SubnetPrefixes;
  readonly private: string[];
  readonly public: string[];
  readonly database: string[];
}

/** The subnet groups in allocation order, as `ec2.Vpc` must list them. */
export const SUBNET_GROUPS = ['private', 'public', 'database'] as const;
export type SubnetGroup = (typeof SUBNET_GROUPS)[number];

function allocate(
  vpcCidr: string,
  azCount: number,
  prefixes: SubnetPrefixes,
): Record<SubnetGroup, string[]> | { overflow: string } {
  const vpc = parseCidr(vpcCidr);
  const end = lastAddress(vpc);
  let next = vpc.address;
  const out = { private: [], public: [], database: [] } as Record<
    SubnetGroup,
    string[]
  >;
  for (const group of SUBNET_GROUPS) {
    const prefixLength = prefixes[group];
    const size = blockSize(prefixLength);
    for (let i = 0; i < azCount; i++) {
      // Same rule as aws-cdk-lib's NetworkBuilder: round up to the block's alignment.
      const start = Math.ceil(next / size) * size;
      if (start + size - 1 > end) {
        return { overflow: `${group} subnet ${i + 1} (/${prefixLength})` };
      }
      out[group].push(formatCidr({ address: start, prefixLength }));
      next = start + size;
    }
  }
  return out;
}

/**
 * The smallest spoke VPC (largest prefix length, /16 to /20) that holds the plan
 * for `azCount` AZs.
 *
 * @throws CidrError when not even a /16 holds it.
 */
export function minimumVpcPrefix(azCount: number): number {
  for (
    let prefix = SMALLEST_VPC_PREFIX;
    prefix >= LARGEST_VPC_PREFIX;
    prefix--
  ) {
    if (
      !(
        'overflow' in
        allocate(`0.0.0.0/${prefix}`, azCount, subnetPrefixes(prefix))
      )
    ) {
      return prefix;
    }
  }
  throw new CidrError(`no spoke VPC size holds a plan for ${azCount} AZs`);
}

/**
 * Lays out a spoke VPC: one private subnet per AZ first, then one public subnet
 * per AZ, then one isolated database subnet per AZ, each placed at the next free
 * aligned address, sized by {@link subnetPrefixes}. The CDK app builds its VPC from
 * this plan (never from a copy of the rule), so the portal and the stacks agree.
 *
 * For 10.3.0.0/16 and 3 AZs: private 10.3.0.0/18, 10.3.64.0/18, 10.3.128.0/18;
 * public 10.3.192.0/24 to 10.3.194.0/24; database 10.3.195.0/24 to 10.3.197.0/24.
 * Private first matters: the small subnets first would push the third private
 * subnet past the end of the VPC.
 *
 * @throws CidrError when the block is malformed, not /16 to /20, or too small.
 */
export function planSubnets(vpcCidr: string, azCount: number): SubnetPlan {
  if (!Number.isInteger(azCount) || azCount < 1) {
    throw new CidrError(`azCount must be a positive integer, got ${azCount}`);
  }
  const prefixes = subnetPrefixes(parseCidr(vpcCidr).prefixLength);
  const result = allocate(vpcCidr, azCount, prefixes);
  if ('overflow' in result) {
    throw new CidrError(
      `${vpcCidr} is too small for the subnet plan of ${azCount} AZs ` +
        `(per AZ: private /${prefixes.private}, public /${prefixes.public}, ` +
        `database /${prefixes.database}); ${result.overflow} does not fit.`,
    );
  }
  return { vpcCidr, azCount, prefixes, ...result };
}
