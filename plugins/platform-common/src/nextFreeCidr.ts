import {
  blockSize,
  CidrError,
  formatCidr,
  lastAddress,
  parseCidr,
  POD_CIDR,
} from './cidr';
import { Registry } from './schema';

/** Where {@link nextFreeCidr} looks when no supernet is given. */
export const DEFAULT_SUPERNET = '10.0.0.0/8';

export interface NextFreeCidrOptions {
  /** Block to allocate from; default `10.0.0.0/8`. */
  supernet?: string;
  /** More blocks to avoid, e.g. on-premise ranges or a pending pull request. */
  exclude?: string[];
}

/**
 * The lowest aligned block of `prefixLength` inside the supernet that overlaps
 * neither the hub, any spoke, the pod range nor `options.exclude`.
 *
 * @throws CidrError when the supernet has no free block of that size.
 */
export function nextFreeCidr(
  registry: Pick<Registry, 'hub' | 'spokes'>,
  prefixLength: number,
  options: NextFreeCidrOptions = {},
): string {
  const supernetText = options.supernet ?? DEFAULT_SUPERNET;
  const supernet = parseCidr(supernetText);
  if (
    !Number.isInteger(prefixLength) ||
    prefixLength < supernet.prefixLength ||
    prefixLength > 32
  ) {
    throw new CidrError(
      `prefixLength must be an integer from ${supernet.prefixLength} to 32, got ${prefixLength}`,
    );
  }
  const used = [
    registry.hub.network.cidr,
    ...registry.spokes.map(s => s.network.cidr),
    POD_CIDR,
    ...(options.exclude ?? []),
  ]
    .map(c => parseCidr(c))
    .map(c => ({ start: c.address, end: lastAddress(c) }))
    .sort((a, b) => a.start - b.start);

  const size = blockSize(prefixLength);
  const end = lastAddress(supernet);
  let candidate = supernet.address;
  while (candidate + size - 1 <= end) {
    const start = candidate;
    const clash = used.find(u => u.start <= start + size - 1 && start <= u.end);
    if (!clash) return formatCidr({ address: candidate, prefixLength });
    // Jump past the clashing block, staying aligned.
    candidate = Math.ceil((clash.end + 1) / size) * size;
  }
  throw new CidrError(
    `no free /${prefixLength} left in ${supernetText}: every block overlaps the hub, a spoke or a reserved range`,
  );
}
