import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeManagedPolicies, acknowledgeWildcards } from './nag';

/** AWS managed policies of the Karpenter node role. */
const NODE_POLICIES = [
  'AmazonEKSWorkerNodePolicy',
  'AmazonEKS_CNI_Policy',
  'AmazonEC2ContainerRegistryReadOnly',
  'AmazonSSMManagedInstanceCore',
];

/** Properties for {@link KarpenterPrerequisites}. */
export interface KarpenterPrerequisitesProps {
  /** The cluster Karpenter will scale. */
  readonly cluster: eks.Cluster;
  /** The cluster's name as a literal (it keys IAM conditions, so it cannot be a token). */
  readonly clusterName: string;
  /**
   * The namespace and service account the Karpenter controller runs as.
   * @default { namespace: 'kube-system', serviceAccount: 'karpenter' }
   */
  readonly controller?: { namespace: string; serviceAccount: string };
}

/**
 * What Karpenter needs before its chart is installed: the node role (with an EC2 access
 * entry so its nodes can join), the interruption queue fed by EventBridge, and a
 * controller role bound to its service account through EKS Pod Identity. Discovery
 * tags on subnets and the cluster security group are set by the spoke.
 */
export class KarpenterPrerequisites extends Construct {
  readonly nodeRole: iam.Role;
  readonly controllerRole: iam.Role;
  readonly interruptionQueue: sqs.Queue;

  constructor(
    scope: Construct,
    id: string,
    props: KarpenterPrerequisitesProps,
  ) {
    super(scope, id);
    const { cluster } = props;
    const stack = Stack.of(this);
    const controller = props.controller ?? {
      namespace: 'kube-system',
      serviceAccount: 'karpenter',
    };

    this.nodeRole = new iam.Role(this, 'NodeRole', {
      description: `Nodes launched by Karpenter in ${props.clusterName}`,
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      managedPolicies: NODE_POLICIES.map(name =>
        iam.ManagedPolicy.fromAwsManagedPolicyName(name),
      ),
    });
    acknowledgeManagedPolicies(
      this.nodeRole,
      NODE_POLICIES,
      'These are the AWS managed policies EKS documents for worker nodes; AWS keeps them in step with what the kubelet, the VPC CNI and SSM need.',
    );
    new eks.AccessEntry(this, 'NodeAccess', {
      cluster,
      principal: this.nodeRole.roleArn,
      accessEntryType: eks.AccessEntryType.EC2_LINUX,
      accessPolicies: [],
    });

    this.interruptionQueue = new sqs.Queue(this, 'InterruptionQueue', {
      retentionPeriod: Duration.minutes(5),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    Validations.of(this.interruptionQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'Interruption events are only useful for minutes and Karpenter re-reads instance state, so a dead-letter queue would only hold stale notices.',
    });
    const rules: Array<[string, events.EventPattern]> = [
      [
        'ScheduledChange',
        { source: ['aws.health'], detailType: ['AWS Health Event'] },
      ],
      [
        'SpotInterruption',
        {
          source: ['aws.ec2'],
          detailType: ['EC2 Spot Instance Interruption Warning'],
        },
      ],
      [
        'Rebalance',
        {
          source: ['aws.ec2'],
          detailType: ['EC2 Instance Rebalance Recommendation'],
        },
      ],
      [
        'InstanceStateChange',
        {
          source: ['aws.ec2'],
          detailType: ['EC2 Instance State-change Notification'],
        },
      ],
    ];
    for (const [name, eventPattern] of rules) {
      new events.Rule(this, `${name}Rule`, {
        eventPattern,
        targets: [new targets.SqsQueue(this.interruptionQueue)],
      });
    }

    this.controllerRole = new iam.Role(this, 'ControllerRole', {
      description: `Karpenter controller for ${props.clusterName}`,
      assumedBy: new iam.ServicePrincipal(
        'pods.eks.amazonaws.com',
      ).withSessionTags(),
    });
    const clusterTag = `aws:ResourceTag/kubernetes.io/cluster/${props.clusterName}`;
    this.controllerRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'Discover',
        actions: [
          'ec2:DescribeAvailabilityZones',
          'ec2:DescribeImages',
          'ec2:DescribeInstances',
          'ec2:DescribeInstanceTypeOfferings',
          'ec2:DescribeInstanceTypes',
          'ec2:DescribeLaunchTemplates',
          'ec2:DescribeSecurityGroups',
          'ec2:DescribeSpotPriceHistory',
          'ec2:DescribeSubnets',
          'pricing:GetProducts',
          'ssm:GetParameter',
        ],
        resources: ['*'],
      }),
    );
    this.controllerRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'Provision',
        actions: [
          'ec2:CreateFleet',
          'ec2:CreateLaunchTemplate',
          'ec2:CreateTags',
          'ec2:RunInstances',
        ],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:RequestedRegion': stack.region } },
      }),
    );
    this.controllerRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'Deprovision',
        actions: ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'],
        resources: ['*'],
        conditions: { StringEquals: { [clusterTag]: 'owned' } },
      }),
    );
    this.controllerRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'InstanceProfiles',
        actions: [
          'iam:AddRoleToInstanceProfile',
          'iam:CreateInstanceProfile',
          'iam:DeleteInstanceProfile',
          'iam:GetInstanceProfile',
          'iam:ListInstanceProfiles',
          'iam:RemoveRoleFromInstanceProfile',
          'iam:TagInstanceProfile',
        ],
        resources: ['*'],
      }),
    );
    this.controllerRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'PassNodeRole',
        actions: ['iam:PassRole'],
        resources: [this.nodeRole.roleArn],
      }),
    );
    this.controllerRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'Cluster',
        actions: ['eks:DescribeCluster'],
        resources: [cluster.clusterArn],
      }),
    );
    this.interruptionQueue.grantConsumeMessages(this.controllerRole);
    acknowledgeWildcards(
      this.controllerRole,
      ['*'],
      'Karpenter launches, tags and terminates instances and instance profiles whose ids are unknown until runtime; termination is limited to resources tagged as owned by this cluster, and the EC2 describe and pricing calls have no resource-level permissions.',
    );

    new eks.CfnPodIdentityAssociation(this, 'ControllerIdentity', {
      clusterName: cluster.clusterName,
      namespace: controller.namespace,
      serviceAccount: controller.serviceAccount,
      roleArn: this.controllerRole.roleArn,
    });
  }
}
