import {
  blockSize,
  CidrError,
  formatCidr,
  lastAddress,
  parseCidr,
} from './cidr';

/** Prefix length of each AZ's private subnet (EKS nodes and pods' ENIs). */
export const PRIVATE_SUBNET_PREFIX = 18;
/** Prefix length of each AZ's public subnet (NAT gateways, load balancers). */
export const PUBLIC_SUBNET_PREFIX = 24;
/** Prefix length of each AZ's isolated database subnet (Aurora). */
export const DATABASE_SUBNET_PREFIX = 24;

/** The subnets of one spoke VPC; each array is indexed by AZ position. */
export interface SubnetPlan {
  readonly vpcCidr: string;
  readonly azCount: number;
  readonly private: string[];
  readonly public: string[];
  readonly database: string[];
}

function allocate(
  vpcCidr: string,
  azCount: number,
): SubnetPlan | { overflow: string } {
  const vpc = parseCidr(vpcCidr);
  const end = lastAddress(vpc);
  let next = vpc.address;
  const take = (prefixLength: number, kind: string): string[] | string => {
    const out: string[] = [];
    for (let i = 0; i < azCount; i++) {
      const size = blockSize(prefixLength);
      // Same rule as aws-cdk-lib's NetworkBuilder: round up to the block's alignment.
      const start = Math.ceil(next / size) * size;
      if (start + size - 1 > end) {
        return `${kind} subnet ${i + 1} (/${prefixLength})`;
      }
      out.push(formatCidr({ address: start, prefixLength }));
      next = start + size;
    }
    return out;
  };
  const priv = take(PRIVATE_SUBNET_PREFIX, 'private');
  if (typeof priv === 'string') return { overflow: priv };
  const pub = take(PUBLIC_SUBNET_PREFIX, 'public');
  if (typeof pub === 'string') return { overflow: pub };
  const db = take(DATABASE_SUBNET_PREFIX, 'database');
  if (typeof db === 'string') return { overflow: db };
  return { vpcCidr, azCount, private: priv, public: pub, database: db };
}

/** The largest prefix length (smallest block) that holds the plan for `azCount` AZs. */
export function minimumVpcPrefix(azCount: number): number {
  for (let prefix = PRIVATE_SUBNET_PREFIX; prefix >= 0; prefix--) {
    if (!('overflow' in allocate(`0.0.0.0/${prefix}`, azCount))) return prefix;
  }
  throw new CidrError(`no IPv4 block holds a plan for ${azCount} AZs`);
}

/**
 * Lays out a spoke VPC: one private /18 per AZ first, then one public /24 per
 * AZ, then one isolated database /24 per AZ, each placed at the next free
 * aligned address. This is exactly what aws-cdk-lib's `ec2.Vpc` allocates with
 * `IpAddresses.cidr(...)` and `subnetConfiguration` in the order private (18),
 * public (24), isolated (24), so the portal and the CDK app agree.
 *
 * For 10.3.0.0/16 and 3 AZs: private 10.3.0.0/18, 10.3.64.0/18, 10.3.128.0/18;
 * public 10.3.192.0/24 to 10.3.194.0/24; database 10.3.195.0/24 to 10.3.197.0/24.
 * With 2 AZs the /24s start at 10.x.128.0. Private first matters: /24s first
 * would push the third /18 past the end of a /16.
 *
 * @throws CidrError when the block is malformed or too small for the plan.
 */
export function planSubnets(vpcCidr: string, azCount: number): SubnetPlan {
  if (!Number.isInteger(azCount) || azCount < 1) {
    throw new CidrError(`azCount must be a positive integer, got ${azCount}`);
  }
  const result = allocate(vpcCidr, azCount);
  if ('overflow' in result) {
    throw new CidrError(
      `${vpcCidr} is too small for the subnet plan of ${azCount} AZs ` +
        `(per AZ: private /${PRIVATE_SUBNET_PREFIX}, public /${PUBLIC_SUBNET_PREFIX}, ` +
        `database /${DATABASE_SUBNET_PREFIX}); ${result.overflow} does not fit. ` +
        `Use a /${minimumVpcPrefix(azCount)} or larger.`,
    );
  }
  return result;
}
