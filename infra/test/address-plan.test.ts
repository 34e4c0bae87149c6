import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  planSubnets,
  proposeSpokeCidr,
  VPC_PREFIXES,
} from '@internal/plugin-platform-common';
import { InfraRegistry, InfraSpoke } from '../lib/registry';
import { SpokeStack } from '../lib/stacks/spoke-stack';
import { resourcesOf, sampleRegistry, synth } from './helpers';

const sample = sampleRegistry();
const MAIN_POOL_ID = 'ipam-pool-0a1b2c3d4e5f60001';

/** A new spoke like dev, in a pool, with a block of the given size. */
function newSpoke(
  registry: InfraRegistry,
  options: { name: string; cidr: string; pool?: string; azCount?: number },
): InfraSpoke {
  const dev = registry.spokes.find(s => s.name === 'dev')!;
  const azCount = options.azCount ?? 2;
  return {
    ...dev,
    name: options.name,
    account: '555566667777',
    network: {
      ...dev.network,
      cidr: options.cidr,
      pool: options.pool,
      availabilityZones: ['a', 'b', 'c']
        .slice(0, azCount)
        .map(z => `ap-southeast-3${z}`),
    },
  };
}

const qaCidr = proposeSpokeCidr(sample as any, { pool: 'main', size: 20 }).cidr;
const withQa: InfraRegistry = {
  hub: sample.hub,
  spokes: [
    ...sample.spokes,
    newSpoke(sample, { name: 'qa', cidr: qaCidr, pool: 'main' }),
  ],
};
const deployed = synth(withQa);

describe('address plan in the hub', () => {
  const hub = deployed.hub;

  it('runs an IPAM in the hub region with its own private scope', () => {
    hub.resourceCountIs('AWS::EC2::IPAM', 1);
    hub.hasResourceProperties('AWS::EC2::IPAM', {
      OperatingRegions: [{ RegionName: 'ap-southeast-3' }],
    });
    hub.hasResourceProperties('AWS::EC2::IPAMScope', {
      IpamId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Ipam'), 'IpamId'] },
    });
  });

  it('has one top-level pool per registry pool, local to the region, limited to /16 to /20', () => {
    const pools = Object.values(resourcesOf(hub, 'AWS::EC2::IPAMPool')).map(
      r => r.Properties,
    );
    expect(pools).toHaveLength(2);
    expect(pools).toEqual([
      expect.objectContaining({
        AddressFamily: 'ipv4',
        Locale: 'ap-southeast-3',
        ProvisionedCidrs: [{ Cidr: '10.0.0.0/9' }],
        AllocationMinNetmaskLength: 16,
        AllocationMaxNetmaskLength: 20,
        AllocationDefaultNetmaskLength: 20,
        IpamScopeId: {
          'Fn::GetAtt': [expect.stringMatching(/Scope/), 'IpamScopeId'],
        },
        Tags: [{ Key: 'Name', Value: 'platform-main' }],
      }),
      expect.objectContaining({
        Locale: 'ap-southeast-3',
        ProvisionedCidrs: [{ Cidr: '172.16.0.0/13' }],
        AllocationDefaultNetmaskLength: 20,
        Tags: [{ Key: 'Name', Value: 'platform-extra' }],
      }),
    ]);
    for (const pool of pools) expect(pool.SourceIpamPoolId).toBeUndefined();
  });

  it('shares the pools with every spoke account through RAM', () => {
    const share = Object.values(
      resourcesOf(hub, 'AWS::RAM::ResourceShare'),
    ).find(r => r.Properties.Name === 'platform-ipam-pools')!.Properties;
    expect(share.Principals.sort()).toEqual(
      withQa.spokes.map(s => s.account).sort(),
    );
    expect(share.ResourceArns).toEqual([
      { 'Fn::GetAtt': [expect.stringMatching(/PoolMain/), 'Arn'] },
      { 'Fn::GetAtt': [expect.stringMatching(/PoolExtra/), 'Arn'] },
    ]);
  });

  it('reserves the hub block and the blocks of spokes that name no pool, and not those allocated from a pool', () => {
    const reservations = Object.values(
      resourcesOf(hub, 'AWS::EC2::IPAMAllocation'),
    ).map(r => [r.Properties.Cidr, r.Properties.Description]);
    expect(reservations.sort()).toEqual([
      ['10.0.0.0/16', 'platform hub VPC'],
      ['10.1.0.0/16', 'platform spoke dev'],
      ['10.2.0.0/16', 'platform spoke staging'],
      ['10.3.0.0/16', 'platform spoke prod'],
    ]);
    expect(reservations.map(r => r[0])).not.toContain(qaCidr);
  });

  it('outputs each pool id for hub.yaml deployed.ipamPoolIds', () => {
    hub.hasOutput('IpamPoolMainId', {
      Description: 'hub.yaml deployed.ipamPoolIds.main',
    });
    expect(Object.keys(hub.findOutputs('IpamPoolExtraId'))).toEqual([
      'IpamPoolExtraId',
    ]);
  });

  it('creates no IPAM when the hub declares no address plan', () => {
    const { addressPlan: _unused, ...hubWithout } = sample.hub as any;
    const bare = synth({ hub: hubWithout, spokes: sample.spokes }).hub;
    bare.resourceCountIs('AWS::EC2::IPAM', 0);
    bare.resourceCountIs('AWS::EC2::IPAMPool', 0);
  });
});

