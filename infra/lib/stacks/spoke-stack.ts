import { Annotations, CfnOutput, Fn, SecretValue } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import {
  planSubnets,
  POD_CIDR,
  serviceResourceNames,
  spokeResourceNames,
  SubnetPlan,
} from '@internal/plugin-platform-common';
import { Construct } from 'constructs';
import { AccountSecurity } from '../constructs/account-security';
import { AuroraMysql } from '../constructs/aurora';
import { ClusterAccess, NamespaceAccess } from '../constructs/cluster-access';
import { PlatformCluster } from '../constructs/eks-cluster';
import { PortalReadOnlyRole } from '../constructs/portal-role';
import { RunbookSecretWriter } from '../constructs/runbook-secrets';
import { SpokeNetwork } from '../constructs/spoke-network';
import { HubZoneAssociation } from '../constructs/zone-association';
import {
  EXTERNAL_DNS_ROLE_NAME,
  zoneDelegationRoleName,
} from '../constructs/names';
import { SpokePublicDns } from '../constructs/spoke-public-dns';
import { RegistryEndpoints } from '../constructs/registry-endpoints';
import { InfraHub, InfraService, InfraSpoke } from '../registry';
import { PlatformStack } from './platform-stack';
import { spokePublicSubdomains } from './hub-stack';
import { publishSpokeParameters } from './service-stacks';

/**
 * The IPAM pool a spoke's VPC is allocated from: the hub's pool for the spoke's
 * `network.pool`, once the hub is deployed. A spoke without a pool keeps a plain
 * block (the hub reserves it in IPAM); switching an existing VPC to a pool would
 * replace it.
 *
 * @throws Error naming `hub.yaml` `deployed.ipamPoolIds` when the hub is deployed
 * but has not recorded the pool's id: deploying the spoke then would create a VPC
 * outside IPAM that a later deploy would have to replace.
 */
export function spokeIpamPoolId(
  hub: InfraHub,
  spoke: InfraSpoke,
): string | undefined {
  const pool = spoke.network.pool;
  if (!pool || !hub.deployed) return undefined;
  const id = hub.deployed.ipamPoolIds?.[pool];
  if (!id) {
    throw new Error(
      `spoke ${spoke.name}: network.pool is '${pool}' but hub.yaml deployed.ipamPoolIds has no id for it; deploy the hub and record its IpamPool outputs first`,
    );
  }
  return id;
}

/**
 * The spoke's subnet plan, from the portal's planner.
 * @throws Error naming the spoke and the planner's reason.
 */
export function spokeSubnetPlan(spoke: InfraSpoke): SubnetPlan {
  try {
    return planSubnets(
      spoke.network.cidr,
      spoke.network.availabilityZones.length,
    );
  } catch (e) {
    throw new Error(
      `spoke ${spoke.name}: network.cidr ${spoke.network.cidr} with ${
        spoke.network.availabilityZones.length
      } availability zones: ${(e as Error).message}`,
    );
  }
}

/** Properties for {@link SpokeStack}. */
export interface SpokeStackProps {
  /** `hub.yaml`: the only way hub ids reach a spoke (never stack references). */
  readonly hub: InfraHub;
  /** This spoke's file. */
  readonly spoke: InfraSpoke;
  /**
   * Every service file; the stack gives the owning team of each service listing this
   * spoke access to its namespace (the service's own resources are in its service stack).
   * @default - none
   */
  readonly services?: readonly InfraService[];
}

/**
 * One workload account (seeds 002, 003). Maps the spoke file, and the hub's deployed
 * ids from `hub.yaml`, onto the spoke constructs.
 */
export class SpokeStack extends PlatformStack {
  readonly network: SpokeNetwork;
  readonly cluster: PlatformCluster;
  readonly database: AuroraMysql;
  readonly portalRole: PortalReadOnlyRole;
  readonly runbookSecrets: RunbookSecretWriter;
  readonly access: ClusterAccess;
  readonly registryEndpoints: RegistryEndpoints;
  readonly security: AccountSecurity;
  /** The spoke's public subdomains and their certificate, when it lists public zones. */
  readonly publicDns?: SpokePublicDns;

