import { Match } from 'aws-cdk-lib/assertions';
import { loadRegistry } from '@internal/plugin-platform-common/node';
import { CONFIG_DIR, deployedRegistry, resourcesOf, synth } from './helpers';
import { ipInCidr } from '@internal/plugin-platform-common';
import { hubDeployedFromOutputs } from '@internal/pipeline';

// One synth for the whole file: the sample registry after every spoke's first deploy.
const registry = deployedRegistry();
const { hub } = synth(registry);
const spokeAccounts = registry.spokes.map(s => s.account).sort();

describe('hub network', () => {
  it('creates the hub VPC in the registry CIDR over the explicit availability zones', () => {
    hub.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' });
    const zones = Object.values(resourcesOf(hub, 'AWS::EC2::Subnet')).map(
      r => r.Properties.AvailabilityZone,
    );
    expect(new Set(zones)).toEqual(
      new Set(registry.hub.network.availabilityZones),
    );
  });

  it('logs all VPC traffic to CloudWatch Logs', () => {
    hub.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
    });
  });
});

describe('transit gateway', () => {
  it('turns default association, propagation and auto-accept off', () => {
    hub.hasResourceProperties('AWS::EC2::TransitGateway', {
      AutoAcceptSharedAttachments: 'disable',
      DefaultRouteTableAssociation: 'disable',
      DefaultRouteTablePropagation: 'disable',
    });
  });

  it('has a route table for the hub and one per environment class', () => {
    hub.resourceCountIs('AWS::EC2::TransitGatewayRouteTable', 3);
    for (const name of ['platform-hub', 'platform-non-prod', 'platform-prod']) {
      hub.hasResourceProperties('AWS::EC2::TransitGatewayRouteTable', {
        Tags: Match.arrayWith([{ Key: 'Name', Value: name }]),
      });
    }
  });

  it('shares the gateway with every spoke account through RAM', () => {
    hub.hasResourceProperties('AWS::RAM::ResourceShare', {
      AllowExternalPrincipals: true,
      Principals: spokeAccounts,
    });
  });

  it('accepts only the attachment ids written in the registry', () => {
    const calls = Object.values(resourcesOf(hub, 'Custom::AWS'))
      .map(r => JSON.stringify(r.Properties.Create))
      .filter(c => c.includes('acceptTransitGatewayVpcAttachment'));
    expect(calls).toHaveLength(registry.spokes.length);
    for (const spoke of registry.spokes) {
      expect(
        calls.some(c =>
          c.includes(spoke.deployed!.transitGatewayAttachmentId!),
        ),
      ).toBe(true);
    }
  });

  it('associates each spoke with its environment class route table so prod and non-prod cannot reach each other', () => {
    const tables = resourcesOf(hub, 'AWS::EC2::TransitGatewayRouteTable');
    const tableByName = (name: string) =>
      Object.entries(tables).find(([, r]) =>
        r.Properties.Tags.some((t: any) => t.Value === name),
      )![0];
    const associations = Object.values(
      resourcesOf(hub, 'AWS::EC2::TransitGatewayRouteTableAssociation'),
    ).map(r => r.Properties);
    for (const spoke of registry.spokes) {
      const expected = tableByName(`platform-${spoke.environmentClass}`);
      expect(associations).toContainEqual({
        TransitGatewayAttachmentId: spoke.deployed!.transitGatewayAttachmentId,
        TransitGatewayRouteTableId: { Ref: expected },
      });
    }
    // Spoke routes only appear in the hub table and their own class's table.
    const routes = Object.values(
      resourcesOf(hub, 'AWS::EC2::TransitGatewayRoute'),
    ).map(r => r.Properties);
    const prodTable = tableByName('platform-prod');
    const nonProdTable = tableByName('platform-non-prod');
    for (const spoke of registry.spokes) {
      const other =
        spoke.environmentClass === 'prod' ? nonProdTable : prodTable;
      const mine = routes.filter(
        r => r.DestinationCidrBlock === spoke.network.cidr,
      );
      expect(mine).toHaveLength(2);
      expect(mine.some(r => r.TransitGatewayRouteTableId.Ref === other)).toBe(
        false,
      );
    }
  });

  it('never propagates spoke attachments, so the repeated pod CIDR is never routed', () => {
    const propagations = Object.values(
      resourcesOf(hub, 'AWS::EC2::TransitGatewayRouteTablePropagation'),
    ).map(r => JSON.stringify(r.Properties.TransitGatewayAttachmentId));
    // Only the hub's own attachment propagates (into each class table).
    expect(propagations).toHaveLength(2);
    expect(propagations.every(p => p.includes('HubAttachment'))).toBe(true);
    expect(JSON.stringify(hub.toJSON())).not.toContain('100.64.');
  });

  it('routes every spoke CIDR from the hub private subnets to the gateway', () => {
    for (const spoke of registry.spokes) {
      hub.hasResourceProperties('AWS::EC2::Route', {
        DestinationCidrBlock: spoke.network.cidr,
        TransitGatewayId: Match.anyValue(),
      });
    }
  });
});

