import { buildLargeRegistry } from '@internal/plugin-platform-common';
import {
  allPartitions,
  inPartition,
  nameHash,
  partitionOf,
  partitionTaskId,
} from './partitions';

const names = buildLargeRegistry(500).spokes.map(s => s.name);

describe('spoke partitions', () => {
  it('assigns a spoke by its name alone, the same on every replica and version', () => {
    // Pinned: a different hash would move spokes while replicas of two versions run
    // side by side during a deploy, refreshing some twice and some not at all.
    expect(['dev', 'staging', 'prod', 'qa'].map(nameHash)).toEqual([
      2373566547, 3286950861, 4239615346, 2186866235,
    ]);
    expect(
      ['dev', 'staging', 'prod', 'qa'].map(n => partitionOf(n, 4)),
    ).toEqual([4, 2, 3, 4]);
    expect(partitionOf('prod', 1)).toBe(1);
  });

  it('puts every spoke in exactly one partition', () => {
    for (const count of [1, 2, 3, 4, 7, 16]) {
      for (const name of names) {
        const owners = allPartitions(count).filter(p => inPartition(name, p));
        expect(owners).toEqual([{ index: partitionOf(name, count), count }]);
      }
    }
  });

  it('balances the partitions', () => {
    // Within 10 % of an even share for 2 and 4 partitions of 500 spokes, 25 % for 8.
    for (const [count, spread] of [
      [2, 0.1],
      [4, 0.1],
      [8, 0.25],
    ]) {
      const sizes = allPartitions(count).map(
        p => names.filter(n => inPartition(n, p)).length,
      );
      const mean = names.length / count;
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(names.length);
      for (const size of sizes) {
        expect(Math.abs(size - mean)).toBeLessThanOrEqual(mean * spread);
      }
    }
  });

  it('names each partition task', () => {
    expect(allPartitions(3).map(partitionTaskId)).toEqual([
      'platform-health-refresh-1-of-3',
      'platform-health-refresh-2-of-3',
      'platform-health-refresh-3-of-3',
    ]);
  });
});
