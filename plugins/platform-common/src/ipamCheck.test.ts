import { fixtures } from './fixtures';
import {
  checkRegistryAgainstIpam,
  HUB_RESERVATION_DESCRIPTION,
  IpamAllocation,
  IpamPoolAllocations,
  spokeReservationDescription,
} from './ipamCheck';
import { Registry } from './schema';

const MAIN = 'ipam-pool-0123456789abcdef0';
const EXTRA = 'ipam-pool-0fedcba9876543210';

/** The fixture plus a new spoke qa in main with 10.4.0.0/20, as a pull request would add it. */
function withQa(): Registry {
  const registry = fixtures.registry();
  const dev = registry.spokes[0];
  registry.spokes.push({
    ...dev,
    name: 'qa',
    account: '777788889999',
    network: { ...dev.network, cidr: '10.4.0.0/20', pool: 'main' },
    deployed: undefined,
  });
  return registry;
}

/** What IPAM holds for the fixture: the hub's and the old spokes' reservations. */
function ipamState(extraMain: IpamAllocation[] = []): IpamPoolAllocations {
  return {
    main: {
      poolId: MAIN,
      allocations: [
        {
          cidr: '10.0.0.0/16',
          resourceType: 'custom',
          description: HUB_RESERVATION_DESCRIPTION,
        },
        ...['dev', 'staging', 'prod'].map((name, i) => ({
          cidr: `10.${i + 1}.0.0/16`,
          resourceType: 'custom',
          description: spokeReservationDescription(name),
        })),
        ...extraMain,
      ],
    },
    extra: { poolId: EXTRA, allocations: [] },
  };
}

describe('checkRegistryAgainstIpam', () => {
  it('passes when every block is free or held for its own spoke', () => {
    const result = checkRegistryAgainstIpam(withQa(), ipamState());
    expect(result.conflicts).toEqual([]);
    expect(result.unreadable).toEqual([]);
    expect(result.checked).toEqual([
      {
        file: 'hub.yaml',
        cidr: '10.0.0.0/16',
        pool: 'main',
        outcome: 'allocated to it',
      },
      {
        file: 'spokes/dev.yaml',
        cidr: '10.1.0.0/16',
        pool: 'main',
        outcome: 'allocated to it',
      },
      {
        file: 'spokes/prod.yaml',
        cidr: '10.3.0.0/16',
        pool: 'main',
        outcome: 'allocated to it',
      },
      {
        file: 'spokes/staging.yaml',
        cidr: '10.2.0.0/16',
        pool: 'main',
        outcome: 'allocated to it',
      },
      {
        file: 'spokes/qa.yaml',
        cidr: '10.4.0.0/20',
        pool: 'main',
        outcome: 'free',
      },
    ]);
  });

  it("accepts the spoke's own VPC allocation, by account before its first deploy is recorded", () => {
    const result = checkRegistryAgainstIpam(
      withQa(),
      ipamState([
        {
          cidr: '10.4.0.0/20',
          resourceType: 'vpc',
          resourceId: 'vpc-0aa',
          resourceOwner: '777788889999',
        },
      ]),
    );
    expect(result.conflicts).toEqual([]);
  });

  it('fails a block taken meanwhile by another VPC, naming the field, the rule, the holder and a free block', () => {
    const result = checkRegistryAgainstIpam(
      withQa(),
      ipamState([
        {
          cidr: '10.4.0.0/18',
          allocationId: 'ipam-pool-alloc-0123',
          resourceType: 'vpc',
          resourceId: 'vpc-0bb',
          resourceOwner: '123412341234',
        },
      ]),
    );
    expect(result.conflicts).toEqual([
      {
        file: 'spokes/qa.yaml',
        field: 'network.cidr',
        rule: 'ipam-allocation',
        message:
          "10.4.0.0/20 was taken in IPAM pool 'main' (ipam-pool-0123456789abcdef0) by ipam-pool-alloc-0123 (vpc vpc-0bb in account 123412341234, 10.4.0.0/18). Use another block, e.g. 10.4.64.0/20 (free in the registry and in IPAM now).",
      },
    ]);
  });

  it('fails a block another spoke reserved under its name', () => {
    const result = checkRegistryAgainstIpam(
      withQa(),
      ipamState([
        {
          cidr: '10.4.0.0/20',
          resourceType: 'custom',
          description: spokeReservationDescription('other'),
        },
      ]),
    );
    expect(result.conflicts.map(c => [c.file, c.rule])).toEqual([
      ['spokes/qa.yaml', 'ipam-allocation'],
    ]);
    expect(result.conflicts[0].message).toContain(
      "reservation 'platform spoke other'",
    );
  });

  it('reports a pool it could not read, without passing or failing the others', () => {
    const state = ipamState();
    state.main = { poolId: MAIN, error: 'AccessDenied: not authorized' };
    const result = checkRegistryAgainstIpam(withQa(), state, {
      files: ['spokes/qa.yaml'],
    });
    expect(result.conflicts).toEqual([]);
    expect(result.unreadable).toEqual([
      {
        file: 'spokes/qa.yaml',
        field: 'network.cidr',
        rule: 'ipam-unreadable',
        message:
          "could not read IPAM pool 'main' (ipam-pool-0123456789abcdef0) to check 10.4.0.0/20: AccessDenied: not authorized",
      },
    ]);
  });

  it('skips pools whose IPAM id the hub has not recorded', () => {
    const result = checkRegistryAgainstIpam(withQa(), {});
    expect(result).toEqual({ conflicts: [], unreadable: [], checked: [] });
  });
});
