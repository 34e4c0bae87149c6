import { blockSize, formatCidr, lastAddress, parseCidr } from './cidr';

/** An address range, both ends included. */
export interface AddressRange {
  readonly start: number;
  readonly end: number;
}

/** The ranges of some CIDR blocks, sorted by start and merged where they touch or overlap. */
export function mergedRanges(cidrs: readonly string[]): AddressRange[] {
  return mergeSorted(
    cidrs
      .map(c => parseCidr(c))
      .map(c => ({ start: c.address, end: lastAddress(c) }))
      .sort((a, b) => a.start - b.start),
  );
}

function mergeSorted(ranges: AddressRange[]): AddressRange[] {
  const merged: AddressRange[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end + 1) {
      merged[merged.length - 1] = {
        start: last.start,
        end: Math.max(last.end, r.end),
      };
    } else {
      merged.push(r);
    }
  }
  return merged;
}

/**
 * The lowest aligned block of `prefixLength` inside `container` that overlaps no
 * range of `used` (sorted by start; overlapping ranges are fine), or undefined.
 * One pass over `used`: a candidate only moves forward, past the range it hit.
 */
export function firstFreeBlock(
  container: string,
  prefixLength: number,
  used: readonly AddressRange[],
): string | undefined {
  const outer = parseCidr(container);
  if (prefixLength < outer.prefixLength) return undefined;
  const size = blockSize(prefixLength);
  const end = lastAddress(outer);
  let candidate = outer.address;
  let i = 0;
  while (candidate + size - 1 <= end) {
    while (i < used.length && used[i].end < candidate) i++;
    // Ranges are sorted by start only, so look at each one starting in the block.
    let clashEnd = -1;
    for (
      let j = i;
      j < used.length && used[j].start <= candidate + size - 1;
      j++
    ) {
      if (used[j].end >= candidate) clashEnd = Math.max(clashEnd, used[j].end);
    }
    if (clashEnd < 0) return formatCidr({ address: candidate, prefixLength });
    // Jump past the clashing ranges, staying aligned.
    candidate = Math.ceil((clashEnd + 1) / size) * size;
  }
  return undefined;
}

/** Addresses of `container` that no range of `used` (merged) covers. */
export function freeAddresses(
  container: string,
  usedRanges: readonly AddressRange[],
): number {
  const used = mergeSorted([...usedRanges].sort((a, b) => a.start - b.start));
  const outer = parseCidr(container);
  const start = outer.address;
  const end = lastAddress(outer);
  let taken = 0;
  for (const r of used) {
    const s = Math.max(r.start, start);
    const e = Math.min(r.end, end);
    if (s <= e) taken += e - s + 1;
  }
  return end - start + 1 - taken;
}
