import { CfnOutput } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import {
  cidrContains,
  HUB_RESERVATION_DESCRIPTION,
  hubResolverInboundIps,
  LARGEST_VPC_PREFIX,
  SMALLEST_VPC_PREFIX,
  spokePublicZoneName,
  spokeReservationDescription,
} from '@internal/plugin-platform-common';
import { AccountSecurity } from '../constructs/account-security';
import { Construct } from 'constructs';
import {
  AddressIpam,
  AddressIpamReservation,
} from '../constructs/address-ipam';
import { ContainerRegistry } from '../constructs/container-registry';
import { PlatformCluster } from '../constructs/eks-cluster';
import { GithubOidcPush } from '../constructs/github-oidc';
import { HubDns } from '../constructs/hub-dns';
import { HubNetwork } from '../constructs/hub-network';
import { pascal, zoneDelegationRoleName } from '../constructs/names';
import { PortalHosting } from '../constructs/portal-hosting';
import { PublicZoneDelegation } from '../constructs/public-zone-delegation';
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
  /** The IPAM of the address plan, when `hub.yaml` declares `addressPlan`. */
  readonly ipam?: AddressIpam;
  /** The EKS cluster the portal runs on (docs/adr/0010-where-the-portal-runs.md). */
  readonly portalCluster: PlatformCluster;
  /** The portal's database, cache, secrets and IAM role. */
  readonly portal: PortalHosting;
  /** The role each spoke assumes to delegate its public subdomains, by spoke name. */
  readonly zoneDelegation: Record<string, PublicZoneDelegation>;
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
        // The pipeline's handshake owns what it accepted (docs/adr/0040): a second
        // association through CloudFormation would fail.
        attachmentId:
          s.deployed?.acceptedBy === 'handshake'
            ? undefined
            : s.deployed?.transitGatewayAttachmentId,
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

    // Each spoke owns <spoke>.<zone> of the public zones it lists (docs/adr/0041):
    // the hub only lets it write the NS records that delegate those names.
    this.zoneDelegation = {};
    for (const spoke of spokes) {
      const subdomains = spokePublicSubdomains(hub, spoke);
      if (subdomains.length === 0) continue;
      this.zoneDelegation[spoke.name] = new PublicZoneDelegation(
        this,
        `PublicDns${pascal(spoke.name)}`,
        {
          roleName: zoneDelegationRoleName(spoke.name),
          spokeAccount: spoke.account,
          subdomains: subdomains.map(({ zoneName, parentZoneName }) => ({
            parent: this.dns.publicZones.find(
              z => z.zoneName === parentZoneName,
            )!,
            zoneName,
          })),
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

    const hosting = hub.portal.hosting;
    const portalClusterName = portalClusterNameOf(hub.name);
    // The hub has no secondary pod range: pods take addresses from the node subnets.
    this.portalCluster = new PlatformCluster(this, 'PortalCluster', {
      clusterName: portalClusterName,
      version: hosting.cluster.version,
      vpc,
      nodeSubnets: vpc.privateSubnets,
      podSubnets: vpc.privateSubnets,
      instanceTypes: hosting.cluster.instanceTypes,
      nodeGroup: {
        minSize: hosting.cluster.nodes,
        desiredSize: hosting.cluster.nodes,
        maxSize: hosting.cluster.nodes + 2,
      },
    });
    this.portal = new PortalHosting(this, 'Portal', {
      vpc,
      subnets: vpc.selectSubnets({
        subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS,
      }).subnets,
      clientCidrs: [hub.network.cidr],
      roleName: hosting.roleName,
      podIdentity: {
        clusterName: this.portalCluster.cluster.clusterName,
        namespace: hosting.namespace,
        serviceAccount: hosting.serviceAccount,
      },
      // In every spoke: the read-only role (health) and the runbook secret writer
      // (the New secret template).
      spokeRoleArns: spokes.flatMap(s => [
        `arn:${this.partition}:iam::${s.account}:role/${hub.portal.roleName}`,
        `arn:${this.partition}:iam::${s.account}:role/${
          hub.portal.secretWriterRoleName ?? 'platform-secret-writer'
        }`,
      ]),
      database: hosting.database,
      redis: hosting.redis.enabled
        ? { nodeType: hosting.redis.nodeType }
        : undefined,
    });

    if (hub.addressPlan) {
      this.ipam = new AddressIpam(this, 'AddressPlan', {
        pools: hub.addressPlan.pools.map(pool => ({
          name: pool.name,
          description: pool.description,
          cidrs: pool.cidrs,
          defaultNetmaskLength: poolDefaultSize(hub.addressPlan!, pool.name),
        })),
        netmaskLength: { min: LARGEST_VPC_PREFIX, max: SMALLEST_VPC_PREFIX },
        shareWithAccounts: spokes.map(s => s.account),
        reservations: addressReservations(hub, spokes),
      });
      for (const [name, pool] of Object.entries(this.ipam.pools)) {
        new CfnOutput(this, `IpamPool${pascal(name)}Id`, {
          description: `hub.yaml deployed.ipamPoolIds.${name}`,
          value: pool.attrIpamPoolId,
        });
      }
    }

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
    const portal = this.portal;
    new CfnOutput(this, 'PortalRoleArn', { value: portal.role.roleArn });
    new CfnOutput(this, 'PortalDatabaseHost', {
      value: portal.database.clusterEndpoint.hostname,
    });
    new CfnOutput(this, 'PortalAppSecretArn', {
      value: portal.appSecret.secretArn,
    });
    if (portal.redis) {
      new CfnOutput(this, 'PortalRedisHost', {
        value: portal.redis.group.attrPrimaryEndPointAddress,
      });
      new CfnOutput(this, 'PortalRedisSecretArn', {
        value: portal.redis.secret.secretArn,
      });
    }
    this.dns.privateZones.forEach((zone, i) => {
      new CfnOutput(this, `PrivateZone${i + 1}`, {
        description: zone.zoneName,
        value: zone.hostedZoneId,
      });
    });
  }
}

/**
 * The public subdomains a spoke owns: `<spoke>.<zone>` for each hub public zone its
 * file lists (docs/adr/0041).
 *
 * @throws Error naming the spoke when a subdomain is itself one of the hub's public
 * zones: delegating it would hand that whole zone to the spoke.
 */
export function spokePublicSubdomains(
  hub: InfraHub,
  spoke: InfraSpoke,
): { zoneName: string; parentZoneName: string }[] {
  return (spoke.dns.publicZones ?? [])
    .filter(zone => hub.dns.publicZones.includes(zone))
    .map(parentZoneName => {
      const zoneName = spokePublicZoneName(spoke.name, parentZoneName);
      if (hub.dns.publicZones.includes(zoneName)) {
        throw new Error(
          `spoke ${spoke.name}: dns.publicZones ${parentZoneName} would give it the subdomain ${zoneName}, which is one of the hub's public zones (hub.yaml dns.publicZones); a spoke name must not be a label of a hub public zone`,
        );
      }
      return { zoneName, parentZoneName };
    });
}

/** The hub's EKS cluster that runs the portal. */
export function portalClusterNameOf(hubName: string): string {
  return `${hubName}-portal`;
}

/**
 * Blocks held in IPAM for what is not allocated from a pool: the hub VPC and every
 * spoke that names no pool (created before pools), each in the pool that holds it.
 */
export function addressReservations(
  hub: InfraHub,
  spokes: readonly InfraSpoke[],
): AddressIpamReservation[] {
  const pools = hub.addressPlan?.pools ?? [];
  const poolOf = (cidr: string) =>
    pools.find(p => p.cidrs.some(c => cidrContains(c, cidr)))?.name;
  const out: AddressIpamReservation[] = [];
  const hubPool = poolOf(hub.network.cidr);
  if (hubPool) {
    out.push({
      key: 'hub',
      pool: hubPool,
      cidr: hub.network.cidr,
      description: HUB_RESERVATION_DESCRIPTION,
    });
  }
  for (const spoke of spokes) {
    const pool = spoke.network.pool ? undefined : poolOf(spoke.network.cidr);
    if (pool) {
      out.push({
        key: `spoke-${spoke.name}`,
        pool,
        cidr: spoke.network.cidr,
        description: spokeReservationDescription(spoke.name),
      });
    }
  }
  return out;
}

/**
 * A pool's default VPC size in IPAM: the smallest default size of the environment
 * classes that default to it, else the smallest spoke size.
 */
export function poolDefaultSize(
  plan: NonNullable<InfraHub['addressPlan']>,
  poolName: string,
): number {
  const first = plan.pools[0]?.name;
  const sizes = Object.values(plan.defaults)
    .filter(d => (d.pool ?? first) === poolName)
    .map(d => d.size);
  return sizes.length > 0 ? Math.max(...sizes) : SMALLEST_VPC_PREFIX;
}
