import { CidrError, parseCidr, POD_CIDR } from './cidr';
import { firstFreeBlock, mergedRanges } from './freeBlocks';
import { Registry } from './schema';

/** Where {@link nextFreeCidr} looks when no supernet is given. */
export const DEFAULT_SUPERNET = '10.0.0.0/8';

export interface NextFreeCidrOptions {
  /** Block to allocate from; default `10.0.0.0/8`. */
  supernet?: string;
  /** More blocks to avoid, e.g. on-premise ranges or a pending pull request. */
  exclude?: string[];
}

/** Every block the registry holds: the hub's, each spoke's and the pod range. */
export function registryCidrs(
  registry: Pick<Registry, 'hub' | 'spokes'>,
): string[] {
  return [
    registry.hub.network.cidr,
    ...registry.spokes.map(s => s.network.cidr),
    POD_CIDR,
  ];
}

/**
 * The lowest aligned block of `prefixLength` inside the supernet that overlaps
 * neither the hub, any spoke, the pod range nor `options.exclude`. For a spoke,
 * prefer `proposeSpokeCidr`, which knows the registry's address pools and sizes.
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
  const used = mergedRanges([
    ...registryCidrs(registry),
    ...(options.exclude ?? []),
  ]);
  const found = firstFreeBlock(supernetText, prefixLength, used);
  if (found) return found;
  throw new CidrError(
    `no free /${prefixLength} left in ${supernetText}: every block overlaps the hub, a spoke or a reserved range`,
  );
}