describe('spoke VPC from the pool', () => {
  it('allocates the registry block from the hub pool id in hub.yaml', () => {
    deployed.spoke('qa').hasResourceProperties('AWS::EC2::VPC', {
      CidrBlock: qaCidr,
      Ipv4IpamPoolId: MAIN_POOL_ID,
    });
  });

  it('keeps a plain block for spokes created before pools (the hub reserves theirs)', () => {
    const vpc = Object.values(
      resourcesOf(deployed.spoke('dev'), 'AWS::EC2::VPC'),
    )[0].Properties;
    expect(vpc.CidrBlock).toBe('10.1.0.0/16');
    expect(vpc.Ipv4IpamPoolId).toBeUndefined();
  });

  it('keeps a plain block before the hub is deployed', () => {
    const { deployed: _unused, ...hubBefore } = sample.hub as any;
    const firstPass = synth({ hub: hubBefore, spokes: withQa.spokes });
    const vpc = Object.values(
      resourcesOf(firstPass.spoke('qa'), 'AWS::EC2::VPC'),
    )[0].Properties;
    expect(vpc).toMatchObject({ CidrBlock: qaCidr });
    expect(vpc.Ipv4IpamPoolId).toBeUndefined();
  });
});

describe('spoke subnets follow the planner', () => {
  const cases = VPC_PREFIXES.flatMap(size => [2, 3].map(az => [size, az]));

  it.each(cases)('a /%s with %s AZs', (size, azCount) => {
    const cidr = `10.40.0.0/${size}`;
    const spoke = newSpoke(sample, {
      name: `size${size}az${azCount}`,
      cidr,
      pool: 'main',
      azCount,
    });
    const app = new App();
    const stack = new SpokeStack(app, 'Spoke', { hub: sample.hub, spoke });
    const template = Template.fromStack(stack);
    const byGroup: Record<string, string[]> = {};
    for (const r of Object.values(resourcesOf(template, 'AWS::EC2::Subnet'))) {
      const name = (r.Properties.Tags as { Key: string; Value: string }[]).find(
        t => t.Key === 'aws-cdk:subnet-name',
      )?.Value;
      if (name) (byGroup[name] ??= []).push(r.Properties.CidrBlock);
    }
    const plan = planSubnets(cidr, azCount);
    expect(byGroup).toEqual({
      private: plan.private,
      public: plan.public,
      database: plan.database,
    });
    template.hasResourceProperties('AWS::EC2::VPC', {
      CidrBlock: cidr,
      Ipv4IpamPoolId: MAIN_POOL_ID,
    });
  });
});
