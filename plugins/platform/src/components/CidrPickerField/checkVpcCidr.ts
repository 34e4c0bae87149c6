import {
  cidrContains,
  cidrsOverlap,
  LARGEST_VPC_PREFIX,
  parseCidr,
  SMALLEST_VPC_PREFIX,
} from '@internal/plugin-platform-common';

/** A block already taken: the hub's, a spoke's or a reserved range. */
export interface UsedCidr {
  cidr: string;
  /** Who holds it, e.g. `spoke dev`. */
  owner: string;
}

/** What the form has chosen besides the block. */
export interface CidrChoice {
  /** The size chosen (prefix length, 16 to 20). */
  size?: number;
  /** The chosen pool and its blocks. */
  pool?: { name: string; cidrs: string[] };
}

/** The largest VPC block AWS allows. */
export const AWS_LARGEST_VPC_PREFIX = LARGEST_VPC_PREFIX;

/**
 * Why a VPC CIDR cannot be used for a new spoke, or undefined when it can, as far
 * as the browser can tell. The server checks again with every registry rule.
 */
export function checkVpcCidr(
  value: string | undefined,
  used: UsedCidr[],
  choice: CidrChoice = {},
): string | undefined {
  if (!value) return 'Enter a CIDR block such as 10.4.0.0/20';
  const cidr = value.trim();
  let prefixLength: number;
  try {
    prefixLength = parseCidr(cidr).prefixLength;
  } catch (e) {
    return (e as Error).message;
  }
  if (prefixLength < LARGEST_VPC_PREFIX) {
    return `/${prefixLength} is larger than AWS allows for a VPC (/${LARGEST_VPC_PREFIX})`;
  }
  if (prefixLength > SMALLEST_VPC_PREFIX) {
    return `/${prefixLength} is too small for the subnet plan; a spoke VPC is a /${LARGEST_VPC_PREFIX} to /${SMALLEST_VPC_PREFIX}`;
  }
  if (choice.size !== undefined && prefixLength !== choice.size) {
    return `/${prefixLength} is not the chosen size /${choice.size}`;
  }
  const pool = choice.pool;
  if (
    pool &&
    pool.cidrs.length > 0 &&
    !pool.cidrs.some(c => cidrContains(c, cidr))
  ) {
    return `Outside pool ${pool.name} (${pool.cidrs.join(', ')})`;
  }
  const clashes = used.filter(u => cidrsOverlap(cidr, u.cidr));
  if (clashes.length > 0) {
    return `Overlaps ${clashes.map(c => `${c.owner} (${c.cidr})`).join(', ')}`;
  }
  return undefined;
}
