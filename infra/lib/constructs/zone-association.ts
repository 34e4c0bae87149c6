import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AwsCall } from './aws-call';
import { pascal } from './names';

/** Properties for {@link HubZoneAssociation}. */
export interface HubZoneAssociationProps {
  /** The spoke VPC. */
  readonly vpc: ec2.IVpc;
  /** The hub's private zones to associate: zone name to hosted zone id (`hub.yaml`). */
  readonly zones: Record<string, string>;
}

/**
 * Associates the hub's private hosted zones with this spoke's VPC, after the hub has
 * authorised it (`CreateVPCAssociationAuthorization`). With the zones associated the
 * VPC resolver (AmazonProvidedDNS) answers for them directly.
 */
export class HubZoneAssociation extends Construct {
  constructor(scope: Construct, id: string, props: HubZoneAssociationProps) {
    super(scope, id);
    const stack = Stack.of(this);
    for (const [zoneName, hostedZoneId] of Object.entries(props.zones)) {
      const vpc = { VPCId: props.vpc.vpcId, VPCRegion: stack.region };
      new AwsCall(this, pascal(zoneName), {
        onCreate: {
          service: 'Route53',
          action: 'associateVPCWithHostedZone',
          parameters: { HostedZoneId: hostedZoneId, VPC: vpc },
          physicalResourceId: { id: `${hostedZoneId}:${zoneName}` },
        },
        onDelete: {
          service: 'Route53',
          action: 'disassociateVPCFromHostedZone',
          parameters: { HostedZoneId: hostedZoneId, VPC: vpc },
          ignoreErrorCodesMatching: 'VPCAssociationNotFound',
        },
        statements: [
          new iam.PolicyStatement({
            actions: [
              'route53:AssociateVPCWithHostedZone',
              'route53:DisassociateVPCFromHostedZone',
            ],
            resources: [
              stack.formatArn({
                service: 'route53',
                region: '',
                account: '',
                resource: 'hostedzone',
                resourceName: hostedZoneId,
              }),
            ],
          }),
          new iam.PolicyStatement({
            // Route 53 checks the caller may see the VPC; this action has no resource scope.
            actions: ['ec2:DescribeVpcs'],
            resources: ['*'],
          }),
        ],
        acknowledgements: [
          {
            id: 'AwsSolutions-IAM5[Resource::*]',
            reason:
              'Route 53 requires ec2:DescribeVpcs to associate a VPC and that action has no resource-level permissions; it only reads VPC metadata.',
          },
        ],
      });
    }
  }
}
