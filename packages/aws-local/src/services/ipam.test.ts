import { GetIpamPoolAllocationsCommand } from '@aws-sdk/client-ec2';
import {
  checkRegistryAgainstIpam,
  HUB_RESERVATION_DESCRIPTION,
  IpamPoolAllocations as PoolAllocationsByName,
  spokeReservationDescription,
} from '@internal/plugin-platform-common';
import { AwsLocal } from '../server';
import {
  clients,
  HUB,
  REGION,
  registry,
  spoke,
  startLocal,
} from '../__testUtils__';

const MAIN = registry.hub.deployed!.ipamPoolIds!.main;
const EXTRA = registry.hub.deployed!.ipamPoolIds!.extra;

describe('ec2 IPAM pool allocations', () => {
  let aws: AwsLocal;
  let ec2: ReturnType<typeof clients>['ec2'];
  beforeAll(async () => {
    aws = await startLocal();
    ec2 = clients(aws).ec2;
  });
  afterEach(() => aws.control.reset());
  afterAll(() => aws.stop());

  it('seeds the hub pools with the hub and pre-pool spokes reserved', async () => {
    const { IpamPoolAllocations } = await ec2.send(
      new GetIpamPoolAllocationsCommand({ IpamPoolId: MAIN }),
    );
    expect(
      IpamPoolAllocations!.map(a => [a.Cidr, a.ResourceType, a.Description]),
    ).toEqual([
      ['10.0.0.0/16', 'custom', HUB_RESERVATION_DESCRIPTION],
      ['10.1.0.0/16', 'custom', spokeReservationDescription('dev')],
      ['10.3.0.0/16', 'custom', spokeReservationDescription('prod')],
      ['10.2.0.0/16', 'custom', spokeReservationDescription('staging')],
    ]);
    const extra = await ec2.send(
      new GetIpamPoolAllocationsCommand({ IpamPoolId: EXTRA }),
    );
    expect(extra.IpamPoolAllocations).toEqual([]);
  });

  it('pages with MaxResults and NextToken, and refuses an unknown pool', async () => {
    const first = await ec2.send(
      new GetIpamPoolAllocationsCommand({ IpamPoolId: MAIN, MaxResults: 1000 }),
    );
    expect(first.NextToken).toBeUndefined();
    await expect(
      ec2.send(
        new GetIpamPoolAllocationsCommand({
          IpamPoolId: 'ipam-pool-00000000000000bad',
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidIpamPoolId.NotFound' });
    await expect(
      ec2.send(
        new GetIpamPoolAllocationsCommand({ IpamPoolId: MAIN, MaxResults: 5 }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('shows the pools only to the hub account that owns them', async () => {
    const devEc2 = clients(aws, { accessKeyId: spoke('dev').account }).ec2;
    await expect(
      devEc2.send(new GetIpamPoolAllocationsCommand({ IpamPoolId: MAIN })),
    ).rejects.toMatchObject({ name: 'InvalidIpamPoolId.NotFound' });
  });

  it('serves what the pull-request check needs to fail a block taken meanwhile', async () => {
    aws.control.create({
      kind: 'ipam-pool-allocation',
      account: HUB,
      region: REGION,
      parent: MAIN,
      resource: {
        Cidr: '10.4.0.0/20',
        IpamPoolAllocationId: 'ipam-pool-alloc-0000000000000beef',
        ResourceType: 'vpc',
        ResourceId: 'vpc-0123456789abcdef0',
        ResourceOwner: '121212121212',
      },
    });
    const { IpamPoolAllocations } = await ec2.send(
      new GetIpamPoolAllocationsCommand({ IpamPoolId: MAIN }),
    );
    const ipam: PoolAllocationsByName = {
      main: {
        poolId: MAIN,
        allocations: IpamPoolAllocations!.map(a => ({
          cidr: a.Cidr!,
          allocationId: a.IpamPoolAllocationId,
          description: a.Description,
          resourceType: a.ResourceType,
          resourceId: a.ResourceId,
          resourceOwner: a.ResourceOwner,
        })),
      },
    };
    const withQa = structuredClone(registry);
    withQa.spokes.push({
      ...spoke('dev'),
      name: 'qa',
      account: '777788889999',
      network: { ...spoke('dev').network, cidr: '10.4.0.0/20', pool: 'main' },
    });
    const result = checkRegistryAgainstIpam(withQa, ipam);
    expect(result.conflicts.map(c => [c.file, c.rule])).toEqual([
      ['spokes/qa.yaml', 'ipam-allocation'],
    ]);
  });
});
