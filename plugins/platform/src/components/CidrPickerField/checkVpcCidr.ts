import {
  cidrsOverlap,
  MAX_AZ_COUNT,
  minimumVpcPrefix,
  parseCidr,
} from '@internal/plugin-platform-common';

/** A block already taken: the hub's, a spoke's or a reserved range. */
export interface UsedCidr {
  cidr: string;
  /** Who holds it, e.g. `spoke dev`. */
  owner: string;
}

/** The largest VPC block AWS allows. */
export const AWS_LARGEST_VPC_PREFIX = 16;

/**
 * Why a VPC CIDR cannot be used for a new spoke, or undefined when it can, as far
 * as the browser can tell. The server checks again with every registry rule.
 */
export function checkVpcCidr(
  value: string | undefined,
  used: UsedCidr[],
): string | undefined {
  if (!value) return 'Enter a CIDR block such as 10.4.0.0/16';
  let prefixLength: number;
  try {
    prefixLength = parseCidr(value.trim()).prefixLength;
  } catch (e) {
    return (e as Error).message;
  }
  if (prefixLength < AWS_LARGEST_VPC_PREFIX) {
    return `/${prefixLength} is larger than AWS allows for a VPC (/${AWS_LARGEST_VPC_PREFIX})`;
  }
  const needed = minimumVpcPrefix(MAX_AZ_COUNT);
  if (prefixLength > needed) {
    return `/${prefixLength} is too small for the subnet plan; it needs a /${needed}`;
  }
  const clashes = used.filter(u => cidrsOverlap(value.trim(), u.cidr));
  if (clashes.length > 0) {
    return `Overlaps ${clashes.map(c => `${c.owner} (${c.cidr})`).join(', ')}`;
  }
  return undefined;
}
