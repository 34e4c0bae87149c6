import {
  AddressPoolFullError,
  addressPlanOf,
  DEFAULT_ADDRESS_PLAN,
  poolOfSpoke,
  poolUsage,
  proposeSpokeCidr,
  SpokeCidrPlanner,
} from './addressPlan';
import {
  cidrContains,
  cidrsOverlap,
  lastAddress,
  parseCidr,
  POD_CIDR,
} from './cidr';
import { buildLargeRegistry, fixtures } from './fixtures';
import { defaultKubernetesVersion } from './kubernetesVersions';
import { validateSpoke } from './registry';
import { planSubnets } from './subnetPlan';

describe('proposeSpokeCidr', () => {
  it('takes the class default: a /20 from the first pool for non-prod, a /18 from main for prod', () => {
    const registry = fixtures.registry();
    expect(proposeSpokeCidr(registry)).toEqual({
      cidr: '10.4.0.0/20',
      pool: 'main',
      size: 20,
    });
    expect(proposeSpokeCidr(registry, { environmentClass: 'prod' })).toEqual({
      cidr: '10.4.0.0/18',
      pool: 'main',
      size: 18,
    });
  });

  it('takes the pool and size asked for', () => {
    expect(
      proposeSpokeCidr(fixtures.registry(), { pool: 'extra', size: 17 }),
    ).toEqual({ cidr: '172.16.0.0/17', pool: 'extra', size: 17 });
  });

  it('fills the lowest gap and steps past exclusions such as IPAM allocations', () => {
    const registry = fixtures.registry();
    expect(
      proposeSpokeCidr(registry, {
        size: 20,
        exclude: ['10.4.0.0/20', '10.4.32.0/19'],
      }).cidr,
    ).toBe('10.4.16.0/20');
  });

  it('moves on to the next block of a pool with several', () => {
    const registry = fixtures.registry();
    registry.hub.addressPlan = {
      pools: [{ name: 'split', cidrs: ['10.200.0.0/16', '10.1.0.0/16'] }],
      defaults: { 'non-prod': { size: 16 }, prod: { size: 16 } },
    };
    expect(proposeSpokeCidr(registry).cidr).toBe('10.200.0.0/16');
  });

  it('refuses with a message naming the pool when it is full', () => {
    const registry = fixtures.registry();
    registry.hub.addressPlan = {
      pools: [{ name: 'tight', cidrs: ['10.2.0.0/15'] }],
      defaults: { 'non-prod': { size: 20 }, prod: { size: 16 } },
    };
    // dev is 10.1/16 (outside), staging 10.2/16 and prod 10.3/16 fill the pool.
    const attempt = () => proposeSpokeCidr(registry, { size: 20 });
    expect(attempt).toThrow(AddressPoolFullError);
    expect(attempt).toThrow(
      "address pool 'tight' (10.2.0.0/15) has no free /20 left: every block overlaps the hub, a spoke or a reserved range. Choose a smaller size or another pool, or add a block to the pool in hub.yaml addressPlan.pools.",
    );
  });

  it('refuses an unknown pool and a size outside /16 to /20, naming them', () => {
    const registry = fixtures.registry();
    expect(() => proposeSpokeCidr(registry, { pool: 'nope' })).toThrow(
      "unknown address pool 'nope'; the hub's pools are main, extra",
    );
    expect(() => proposeSpokeCidr(registry, { size: 24 })).toThrow(
      'a spoke VPC must be a /16 to /20, got /24',
    );
  });

  it('never proposes the pod range, even from a pool that holds it', () => {
    const registry = fixtures.registry();
    registry.hub.addressPlan = {
      pools: [{ name: 'cgnat', cidrs: ['100.64.0.0/15'] }],
      defaults: { 'non-prod': { size: 16 }, prod: { size: 16 } },
    };
    expect(proposeSpokeCidr(registry).cidr).toBe('100.65.0.0/16');
  });

  it('plans /16s in 10.0.0.0/8 for a hub that declares no pools', () => {
    const registry = fixtures.registry();
    delete registry.hub.addressPlan;
    expect(addressPlanOf(registry.hub)).toBe(DEFAULT_ADDRESS_PLAN);
    expect(proposeSpokeCidr(registry)).toEqual({
      cidr: '10.4.0.0/16',
      pool: 'default',
      size: 16,
    });
  });
});

