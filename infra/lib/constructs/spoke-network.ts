import { Tags, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { SubnetPlan } from '@internal/plugin-platform-common';
import { Construct } from 'constructs';
import { subdivide } from './cidr';
import { VpcFlowLogs } from './flow-logs';
import { PlannedIpAddresses } from './planned-ip-addresses';

/** The secondary range every spoke uses for pods; it is never routed off the VPC. */
export const DEFAULT_POD_CIDR = '100.64.0.0/16';

/** How a spoke reaches the hub once its attachment has been accepted. */
export interface SpokeTransitGatewayProps {
  /** The hub's Transit Gateway id (from `hub.yaml`). */
  readonly transitGatewayId: string;
  /**
   * The destinations routed to the gateway from the private subnets once the hub
   * has accepted the attachment (the hub CIDR).
   */
  readonly routedCidrs: string[];
  /**
   * Whether the hub has accepted and associated this spoke's attachment (its id is
   * in the registry). Routes are only added then: a route to an attachment that is
   * still pending acceptance fails.
   * @default false
   */
  readonly accepted?: boolean;
}

/** Properties for {@link SpokeNetwork}. */
export interface SpokeNetworkProps {
  /**
   * The VPC's block and subnets: `planSubnets(cidr, azCount)` of
   * `@internal/plugin-platform-common`, the same plan the portal shows.
   */
  readonly subnetPlan: SubnetPlan;
  /**
   * The hub's IPAM pool (shared through RAM) the VPC's block is allocated from.
   * @default - a plain CIDR block, not allocated from IPAM
   */
  readonly ipamPoolId?: string;
  /** The availability zones (2 or 3), explicit so synth never looks them up. */
  readonly availabilityZones: string[];
  /** One NAT gateway for the VPC, or one per availability zone. */
  readonly natGateways: 'single' | 'perAz';
  /** The EKS cluster name, used in the subnet discovery tags. */
  readonly clusterName: string;
  /** The region, for the DHCP options' domain name. */
  readonly region: string;
  /**
   * The secondary CIDR for pods (VPC CNI custom networking).
   * @default DEFAULT_POD_CIDR
   */
  readonly podCidr?: string;
  /**
   * The Transit Gateway attachment and routes.
   * @default - no attachment (the hub has not been deployed yet)
   */
  readonly transitGateway?: SpokeTransitGatewayProps;
}

/**
 * A spoke VPC laid out by the platform's subnet plan (/16 to /20): private subnets
 * for nodes, public ones for NAT and load balancers, isolated ones for the databases, a secondary CIDR with one pod subnet per zone, EKS
 * and Karpenter discovery tags, DHCP options that keep `AmazonProvidedDNS`, flow logs,
 * and the Transit Gateway attachment with routes to the hub.
 */
export class SpokeNetwork extends Construct {
  readonly vpc: ec2.Vpc;
  readonly podSubnets: ec2.PrivateSubnet[];
  readonly flowLogs: VpcFlowLogs;
  readonly attachment?: ec2.CfnTransitGatewayAttachment;

  constructor(scope: Construct, id: string, props: SpokeNetworkProps) {
    super(scope, id);
    const azCount = props.availabilityZones.length;
    if (azCount < 2 || azCount > 3) {
      throw new Error(
        `SpokeNetwork: availabilityZones must list 2 or 3 zones, got ${azCount}`,
      );
    }
    if (props.subnetPlan.azCount !== azCount) {
      throw new Error(
        `SpokeNetwork: subnetPlan is for ${props.subnetPlan.azCount} zones but availabilityZones lists ${azCount}`,
      );
    }

    // The subnets are the plan's, private first (see planSubnets); with a pool the
    // block is also allocated from IPAM, so no other VPC can hold it.
    const ipAddresses = new PlannedIpAddresses(props.subnetPlan, {
      ipv4IpamPoolId: props.ipamPoolId,
    });
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses,
      availabilityZones: props.availabilityZones,
      natGateways: props.natGateways === 'perAz' ? azCount : 1,
      restrictDefaultSecurityGroup: false,
      subnetConfiguration: ipAddresses.subnetConfiguration(),
    });
    for (const subnet of this.vpc.privateSubnets) {
      Tags.of(subnet).add('kubernetes.io/role/internal-elb', '1');
      Tags.of(subnet).add('karpenter.sh/discovery', props.clusterName);
    }
    for (const subnet of this.vpc.publicSubnets) {
      Tags.of(subnet).add('kubernetes.io/role/elb', '1');
    }

    // Pods: a secondary CIDR split per zone. The subnets route to NAT only; the
    // Transit Gateway never sees this range (pod traffic leaving the VPC is SNATed
    // to the node's primary address).
    const podCidr = props.podCidr ?? DEFAULT_POD_CIDR;
    const podBlock = new ec2.CfnVPCCidrBlock(this, 'PodCidr', {
      vpcId: this.vpc.vpcId,
      cidrBlock: podCidr,
    });
    const podPrefix = Number(podCidr.split('/')[1]) + 2;
    this.podSubnets = props.availabilityZones.map((az, i) => {
      const subnet = new ec2.PrivateSubnet(this, `PodSubnet${i + 1}`, {
        vpcId: this.vpc.vpcId,
        availabilityZone: az,
        cidrBlock: subdivide(podCidr, podPrefix, i),
        mapPublicIpOnLaunch: false,
      });
      subnet.node.addDependency(podBlock);
      Validations.of(subnet).acknowledge({
        id: 'CloudFormation-Validate::E3059',
        reason:
          'The pod subnet lies in the secondary CIDR block that the VPCCidrBlock resource it depends on adds to the VPC.',
      });
      subnet.addDefaultNatRoute(natGatewayFor(this.vpc.privateSubnets[i]));
      Tags.of(subnet).add('platform/subnet-role', 'pods');
      return subnet;
    });

    // Keep AmazonProvidedDNS only: the hub's private zones are associated with this
    // VPC, so the VPC resolver answers for them and for AWS names (the private EKS
    // endpoint included). The domain name must stay the regional default, or nodes
    // register under names EKS does not expect.
    const dhcp = new ec2.CfnDHCPOptions(this, 'DhcpOptions', {
      domainName:
        props.region === 'us-east-1'
          ? 'ec2.internal'
          : `${props.region}.compute.internal`,
      domainNameServers: ['AmazonProvidedDNS'],
    });
    new ec2.CfnVPCDHCPOptionsAssociation(this, 'DhcpOptionsAssociation', {
      vpcId: this.vpc.vpcId,
      dhcpOptionsId: dhcp.ref,
    });

    this.flowLogs = new VpcFlowLogs(this, 'FlowLogs', { vpc: this.vpc });

    const tgw = props.transitGateway;
    if (tgw) {
      this.attachment = new ec2.CfnTransitGatewayAttachment(
        this,
        'TransitGatewayAttachment',
        {
          transitGatewayId: tgw.transitGatewayId,
          vpcId: this.vpc.vpcId,
          subnetIds: this.vpc.privateSubnets.map(s => s.subnetId),
          tags: [{ key: 'Name', value: props.clusterName }],
        },
      );
      if (tgw.accepted) {
        this.vpc.privateSubnets.forEach((subnet, i) => {
          tgw.routedCidrs.forEach((cidr, j) => {
            const route = new ec2.CfnRoute(this, `HubRoute${i + 1}_${j + 1}`, {
              routeTableId: subnet.routeTable.routeTableId,
              destinationCidrBlock: cidr,
              transitGatewayId: tgw.transitGatewayId,
            });
            route.node.addDependency(this.attachment!);
          });
        });
      }
    }
  }
}

/** The NAT gateway a private subnet's default route points at. */
function natGatewayFor(subnet: ec2.ISubnet): string {
  const route = subnet.node.tryFindChild('DefaultRoute') as
    | ec2.CfnRoute
    | undefined;
  if (!route?.natGatewayId) {
    throw new Error(
      `SpokeNetwork: private subnet ${subnet.node.path} has no NAT default route`,
    );
  }
  return route.natGatewayId;
}
