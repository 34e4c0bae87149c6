/**
 * Spokes split into partitions, each refreshed by its own scheduler task so that
 * backend replicas can refresh different partitions at the same time. A spoke's
 * partition depends only on its name and the number of partitions: every replica
 * computes the same assignment without talking to the others.
 */

/** Partition `index` (1-based) of `count`. */
export interface Partition {
  index: number;
  count: number;
}

/** The whole estate as one partition. */
export const WHOLE_ESTATE: Partition = { index: 1, count: 1 };

/** The scheduler task of a partition: `platform-health-refresh-2-of-4`. */
export function partitionTaskId(partition: Partition): string {
  return `platform-health-refresh-${partition.index}-of-${partition.count}`;
}

/** Every partition of `count`, in order. */
export function allPartitions(count: number): Partition[] {
  return Array.from({ length: count }, (_, i) => ({ index: i + 1, count }));
}

/**
 * A 32-bit hash of the name: FNV-1a, then the MurmurHash3 finaliser so that the low
 * bits (which `% count` keeps) depend on every character. Not Node's crypto: the
 * same number in every runtime and version, which the assignment relies on.
 */
export function nameHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The partition (1-based) a spoke belongs to among `count`. */
export function partitionOf(name: string, count: number): number {
  return (nameHash(name) % count) + 1;
}

/** Whether the spoke belongs to the partition. */
export function inPartition(name: string, partition: Partition): boolean {
  return (
    partition.count <= 1 ||
    partitionOf(name, partition.count) === partition.index
  );
}
