import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';

/** Properties for {@link RegistryEndpoints}. */
export interface RegistryEndpointsProps {
  /** The VPC that receives the endpoints. */
  readonly vpc: ec2.IVpc;
  /**
   * CIDRs allowed to reach the interface endpoints on 443: the VPC's own and the
   * spokes' (over the Transit Gateway). Literal values, so they can be reviewed.
   */
  readonly clientCidrs: string[];
  /**
   * Subnets of the interface endpoints.
   * @default - the private subnets with egress
   */
  readonly subnets?: ec2.SubnetSelection;
  /**
   * Subnets whose route tables get the S3 gateway endpoint (image layers).
   * @default - the interface endpoints' subnets
   */
  readonly gatewaySubnets?: ec2.SubnetSelection[];
}

/**
 * Private paths to ECR (the hub's registry from any account of the region):
 * interface endpoints for `ecr.api` and `ecr.dkr` with private DNS, and an S3
 * gateway endpoint on the given route tables (image layers are served from S3).
 * Each VPC has its own: see docs/adr/0020-private-image-pulls.md.
 */
export class RegistryEndpoints extends Construct {
  readonly securityGroup: ec2.SecurityGroup;
  readonly ecrApi: ec2.InterfaceVpcEndpoint;
  readonly ecrDocker: ec2.InterfaceVpcEndpoint;
  readonly s3: ec2.GatewayVpcEndpoint;

  constructor(scope: Construct, id: string, props: RegistryEndpointsProps) {
    super(scope, id);
    const subnets = props.subnets ?? {
      subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS,
    };
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description:
        'HTTPS to the ECR interface endpoints from the VPC (nodes and pods)',
      allowAllOutbound: false,
    });
    for (const cidr of props.clientCidrs) {
      this.securityGroup.addIngressRule(
        ec2.Peer.ipv4(cidr),
        ec2.Port.tcp(443),
        'HTTPS to ECR endpoints',
      );
    }
    this.ecrApi = new ec2.InterfaceVpcEndpoint(this, 'EcrApi', {
      vpc: props.vpc,
      service: ec2.InterfaceVpcEndpointAwsService.ECR,
      subnets,
      securityGroups: [this.securityGroup],
      privateDnsEnabled: true,
      open: false,
    });
    this.ecrDocker = new ec2.InterfaceVpcEndpoint(this, 'EcrDocker', {
      vpc: props.vpc,
      service: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
      subnets,
      securityGroups: [this.securityGroup],
      privateDnsEnabled: true,
      open: false,
    });
    this.s3 = new ec2.GatewayVpcEndpoint(this, 'S3', {
      vpc: props.vpc,
      service: ec2.GatewayVpcEndpointAwsService.S3,
      subnets: props.gatewaySubnets ?? [subnets],
    });
  }
}