describe('dns', () => {
  it('creates the public and private hosted zones from hub.yaml', () => {
    for (const name of registry.hub.dns.publicZones) {
      hub.hasResourceProperties('AWS::Route53::HostedZone', {
        Name: `${name}.`,
        VPCs: Match.absent(),
      });
    }
    for (const name of registry.hub.dns.privateZones) {
      hub.hasResourceProperties('AWS::Route53::HostedZone', {
        Name: `${name}.`,
        VPCs: Match.anyValue(),
      });
    }
  });

  it('authorises each spoke VPC for exactly the private zones the spoke lists', () => {
    const calls = Object.values(resourcesOf(hub, 'Custom::AWS'))
      .map(r => JSON.stringify(r.Properties.Create))
      .filter(c => c.includes('createVPCAssociationAuthorization'));
    const expected = registry.spokes.reduce(
      (n, s) => n + s.dns.privateZones.length,
      0,
    );
    expect(calls).toHaveLength(expected);
    const prod = registry.spokes.find(s => s.name === 'prod')!;
    const prodCalls = calls.filter(c => c.includes(prod.deployed!.vpcId!));
    expect(prodCalls).toHaveLength(prod.dns.privateZones.length);
  });

  it('has a Resolver inbound endpoint in two hub subnets open to the hub and spokes on port 53', () => {
    hub.hasResourceProperties('AWS::Route53Resolver::ResolverEndpoint', {
      Direction: 'INBOUND',
      IpAddresses: Match.arrayWith([
        { SubnetId: Match.anyValue(), Ip: Match.anyValue() },
      ]),
    });
    for (const cidr of [
      registry.hub.network.cidr,
      ...registry.spokes.map(s => s.network.cidr),
    ]) {
      hub.hasResourceProperties('AWS::EC2::SecurityGroup', {
        SecurityGroupIngress: Match.arrayWith([
          Match.objectLike({ CidrIp: cidr, FromPort: 53, IpProtocol: 'udp' }),
        ]),
      });
    }
  });

  it('gives the Resolver inbound endpoint the addresses hub.yaml records, each inside its own hub subnet', () => {
    const [endpoint] = Object.values(
      resourcesOf(hub, 'AWS::Route53Resolver::ResolverEndpoint'),
    );
    const subnets = resourcesOf(hub, 'AWS::EC2::Subnet');
    const assigned = endpoint.Properties.IpAddresses.map(
      (a: { Ip: string; SubnetId: { Ref: string } }) => {
        const cidr = subnets[a.SubnetId.Ref].Properties.CidrBlock;
        expect(ipInCidr(a.Ip, cidr)).toBe(true);
        return a.Ip;
      },
    );
    expect(assigned).toEqual(
      loadRegistry(CONFIG_DIR).hub.deployed!.resolverInboundIps,
    );
    expect(assigned).toEqual(['10.0.0.10', '10.0.16.10']);
  });

  it('logs Resolver queries from the hub VPC', () => {
    hub.resourceCountIs('AWS::Route53Resolver::ResolverQueryLoggingConfig', 1);
    hub.resourceCountIs(
      'AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation',
      1,
    );
  });
});

describe('ecr', () => {
  it('creates each repository with scan on push, immutable tags and KMS encryption', () => {
    for (const name of registry.hub.ecr.repositories) {
      hub.hasResourceProperties('AWS::ECR::Repository', {
        RepositoryName: name,
        ImageScanningConfiguration: { ScanOnPush: true },
        ImageTagMutability: 'IMMUTABLE',
        EncryptionConfiguration: {
          EncryptionType: 'KMS',
          KmsKey: Match.anyValue(),
        },
        LifecyclePolicy: {
          LifecyclePolicyText: Match.stringLikeRegexp(
            `"countNumber":${registry.hub.ecr.maxImageCount}`,
          ),
        },
      });
    }
  });

  it('lets every spoke account pull', () => {
    hub.hasResourceProperties('AWS::ECR::Repository', {
      RepositoryPolicyText: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'SpokePull',
            Action: [
              'ecr:BatchCheckLayerAvailability',
              'ecr:BatchGetImage',
              'ecr:GetDownloadUrlForLayer',
            ],
            Principal: {
              AWS: spokeAccounts.map(a => ({
                'Fn::Join': [
                  '',
                  ['arn:', { Ref: 'AWS::Partition' }, `:iam::${a}:root`],
                ],
              })),
            },
          }),
        ]),
      },
    });
  });
});

