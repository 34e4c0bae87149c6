import { CfnOutput } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { hubResolverInboundIps } from '@internal/plugin-platform-common';
import { AccountSecurity } from '../constructs/account-security';
import { Construct } from 'constructs';
import { ContainerRegistry } from '../constructs/container-registry';
import { GithubOidcPush } from '../constructs/github-oidc';
import { HubDns } from '../constructs/hub-dns';
import { HubNetwork } from '../constructs/hub-network';
import { externalDnsRoleNames, pascal } from '../constructs/names';
import { PublicDnsAccess } from '../constructs/public-dns-access';
import { RegistryEndpoints } from '../constructs/registry-endpoints';
import { TransitGatewayHub } from '../constructs/transit-gateway';
import { InfraHub, InfraSpoke } from '../registry';
import { PlatformStack } from './platform-stack';

/** Properties for {@link HubStack}. */
export interface HubStackProps {
  /** `hub.yaml`. */
  readonly hub: InfraHub;
  /** Every spoke file: the hub carries each spoke's hub-side changes. */
  readonly spokes: readonly InfraSpoke[];
}

/**
 * The shared services account (seed 001). Maps the registry onto the hub constructs;
 * the outputs are what `hub.yaml`'s `deployed` block records after the first deploy.
 */
export class HubStack extends PlatformStack {
  readonly network: HubNetwork;
  readonly transitGateway: TransitGatewayHub;
  readonly dns: HubDns;
  readonly registry: ContainerRegistry;
  /** The role each spoke's external-dns assumes, by spoke name. */
  readonly publicDnsAccess: Record<string, PublicDnsAccess>;
  readonly security: AccountSecurity;

  constructor(scope: Construct, id: string, props: HubStackProps) {
    const { hub, spokes } = props;
    super(scope, id, {
      env: { account: hub.account, region: hub.region },
      availabilityZones: hub.network.availabilityZones,
      description: `Platform hub (${hub.name}): Transit Gateway, DNS, ECR, CI access`,
    });

    this.network = new HubNetwork(this, 'Network', {
      cidr: hub.network.cidr,
      availabilityZones: hub.network.availabilityZones,
    });
    const vpc = this.network.vpc;

    this.transitGateway = new TransitGatewayHub(this, 'TransitGateway', {
      vpc,
      spokes: spokes.map(s => ({
        name: s.name,
        account: s.account,
        environmentClass: s.environmentClass,
        cidr: s.network.cidr,
        attachmentId: s.deployed?.transitGatewayAttachmentId,
      })),
    });

    this.dns = new HubDns(this, 'Dns', {
      vpc,
      vpcCidr: hub.network.cidr,
      publicZones: hub.dns.publicZones,
      privateZones: hub.dns.privateZones,
      spokes: spokes.map(s => ({
        name: s.name,
        cidr: s.network.cidr,
        region: s.region,
        zones: s.dns.privateZones,
        vpcId: s.deployed?.vpcId,
      })),
      inboundIps: hubResolverInboundIps(
        hub.network.cidr,
        hub.network.availabilityZones.length,
      ),
    });

    this.publicDnsAccess = {};
    for (const spoke of spokes) {
      const zones = this.dns.publicZones.filter(z =>
        (spoke.dns.publicZones ?? []).includes(z.zoneName),
      );
      if (zones.length === 0) continue;
      const names = externalDnsRoleNames(spoke.name);
      this.publicDnsAccess[spoke.name] = new PublicDnsAccess(
        this,
        `PublicDns${pascal(spoke.name)}`,
        {
          roleName: names.hubRole,
          spokeAccount: spoke.account,
          spokeRoleName: names.spokeRole,
          zones,
        },
      );
    }

    // The hub's own pulls; spokes have their own endpoints (docs/adr/0020).
    new RegistryEndpoints(this, 'RegistryEndpoints', {
      vpc,
      clientCidrs: [hub.network.cidr],
    });

    this.registry = new ContainerRegistry(this, 'Ecr', {
      repositories: hub.ecr.repositories,
      maxImageCount: hub.ecr.maxImageCount,
      pullAccounts: spokes.map(s => s.account),
    });

    new GithubOidcPush(this, 'GithubOidc', {
      organization: hub.github.org,
      repositories: hub.github.repositories,
      pushTo: this.registry.repositories,
    });

    // Amazon Inspector scans every image on push and keeps rescanning them as new
    // vulnerabilities are published (enhanced scanning replaces basic scan on push).
    new ecr.CfnRegistryScanningConfiguration(this, 'ImageScanning', {
      scanType: 'ENHANCED',
      rules: [
        {
          scanFrequency: 'CONTINUOUS_SCAN',
          repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }],
        },
      ],
    });
    this.security = new AccountSecurity(this, 'Security', {
      accountLabel: `the hub (${hub.name})`,
    });

    const tgw = this.transitGateway;
    new CfnOutput(this, 'TransitGatewayId', { value: tgw.transitGateway.ref });
    new CfnOutput(this, 'NonProdRouteTableId', {
      value: tgw.classRouteTables['non-prod'].ref,
    });
    new CfnOutput(this, 'ProdRouteTableId', {
      value: tgw.classRouteTables.prod.ref,
    });
    new CfnOutput(this, 'ResolverInboundEndpointId', {
      value: this.dns.inboundEndpoint.attrResolverEndpointId,
    });
    this.dns.privateZones.forEach((zone, i) => {
      new CfnOutput(this, `PrivateZone${i + 1}`, {
        description: zone.zoneName,
        value: zone.hostedZoneId,
      });
    });
  }
}
