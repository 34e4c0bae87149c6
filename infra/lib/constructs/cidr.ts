/** Minimal IPv4 CIDR arithmetic for splitting the pod range per availability zone. */

function toInt(ip: string): number {
  return ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

function toIp(n: number): string {
  return [24, 16, 8, 0]
    .map(shift => Math.floor(n / 2 ** shift) % 256)
    .join('.');
}

/** The `index`th block of prefix length `newPrefix` inside `cidr`. */
export function subdivide(
  cidr: string,
  newPrefix: number,
  index: number,
): string {
  const [ip, prefixText] = cidr.split('/');
  const prefix = Number(prefixText);
  if (newPrefix < prefix || index >= 2 ** (newPrefix - prefix)) {
    throw new Error(`cannot take block ${index} of /${newPrefix} from ${cidr}`);
  }
  const base = toInt(ip) - (toInt(ip) % 2 ** (32 - prefix));
  return `${toIp(base + index * 2 ** (32 - newPrefix))}/${newPrefix}`;
}