describe('github oidc', () => {
  it('trusts GitHub Actions tokens only from the organisation repositories in hub.yaml', () => {
    hub.hasResourceProperties('AWS::IAM::OIDCProvider', {
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com'],
    });
    const org = registry.hub.github.org;
    hub.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: {
                'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
              },
              StringLike: {
                'token.actions.githubusercontent.com:sub':
                  registry.hub.github.repositories.map(
                    r => `repo:${org}/${r}:*`,
                  ),
              },
            },
          }),
        ],
      },
    });
  });
});

describe('vpc endpoints', () => {
  it('creates ECR api and dkr interface endpoints and an S3 gateway endpoint', () => {
    for (const service of ['ecr.api', 'ecr.dkr']) {
      hub.hasResourceProperties('AWS::EC2::VPCEndpoint', {
        VpcEndpointType: 'Interface',
        PrivateDnsEnabled: true,
        ServiceName: `com.amazonaws.${registry.hub.region}.${service}`,
      });
    }
    hub.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: Match.objectLike({}),
    });
  });
});

describe('outputs', () => {
  it('hold every id the pipeline records in hub.yaml deployed', () => {
    // As DescribeStacks returns them: key, description, and a value per output.
    const outputs = Object.entries(
      hub.toJSON().Outputs as Record<string, { Description?: string }>,
    ).map(([key, output]) => ({
      OutputKey: key,
      Description: output.Description,
      OutputValue: `value-of-${key}`,
    }));
    const deployed = hubDeployedFromOutputs(outputs, registry.hub);
    expect(Object.keys(deployed.privateZoneIds).sort()).toEqual(
      [...registry.hub.dns.privateZones].sort(),
    );
    expect(Object.keys(deployed.ipamPoolIds ?? {}).sort()).toEqual(
      registry.hub.addressPlan!.pools.map(p => p.name).sort(),
    );
    expect(deployed.transitGatewayId).toBe('value-of-TransitGatewayId');
  });
});

describe('spokes the pipeline handshake accepted', () => {
  // As the pipeline records them after the handshake (docs/adr/0040).
  const handshaken = deployedRegistry();
  const recorded = {
    ...handshaken,
    spokes: handshaken.spokes.map(s => ({
      ...s,
      deployed: { ...s.deployed, acceptedBy: 'handshake' as const },
    })),
  };
  const synthesized = synth(recorded);

  it('leave acceptance, association and routes to the handshake, and keep the zone authorisations', () => {
    const calls = Object.values(
      resourcesOf(synthesized.hub, 'Custom::AWS'),
    ).map(r => JSON.stringify(r.Properties.Create));
    expect(
      calls.filter(c => c.includes('acceptTransitGatewayVpcAttachment')),
    ).toEqual([]);
    const spokeAttachments = new Set(
      recorded.spokes.map(s => s.deployed.transitGatewayAttachmentId),
    );
    const associations = Object.values(
      resourcesOf(
        synthesized.hub,
        'AWS::EC2::TransitGatewayRouteTableAssociation',
      ),
    ).map(r => r.Properties.TransitGatewayAttachmentId);
    expect(associations.filter(id => spokeAttachments.has(id))).toEqual([]);
    const routes = Object.values(
      resourcesOf(synthesized.hub, 'AWS::EC2::TransitGatewayRoute'),
    ).map(r => r.Properties.DestinationCidrBlock);
    for (const spoke of recorded.spokes) {
      expect(routes).not.toContain(spoke.network.cidr);
    }
    expect(
      calls.filter(c => c.includes('createVPCAssociationAuthorization')).length,
    ).toBeGreaterThan(0);
  });

  it('route their VPC to the hub', () => {
    synthesized.spoke('dev').resourcePropertiesCountIs(
      'AWS::EC2::Route',
      {
        DestinationCidrBlock: recorded.hub.network.cidr,
        TransitGatewayId: recorded.hub.deployed!.transitGatewayId,
      },
      2,
    );
  });
});
