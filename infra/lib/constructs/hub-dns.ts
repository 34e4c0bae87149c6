import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as resolver from 'aws-cdk-lib/aws-route53resolver';
import { Construct } from 'constructs';
import { AwsCall } from './aws-call';
import { pascal } from './names';

/** A spoke VPC that may associate the hub's private zones. */
export interface DnsSpokeVpc {
  /** The spoke's name. */
  readonly name: string;
  /** The spoke VPC's primary CIDR, allowed to query the inbound endpoint. */
  readonly cidr: string;
  /** The spoke VPC's region. */
  readonly region: string;
  /** The private zone names this spoke associates. */
  readonly zones: string[];
  /**
   * The spoke VPC's id once deployed; with it the hub authorises the association.
   * @default - no authorisation yet
   */
  readonly vpcId?: string;
}

/** Properties for {@link HubDns}. */
export interface HubDnsProps {
  /** The hub VPC: private zones are associated with it, the endpoint lives in it. */
  readonly vpc: ec2.IVpc;
  /** The hub VPC's CIDR as a literal, allowed to query the inbound endpoint. */
  readonly vpcCidr: string;
  /** Public hosted zone names, e.g. `example.com`. */
  readonly publicZones: string[];
  /** Private hosted zone names, e.g. `platform.internal`. */
  readonly privateZones: string[];
  /** Every spoke in the registry. */
  readonly spokes: DnsSpokeVpc[];
  /**
   * The inbound endpoint's address in each private subnet (zone order), so they
   * are known before deploy (`hubResolverInboundIps`).
   * @default - assigned by AWS
   */
  readonly inboundIps?: string[];
}

/**
 * Central DNS: public and private hosted zones, cross-account association
 * authorisations of the private zones for each deployed spoke VPC, a Resolver inbound
 * endpoint for the hub and on-premises, and Resolver query logs.
 */
export class HubDns extends Construct {
  readonly publicZones: route53.PublicHostedZone[];
  readonly privateZones: route53.PrivateHostedZone[];
  readonly inboundEndpoint: resolver.CfnResolverEndpoint;
  readonly queryLogGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: HubDnsProps) {
    super(scope, id);
    this.publicZones = props.publicZones.map(
      zoneName =>
        new route53.PublicHostedZone(this, `Public${pascal(zoneName)}`, {
          zoneName,
        }),
    );
    this.privateZones = props.privateZones.map(
      zoneName =>
        new route53.PrivateHostedZone(this, `Private${pascal(zoneName)}`, {
          zoneName,
          vpc: props.vpc,
        }),
    );

    // Authorise each deployed spoke VPC; the spoke stack makes the association.
    for (const spoke of props.spokes) {
      if (!spoke.vpcId) continue;
      for (const zone of this.privateZones) {
        if (!spoke.zones.includes(zone.zoneName)) continue;
        const vpc = { VPCRegion: spoke.region, VPCId: spoke.vpcId };
        new AwsCall(
          this,
          `Authorise${pascal(spoke.name)}${pascal(zone.zoneName)}`,
          {
            onCreate: {
              service: 'Route53',
              action: 'createVPCAssociationAuthorization',
              parameters: { HostedZoneId: zone.hostedZoneId, VPC: vpc },
              physicalResourceId: {
                id: `${spoke.vpcId}:${zone.zoneName}`,
              },
            },
            onDelete: {
              service: 'Route53',
              action: 'deleteVPCAssociationAuthorization',
              parameters: { HostedZoneId: zone.hostedZoneId, VPC: vpc },
              ignoreErrorCodesMatching: 'VPCAssociationAuthorizationNotFound',
            },
            statements: [
              new iam.PolicyStatement({
                actions: [
                  'route53:CreateVPCAssociationAuthorization',
                  'route53:DeleteVPCAssociationAuthorization',
                ],
                resources: [zone.hostedZoneArn],
              }),
            ],
          },
        );
      }
    }

    const endpointSg = new ec2.SecurityGroup(this, 'InboundSecurityGroup', {
      vpc: props.vpc,
      description:
        'DNS to the Resolver inbound endpoint from the hub and spokes',
      allowAllOutbound: false,
    });
    for (const cidr of [props.vpcCidr, ...props.spokes.map(s => s.cidr)]) {
      endpointSg.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.udp(53), 'DNS');
      endpointSg.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(53), 'DNS');
    }
    const subnets = props.vpc.selectSubnets({
      subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS,
      onePerAz: true,
    });
    if (
      props.inboundIps &&
      props.inboundIps.length !== subnets.subnets.length
    ) {
      throw new Error(
        `HubDns: inboundIps lists ${props.inboundIps.length} addresses for ${subnets.subnets.length} private subnets`,
      );
    }
    this.inboundEndpoint = new resolver.CfnResolverEndpoint(this, 'Inbound', {
      name: 'platform-hub-inbound',
      direction: 'INBOUND',
      securityGroupIds: [endpointSg.securityGroupId],
      ipAddresses: subnets.subnetIds.map((subnetId, i) => ({
        subnetId,
        ip: props.inboundIps?.[i],
      })),
    });

    this.queryLogGroup = new logs.LogGroup(this, 'QueryLogs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const queryLogging = new resolver.CfnResolverQueryLoggingConfig(
      this,
      'QueryLogging',
      {
        name: 'platform-hub',
        destinationArn: this.queryLogGroup.logGroupArn,
      },
    );
    new resolver.CfnResolverQueryLoggingConfigAssociation(
      this,
      'QueryLoggingHubVpc',
      {
        resolverQueryLogConfigId: queryLogging.attrId,
        resourceId: props.vpc.vpcId,
      },
    );
  }
}
