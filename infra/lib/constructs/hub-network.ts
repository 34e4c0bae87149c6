import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { VpcFlowLogs } from './flow-logs';

/** Properties for {@link HubNetwork}. */
export interface HubNetworkProps {
  /** The hub VPC's CIDR, at most a /18 (e.g. `10.0.0.0/16`). */
  readonly cidr: string;
  /** The availability zones, given explicitly so synth never looks them up. */
  readonly availabilityZones: string[];
  /**
   * How many NAT gateways to create.
   * @default 1
   */
  readonly natGateways?: number;
}

/**
 * The hub VPC: private /20 subnets for shared endpoints, the Resolver endpoint and the
 * Transit Gateway attachment, public /24 subnets for NAT, and flow logs.
 */
export class HubNetwork extends Construct {
  readonly vpc: ec2.Vpc;
  readonly flowLogs: VpcFlowLogs;

  constructor(scope: Construct, id: string, props: HubNetworkProps) {
    super(scope, id);
    const prefix = Number(props.cidr.split('/')[1]);
    if (!(prefix >= 8 && prefix <= 18)) {
      throw new Error(
        `HubNetwork: cidr '${props.cidr}' must be between /8 and /18 to fit /20 private and /24 public subnets`,
      );
    }
    if (props.availabilityZones.length < 2) {
      throw new Error(
        `HubNetwork: availabilityZones needs at least 2 zones, got ${props.availabilityZones.length}`,
      );
    }
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr),
      availabilityZones: props.availabilityZones,
      natGateways: props.natGateways ?? 1,
      restrictDefaultSecurityGroup: false,
      subnetConfiguration: [
        {
          name: 'private',
          subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS,
          cidrMask: 20,
        },
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      ],
    });
    this.flowLogs = new VpcFlowLogs(this, 'FlowLogs', { vpc: this.vpc });
  }
}