  constructor(scope: Construct, id: string, props: SpokeStackProps) {
    const { hub, spoke } = props;
    super(scope, id, {
      env: { account: spoke.account, region: spoke.region },
      availabilityZones: spoke.network.availabilityZones,
      description: `Platform spoke ${spoke.name} (${spoke.environmentClass}): VPC, EKS, Aurora`,
    });
    const { eksClusterName: clusterName, dbClusterIdentifier } =
      spokeResourceNames(spoke.name);
    const accepted = Boolean(spoke.deployed?.transitGatewayAttachmentId);
    const services = (props.services ?? []).filter(s =>
      s.environments.includes(spoke.name),
    );

    this.network = new SpokeNetwork(this, 'Network', {
      subnetPlan: spokeSubnetPlan(spoke),
      ipamPoolId: spokeIpamPoolId(hub, spoke),
      availabilityZones: spoke.network.availabilityZones,
      natGateways: spoke.network.natGateways,
      clusterName,
      region: spoke.region,
      podCidr: POD_CIDR,
      transitGateway: hub.deployed && {
        transitGatewayId: hub.deployed.transitGatewayId,
        routedCidrs: [hub.network.cidr],
        accepted,
      },
    });
    const vpc = this.network.vpc;

    // The hub authorises the association once it knows this VPC's id.
    if (hub.deployed && spoke.deployed?.vpcId) {
      const zones: Record<string, string> = {};
      for (const zoneName of spoke.dns.privateZones) {
        const zoneId = hub.deployed.privateZoneIds[zoneName];
        if (zoneId) zones[zoneName] = zoneId;
      }
      new HubZoneAssociation(this, 'HubZones', { vpc, zones });
    }

    // Image pulls from the hub's ECR stay on the AWS network: ECR endpoints in this
    // VPC, S3 (layers) through a gateway on the node and pod route tables.
    this.registryEndpoints = new RegistryEndpoints(this, 'RegistryEndpoints', {
      vpc,
      clientCidrs: [spoke.network.cidr, POD_CIDR],
      subnets: { subnets: vpc.privateSubnets },
      gatewaySubnets: [
        { subnets: vpc.privateSubnets },
        { subnets: this.network.podSubnets },
      ],
    });

    // EKS, Aurora and trail logs expire (never, by default): a year in production.
    const logRetention =
      spoke.environmentClass === 'prod'
        ? logs.RetentionDays.ONE_YEAR
        : logs.RetentionDays.THREE_MONTHS;
    const nodeCidrs = vpc.privateSubnets.map(s => s.ipv4CidrBlock);
    const subdomains = spokePublicSubdomains(hub, spoke);
    if (subdomains.length > 0) {
      this.publicDns = new SpokePublicDns(this, 'PublicDns', {
        subdomains,
        // The hub creates it (PublicZoneDelegation); built from its fixed name.
        delegationRoleArn: `arn:${this.partition}:iam::${
          hub.account
        }:role/${zoneDelegationRoleName(spoke.name)}`,
      });
    }
    this.cluster = new PlatformCluster(this, 'Eks', {
      logRetention,
      externalDns: this.publicDns && {
        roleName: EXTERNAL_DNS_ROLE_NAME,
        zones: this.publicDns.zones,
      },
      argoCd: hub.identityCenter && {
        identityCenter: {
          instanceArn: hub.identityCenter.instanceArn,
          region: hub.identityCenter.region,
        },
        roleMappings: {
          admin: hub.identityCenter.argoCdAdminGroupIds,
          viewer: hub.identityCenter.argoCdViewerGroupIds,
        },
      },
      clusterName,
      version: spoke.eks.version,
      vpc,
      nodeSubnets: vpc.privateSubnets,
      podSubnets: this.network.podSubnets,
      instanceTypes: spoke.eks.nodeGroup.instanceTypes,
      nodeGroup: {
        minSize: spoke.eks.nodeGroup.minSize,
        desiredSize: spoke.eks.nodeGroup.desiredSize,
        maxSize: spoke.eks.nodeGroup.maxSize,
      },
      apiClientCidrs: [hub.network.cidr],
    });

    this.database = new AuroraMysql(this, 'Aurora', {
      clusterIdentifier: dbClusterIdentifier,
      vpc,
      subnets: vpc.isolatedSubnets,
      engineVersion: spoke.aurora.engineVersion,
      instanceClass: spoke.aurora.instanceClass,
      readers: spoke.aurora.readers,
      maxReaders: spoke.aurora.maxReaders,
      deletionProtection: spoke.aurora.deletionProtection,
      // Always on: service stacks create their users through it, and turning it on
      // per service would make adding a service update this stack.
      enableDataApi: true,
      logRetention,
      clientCidrs: [
        ...nodeCidrs,
        ...this.network.podSubnets.map(s => s.ipv4CidrBlock),
      ],
    });

    this.portalRole = new PortalReadOnlyRole(this, 'PortalRole', {
      portalRole: {
        account: hub.account,
        roleName: hub.portal.hosting.roleName,
      },
      // Resolved by CloudFormation in this account at deploy time; never in git.
      externalId: SecretValue.secretsManager(
        hub.portal.externalIdName,
      ).unsafeUnwrap(),
      roleName: hub.portal.roleName,
      clusterName,
      dbClusterIdentifier,
      dbSecretArn: this.database.secretArn,
    });

    this.runbookSecrets = new RunbookSecretWriter(this, 'RunbookSecrets', {
      // The portal's own role in the hub, as the read-only role trusts it.
      portalPrincipal: `arn:${this.partition}:iam::${hub.account}:role/${hub.portal.hosting.roleName}`,
      externalId: SecretValue.secretsManager(
        hub.portal.externalIdName,
      ).unsafeUnwrap(),
      roleName: hub.portal.secretWriterRoleName ?? 'platform-secret-writer',
      project: hub.project ?? 'platform',
      environment: spoke.name,
    });

    const teamRoles = spoke.eks.access?.teamRoleArns ?? {};
    const teams: NamespaceAccess[] = [];
    for (const service of services) {
      if (!service.owner) continue;
      const roleArn = teamRoles[service.owner];
      if (!roleArn) {
        Annotations.of(this).addWarningV2(
          `platform:team-access:${service.name}`,
          `${service.owner} owns ${
            service.name
          } but has no role in eks.access.teamRoleArns of spokes/${
            spoke.name
          }.yaml, so it gets no access to namespace ${
            serviceResourceNames(service.name).namespace
          }`,
        );
        continue;
      }
      teams.push({
        team: service.owner,
        roleArn,
        namespaces: [serviceResourceNames(service.name).namespace],
      });
    }
    this.access = new ClusterAccess(this, 'ClusterAccess', {
      cluster: this.cluster.cluster,
      platformTeamRoleArn: spoke.eks.access?.platformTeamRoleArn,
      portalRoleArn: this.portalRole.role.roleArn,
      teams,
    });
    if (!spoke.eks.access) {
      Annotations.of(this).addWarningV2(
        'platform:platform-team-access',
        `spokes/${spoke.name}.yaml has no eks.access block, so only the deploying role can administer the cluster`,
      );
    }
    if (!hub.identityCenter) {
      Annotations.of(this).addWarningV2(
        'platform:argocd',
        'hub.yaml has no identityCenter block, so this spoke gets no Argo CD (the EKS Argo CD capability signs people in only through IAM Identity Center)',
      );
    }

    this.security = new AccountSecurity(this, 'Security', {
      accountLabel: `spoke ${spoke.name}`,
      logRetention,
    });

    // What this account's service stacks read (never a stack reference).
    publishSpokeParameters(this, {
      vpcId: vpc.vpcId,
      privateSubnetIds: Fn.join(
        ',',
        vpc.privateSubnets.map(s => s.subnetId),
      ),
      auroraEndpoint: this.database.cluster.clusterEndpoint.hostname,
      auroraResourceId: this.database.cluster.clusterResourceIdentifier,
      auroraMasterSecretArn: this.database.secretArn,
    });

    new CfnOutput(this, 'VpcId', { value: vpc.vpcId });
    if (this.network.attachment) {
      new CfnOutput(this, 'TransitGatewayAttachmentId', {
        value: this.network.attachment.attrId,
      });
    }
    new CfnOutput(this, 'ClusterName', {
      value: this.cluster.cluster.clusterName,
    });
    new CfnOutput(this, 'DbClusterIdentifier', {
      value: this.database.cluster.clusterIdentifier,
    });
    new CfnOutput(this, 'PortalRoleArn', {
      value: this.portalRole.role.roleArn,
    });
    if (this.publicDns) {
      new CfnOutput(this, 'PublicCertificateArn', {
        description: this.publicDns.certificateNames.join(' '),
        value: this.publicDns.certificate.certificateArn,
      });
    }
  }
}