describe('SpokeCidrPlanner', () => {
  it('places 1,000 spokes of mixed sizes over two pools without an overlap', () => {
    const registry = buildLargeRegistry(1000);
    const plan = addressPlanOf(registry.hub);
    const sizes = new Set<number>();
    const pools = new Set<string>();
    const ranges = [registry.hub.network.cidr, POD_CIDR]
      .concat(registry.spokes.map(s => s.network.cidr))
      .map(c => ({ cidr: c, start: parseCidr(c).address, end: lastAddress(c) }))
      .sort((a, b) => a.start - b.start);
    for (let i = 1; i < ranges.length; i++) {
      expect(ranges[i].start).toBeGreaterThan(ranges[i - 1].end);
    }
    for (const spoke of registry.spokes) {
      const pool = poolOfSpoke(plan, spoke)!;
      expect(pool.name).toBe(spoke.network.pool);
      expect(pool.cidrs.some(c => cidrContains(c, spoke.network.cidr))).toBe(
        true,
      );
      sizes.add(parseCidr(spoke.network.cidr).prefixLength);
      pools.add(pool.name);
      expect(() =>
        planSubnets(spoke.network.cidr, spoke.network.azCount),
      ).not.toThrow();
    }
    expect([...sizes].sort()).toEqual([16, 17, 18, 19, 20]);
    expect([...pools].sort()).toEqual(['extra', 'main']);
    expect(registry.spokes).toHaveLength(1000);
  });

  it('proposes a block at 1,000 spokes that the registry then accepts', () => {
    const registry = buildLargeRegistry(1000);
    const planner = new SpokeCidrPlanner(registry);
    for (const [pool, size] of [
      ['main', 16],
      ['main', 20],
      ['extra', 20],
    ] as const) {
      const { cidr } = planner.propose({ pool, size });
      for (const spoke of registry.spokes) {
        expect(cidrsOverlap(cidr, spoke.network.cidr)).toBe(false);
      }
      const result = validateSpoke(registry, {
        ...registry.spokes[1],
        name: `new-${pool}-${size}`,
        account: '999900000000',
        network: { ...registry.spokes[1].network, cidr, pool },
        // A new spoke must be on a version the policy allows today.
        eks: {
          ...registry.spokes[1].eks,
          version: defaultKubernetesVersion(new Date())!,
        },
      });
      expect(result.issues).toEqual([]);
      planner.take(cidr);
    }
  });

  it('fills the extra pool and then refuses naming it', () => {
    const registry = buildLargeRegistry(0);
    const planner = new SpokeCidrPlanner(registry);
    // 172.16.0.0/12 holds exactly sixteen /16s.
    for (let i = 0; i < 16; i++) {
      planner.take(planner.propose({ pool: 'extra', size: 16 }).cidr);
    }
    expect(() => planner.propose({ pool: 'extra', size: 20 })).toThrow(
      /^address pool 'extra' \(172\.16\.0\.0\/12\) has no free \/20 left/,
    );
    expect(planner.propose({ pool: 'main', size: 20 }).cidr).toBe(
      '10.1.0.0/20',
    );
  });
});

describe('poolUsage', () => {
  it('counts free addresses and spokes per pool', () => {
    const [main, extra] = poolUsage(fixtures.registry());
    expect(main).toEqual({
      pool: 'main',
      cidrs: ['10.0.0.0/9', '10.128.0.0/10'],
      total: 2 ** 23 + 2 ** 22,
      free: 2 ** 23 + 2 ** 22 - 4 * 2 ** 16,
      spokes: 3,
    });
    expect(extra).toMatchObject({ pool: 'extra', free: 2 ** 20, spokes: 0 });
  });
});
