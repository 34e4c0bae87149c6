import { EC2Client, GetIpamPoolAllocationsCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import {
  HUB_RESERVATION_DESCRIPTION,
  Registry,
  spokeReservationDescription,
} from '@internal/plugin-platform-common';
import { loadRegistry } from '@internal/plugin-platform-common/node';
import {
  checkIpamAllocations,
  readIpamPoolAllocations,
} from '../lib/ipam/check-ipam-allocations';
import { CONFIG_DIR } from './helpers';

const MAIN = 'ipam-pool-0a1b2c3d4e5f60001';
const EXTRA = 'ipam-pool-0a1b2c3d4e5f60002';
const ec2 = mockClient(EC2Client);

/** The committed registry plus a spoke qa in main, as a pull request adds it. */
function registryWithQa(): Registry {
  const registry = loadRegistry(CONFIG_DIR);
  const dev = registry.spokes.find(s => s.name === 'dev')!;
  registry.spokes.push({
    ...dev,
    name: 'qa',
    account: '777788889999',
    network: { ...dev.network, cidr: '10.4.0.0/20', pool: 'main' },
    deployed: undefined,
  });
  return registry;
}

const reservations = [
  {
    Cidr: '10.0.0.0/16',
    ResourceType: 'custom' as const,
    Description: HUB_RESERVATION_DESCRIPTION,
  },
  ...['dev', 'staging', 'prod'].map((name, i) => ({
    Cidr: `10.${i + 1}.0.0/16`,
    ResourceType: 'custom' as const,
    Description: spokeReservationDescription(name),
  })),
];

beforeEach(() => ec2.reset());

describe('readIpamPoolAllocations', () => {
  it('pages through GetIpamPoolAllocations for each pool', async () => {
    ec2
      .on(GetIpamPoolAllocationsCommand, { IpamPoolId: MAIN })
      .resolvesOnce({
        IpamPoolAllocations: reservations.slice(0, 2),
        NextToken: 't1',
      })
      .resolvesOnce({ IpamPoolAllocations: reservations.slice(2) });
    ec2
      .on(GetIpamPoolAllocationsCommand, { IpamPoolId: EXTRA })
      .resolves({ IpamPoolAllocations: [] });
    const read = await readIpamPoolAllocations(ec2 as unknown as EC2Client, {
      main: MAIN,
      extra: EXTRA,
    });
    expect(read.main).toEqual({
      poolId: MAIN,
      allocations: reservations.map(r => ({
        cidr: r.Cidr,
        resourceType: 'custom',
        description: r.Description,
        allocationId: undefined,
        resourceId: undefined,
        resourceOwner: undefined,
      })),
    });
    expect(read.extra).toEqual({ poolId: EXTRA, allocations: [] });
    const calls = ec2
      .commandCalls(GetIpamPoolAllocationsCommand)
      .map(c => c.args[0].input);
    expect(calls).toEqual([
      { IpamPoolId: MAIN, MaxResults: 1000, NextToken: undefined },
      { IpamPoolId: MAIN, MaxResults: 1000, NextToken: 't1' },
      { IpamPoolId: EXTRA, MaxResults: 1000, NextToken: undefined },
    ]);
  });

  it('reports a pool it cannot read and still reads the others', async () => {
    const denied = Object.assign(new Error('User is not authorized'), {
      name: 'UnauthorizedOperation',
    });
    ec2.on(GetIpamPoolAllocationsCommand, { IpamPoolId: MAIN }).rejects(denied);
    ec2
      .on(GetIpamPoolAllocationsCommand, { IpamPoolId: EXTRA })
      .resolves({ IpamPoolAllocations: [] });
    const read = await readIpamPoolAllocations(ec2 as unknown as EC2Client, {
      main: MAIN,
      extra: EXTRA,
    });
    expect(read.main).toEqual({
      poolId: MAIN,
      error: 'UnauthorizedOperation: User is not authorized',
    });
    expect(read.extra).toEqual({ poolId: EXTRA, allocations: [] });
  });
});

describe('checkIpamAllocations', () => {
  it('passes a new spoke whose block is still free in IPAM', async () => {
    ec2.on(GetIpamPoolAllocationsCommand, { IpamPoolId: MAIN }).resolves({
      IpamPoolAllocations: reservations,
    });
    ec2.on(GetIpamPoolAllocationsCommand, { IpamPoolId: EXTRA }).resolves({});
    const report = await checkIpamAllocations({
      registry: registryWithQa(),
      client: ec2 as unknown as EC2Client,
      files: ['spokes/qa.yaml'],
    });
    expect(report.exitCode).toBe(0);
    expect(report.lines).toEqual([
      'spokes/qa.yaml: 10.4.0.0/20 in pool main: free',
      'IPAM check passed: 1 block(s) checked.',
    ]);
  });

  it('fails a pull request whose block was taken meanwhile, with the reason', async () => {
    ec2.on(GetIpamPoolAllocationsCommand, { IpamPoolId: MAIN }).resolves({
      IpamPoolAllocations: [
        ...reservations,
        {
          Cidr: '10.4.0.0/20',
          IpamPoolAllocationId: 'ipam-pool-alloc-0f00',
          ResourceType: 'vpc',
          ResourceId: 'vpc-0c0ffee',
          ResourceOwner: '121212121212',
        },
      ],
    });
    ec2.on(GetIpamPoolAllocationsCommand, { IpamPoolId: EXTRA }).resolves({});
    const report = await checkIpamAllocations({
      registry: registryWithQa(),
      client: ec2 as unknown as EC2Client,
    });
    expect(report.exitCode).toBe(1);
    expect(report.conflicts).toHaveLength(1);
    expect(report.lines).toContain(
      "spokes/qa.yaml: network.cidr [ipam-allocation] 10.4.0.0/20 was taken in IPAM pool 'main' (ipam-pool-0a1b2c3d4e5f60001) by ipam-pool-alloc-0f00 (vpc vpc-0c0ffee in account 121212121212, 10.4.0.0/20). Use another block, e.g. 10.4.16.0/20 (free in the registry and in IPAM now).",
    );
    expect(report.lines[report.lines.length - 1]).toBe(
      'IPAM check failed: 1 block(s) taken, 0 not checkable.',
    );
  });

  it('cannot pass when a pool cannot be read', async () => {
    ec2.on(GetIpamPoolAllocationsCommand).rejects(
      Object.assign(new Error('Rate exceeded'), {
        name: 'RequestLimitExceeded',
      }),
    );
    const report = await checkIpamAllocations({
      registry: registryWithQa(),
      client: ec2 as unknown as EC2Client,
      files: ['spokes/qa.yaml'],
    });
    expect(report.exitCode).toBe(2);
    expect(report.lines).toContain(
      "spokes/qa.yaml: network.cidr [ipam-unreadable] could not read IPAM pool 'main' (ipam-pool-0a1b2c3d4e5f60001) to check 10.4.0.0/20: RequestLimitExceeded: Rate exceeded",
    );
  });
});
