/**
 * Small, dependency-free IPv4 CIDR helpers. Addresses are plain numbers in
 * [0, 2^32) rather than bit-twiddled int32s, so nothing goes negative.
 */

/** A parsed IPv4 CIDR block; `address` is the network address. */
export interface Ipv4Cidr {
  readonly address: number;
  readonly prefixLength: number;
}

/** Thrown for malformed addresses and blocks, and when a plan does not fit. */
export class CidrError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'CidrError';
  }
}

/** The secondary block every spoke gives its pods; never routed over the TGW. */
export const POD_CIDR = '100.64.0.0/16';

const OCTET = /^(0|[1-9]\d{0,2})$/;

/** Parses a dotted-quad IPv4 address into a number. */
export function parseIpv4(ip: string): number {
  const parts = ip.split('.');
  if (
    parts.length !== 4 ||
    parts.some(p => !OCTET.test(p) || Number(p) > 255)
  ) {
    throw new CidrError(`'${ip}' is not an IPv4 address`);
  }
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

/** Formats a number in [0, 2^32) as a dotted-quad IPv4 address. */
export function formatIpv4(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new CidrError(`${value} is not an IPv4 address value`);
  }
  return [24, 16, 8, 0]
    .map(shift => Math.floor(value / 2 ** shift) % 256)
    .join('.');
}

/** Number of addresses in a block of the given prefix length. */
export function blockSize(prefixLength: number): number {
  return 2 ** (32 - prefixLength);
}

/**
 * Parses `a.b.c.d/n`. Host bits must be zero (`10.1.2.0/16` is rejected), so
 * a value in the registry always means exactly what it says.
 */
export function parseCidr(cidr: string): Ipv4Cidr {
  const match = /^([^/]+)\/(0|[1-9]\d?)$/.exec(cidr);
  if (!match) {
    throw new CidrError(`'${cidr}' is not an IPv4 CIDR block (a.b.c.d/n)`);
  }
  const address = parseIpv4(match[1]);
  const prefixLength = Number(match[2]);
  if (prefixLength > 32) {
    throw new CidrError(`'${cidr}' has a prefix length above 32`);
  }
  if (address % blockSize(prefixLength) !== 0) {
    const network = address - (address % blockSize(prefixLength));
    throw new CidrError(
      `'${cidr}' has host bits set; did you mean ${formatIpv4(
        network,
      )}/${prefixLength}?`,
    );
  }
  return { address, prefixLength };
}

/** Formats a parsed block back to `a.b.c.d/n`. */
export function formatCidr(cidr: Ipv4Cidr): string {
  return `${formatIpv4(cidr.address)}/${cidr.prefixLength}`;
}

/** True when `value` parses as a CIDR block with no host bits set. */
export function isValidCidr(value: string): boolean {
  try {
    parseCidr(value);
    return true;
  } catch {
    return false;
  }
}

function toCidr(value: string | Ipv4Cidr): Ipv4Cidr {
  return typeof value === 'string' ? parseCidr(value) : value;
}

/** Last address in the block. */
export function lastAddress(cidr: string | Ipv4Cidr): number {
  const c = toCidr(cidr);
  return c.address + blockSize(c.prefixLength) - 1;
}

/** True when the two blocks share at least one address. */
export function cidrsOverlap(
  a: string | Ipv4Cidr,
  b: string | Ipv4Cidr,
): boolean {
  const x = toCidr(a);
  const y = toCidr(b);
  return x.address <= lastAddress(y) && y.address <= lastAddress(x);
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContains(
  outer: string | Ipv4Cidr,
  inner: string | Ipv4Cidr,
): boolean {
  const o = toCidr(outer);
  const i = toCidr(inner);
  return o.address <= i.address && lastAddress(i) <= lastAddress(o);
}

/** True when the address lies inside the block. */
export function ipInCidr(ip: string, cidr: string | Ipv4Cidr): boolean {
  const value = parseIpv4(ip);
  const c = toCidr(cidr);
  return c.address <= value && value <= lastAddress(c);
}
