import { Match } from 'aws-cdk-lib/assertions';
import {
  deployedRegistry,
  resourcesOf,
  sampleRegistry,
  synth,
} from './helpers';

// Two synths for the file: before and after the spokes' first deploy.
const registry = deployedRegistry();
const deployed = synth(registry);
const firstPass = synth(sampleRegistry());
const hubYaml = registry.hub;

const subnetCidrs = (name: string) =>
  Object.values(resourcesOf(deployed.spoke(name), 'AWS::EC2::Subnet')).map(
    r => r.Properties.CidrBlock as string,
  );

describe('spoke network', () => {
  it('lays out private /18, public /24 and database /24 subnets per availability zone', () => {
    expect(subnetCidrs('prod').sort()).toEqual(
      [
        '10.3.0.0/18',
        '10.3.64.0/18',
        '10.3.128.0/18',
        '10.3.192.0/24',
        '10.3.193.0/24',
        '10.3.194.0/24',
        '10.3.195.0/24',
        '10.3.196.0/24',
        '10.3.197.0/24',
        '100.64.0.0/18',
        '100.64.64.0/18',
        '100.64.128.0/18',
      ].sort(),
    );
    expect(subnetCidrs('dev')).toHaveLength(8);
  });

  it('adds the secondary pod CIDR 100.64.0.0/16 with one pod subnet per zone', () => {
    const t = deployed.spoke('dev');
    t.hasResourceProperties('AWS::EC2::VPCCidrBlock', {
      CidrBlock: '100.64.0.0/16',
    });
    t.resourcePropertiesCountIs(
      'AWS::EC2::Subnet',
      {
        CidrBlock: Match.stringLikeRegexp('^100\\.64\\.'),
        Tags: Match.arrayWith([{ Key: 'platform/subnet-role', Value: 'pods' }]),
      },
      2,
    );
  });

  it('never routes the pod CIDR over the transit gateway', () => {
    const t = deployed.spoke('prod');
    const routes = Object.values(resourcesOf(t, 'AWS::EC2::Route')).map(
      r => r.Properties,
    );
    const tgwRoutes = routes.filter(r => r.TransitGatewayId);
    expect(tgwRoutes.length).toBeGreaterThan(0);
    expect(
      tgwRoutes.every(r => r.DestinationCidrBlock === hubYaml.network.cidr),
    ).toBe(true);
    // The pod subnets' route tables only hold a NAT default route.
    const podSubnetIds = Object.entries(resourcesOf(t, 'AWS::EC2::Subnet'))
      .filter(([, r]) => r.Properties.CidrBlock.startsWith('100.64.'))
      .map(([id]) => id);
    const podTables = Object.values(
      resourcesOf(t, 'AWS::EC2::SubnetRouteTableAssociation'),
    )
      .filter(r => podSubnetIds.includes(r.Properties.SubnetId.Ref))
      .map(r => r.Properties.RouteTableId.Ref);
    const podRoutes = routes.filter(r =>
      podTables.includes(r.RouteTableId.Ref),
    );
    expect(podRoutes).toHaveLength(podTables.length);
    expect(podRoutes.every(r => r.NatGatewayId && !r.TransitGatewayId)).toBe(
      true,
    );
  });

  it('creates NAT gateways per the registry: one for single, one per zone for perAz', () => {
    deployed.spoke('dev').resourceCountIs('AWS::EC2::NatGateway', 1);
    deployed.spoke('staging').resourceCountIs('AWS::EC2::NatGateway', 1);
    deployed.spoke('prod').resourceCountIs('AWS::EC2::NatGateway', 3);
  });

  it('tags subnets for EKS load balancers and Karpenter discovery', () => {
    const t = deployed.spoke('staging');
    t.resourcePropertiesCountIs(
      'AWS::EC2::Subnet',
      {
        Tags: Match.arrayWith([
          { Key: 'karpenter.sh/discovery', Value: 'staging' },
          { Key: 'kubernetes.io/role/internal-elb', Value: '1' },
        ]),
      },
      2,
    );
    t.resourcePropertiesCountIs(
      'AWS::EC2::Subnet',
      {
        Tags: Match.arrayWith([{ Key: 'kubernetes.io/role/elb', Value: '1' }]),
      },
      2,
    );
  });

  it('keeps AmazonProvidedDNS as the only name server in the DHCP options', () => {
    const t = deployed.spoke('dev');
    t.hasResourceProperties('AWS::EC2::DHCPOptions', {
      DomainNameServers: ['AmazonProvidedDNS'],
      DomainName: 'ap-southeast-3.compute.internal',
    });
    t.resourceCountIs('AWS::EC2::VPCDHCPOptionsAssociation', 1);
  });

  it('logs all VPC traffic', () => {
    deployed.spoke('dev').hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      TrafficType: 'ALL',
    });
  });

  it('attaches to the hub transit gateway id from hub.yaml, never through a stack reference', () => {
    for (const spoke of registry.spokes) {
      const t = deployed.spoke(spoke.name);
      t.hasResourceProperties('AWS::EC2::TransitGatewayAttachment', {
        TransitGatewayId: hubYaml.deployed!.transitGatewayId,
      });
      const resources = { ...t.toJSON().Resources };
      expect(JSON.stringify(resources).includes('Fn::ImportValue')).toBe(false);
      // The hub account appears only as the portal's trusted principal (the read-only
      // and the runbook secret roles) and in the ARN of the hub role that delegates
      // the spoke's public subdomains (a literal, built from its name).
      for (const id of Object.keys(resources)) {
        if (
          id.startsWith('PortalRole') ||
          id.startsWith('RunbookSecretsRole') ||
          id.startsWith('PublicDnsDelegation')
        ) {
          delete resources[id];
        }
      }
      expect(JSON.stringify(resources).includes(hubYaml.account)).toBe(false);
    }
  });

  it('adds routes to the hub only once the hub has accepted the attachment', () => {
    const before = firstPass.spoke('dev');
    before.resourceCountIs('AWS::EC2::TransitGatewayAttachment', 1);
    before.resourcePropertiesCountIs(
      'AWS::EC2::Route',
      { TransitGatewayId: Match.anyValue() },
      0,
    );
    deployed.spoke('dev').resourcePropertiesCountIs(
      'AWS::EC2::Route',
      {
        DestinationCidrBlock: hubYaml.network.cidr,
        TransitGatewayId: hubYaml.deployed!.transitGatewayId,
      },
      2,
    );
  });

  it('associates the hub private zones it lists once the hub has authorised its VPC', () => {
    const calls = (t: ReturnType<typeof deployed.spoke>) =>
      Object.values(resourcesOf(t, 'Custom::AWS'))
        .map(r => JSON.stringify(r.Properties.Create))
        .filter(c => c.includes('associateVPCWithHostedZone'));
    expect(calls(firstPass.spoke('prod'))).toHaveLength(0);
    const prod = registry.spokes.find(s => s.name === 'prod')!;
    const made = calls(deployed.spoke('prod'));
    expect(made).toHaveLength(prod.dns.privateZones.length);
    for (const zone of prod.dns.privateZones) {
      const id = hubYaml.deployed!.privateZoneIds[zone];
      expect(made.some(c => c.includes(id))).toBe(true);
    }
  });
});
