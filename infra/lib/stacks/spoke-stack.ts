import { CfnOutput, SecretValue } from 'aws-cdk-lib';
import { Fn } from 'aws-cdk-lib';
import { POD_CIDR, spokeResourceNames } from '@internal/plugin-platform-common';
import { Construct } from 'constructs';
import { AuroraMysql } from '../constructs/aurora';
import { PlatformCluster } from '../constructs/eks-cluster';
import { PortalReadOnlyRole } from '../constructs/portal-role';
import { SpokeNetwork } from '../constructs/spoke-network';
import { HubZoneAssociation } from '../constructs/zone-association';
import { InfraHub, InfraSpoke } from '../registry';
import { PlatformStack } from './platform-stack';
import { publishSpokeParameters } from './service-stacks';

/** Properties for {@link SpokeStack}. */
export interface SpokeStackProps {
  /** `hub.yaml`: the only way hub ids reach a spoke (never stack references). */
  readonly hub: InfraHub;
  /** This spoke's file. */
  readonly spoke: InfraSpoke;
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

    this.network = new SpokeNetwork(this, 'Network', {
      cidr: spoke.network.cidr,
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

    const nodeCidrs = vpc.privateSubnets.map(s => s.ipv4CidrBlock);
    this.cluster = new PlatformCluster(this, 'Eks', {
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
      clientCidrs: [
        ...nodeCidrs,
        ...this.network.podSubnets.map(s => s.ipv4CidrBlock),
      ],
    });

    this.portalRole = new PortalReadOnlyRole(this, 'PortalRole', {
      portalPrincipal: hub.account,
      // Resolved by CloudFormation in this account at deploy time; never in git.
      externalId: SecretValue.secretsManager(
        hub.portal.externalIdName,
      ).unsafeUnwrap(),
      roleName: hub.portal.roleName,
      clusterName,
      dbClusterIdentifier,
      dbSecretArn: this.database.secretArn,
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
  }
}
