import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, IDependable } from 'constructs';
import { HELM_CHARTS, KARPENTER_AMI_ALIAS } from './cluster-versions';
import { acknowledgeManagedPolicies, acknowledgeFindings } from './nag';

/** AWS managed policies of the Karpenter node role. */
const NODE_POLICIES = [
  'AmazonEKSWorkerNodePolicy',
  'AmazonEKS_CNI_Policy',
  'AmazonEC2ContainerRegistryReadOnly',
  'AmazonSSMManagedInstanceCore',
];

/** The NodePool every spoke has; services' charts rely on its name. */
export const KARPENTER_NODE_POOL = 'default';

/** Properties for {@link Karpenter}. */
export interface KarpenterProps {
  /** The cluster Karpenter will scale (with a kubectl provider for the chart). */
  readonly cluster: eks.Cluster;
  /** The cluster's name as a literal (it keys IAM conditions, so it cannot be a token). */
  readonly clusterName: string;
  /**
   * The namespace and service account the Karpenter controller runs as.
   * @default { namespace: 'kube-system', serviceAccount: 'karpenter' }
   */
  readonly controller?: { namespace: string; serviceAccount: string };
  /**
   * Node labels the controller is scheduled on (the managed system node group), so
   * it never runs on nodes it manages.
   * @default - the chart's default affinity only
   */
  readonly controllerNodeSelector?: Record<string, string>;
  /**
   * Upper bound of vCPUs the `default` NodePool may launch.
   * @default 200
   */
  readonly cpuLimit?: number;
  /**
   * Capacity types the `default` NodePool may launch.
   * @default ['on-demand']
   */
  readonly capacityTypes?: Array<'on-demand' | 'spot'>;
  /** What the chart must wait for (the node group, so the controller has nodes). */
  readonly dependsOn?: IDependable[];
}

/**
 * Karpenter: the node role (with an EC2 access entry so its nodes join), the
 * interruption queue fed by EventBridge, the controller role (the statements and
 * conditions of Karpenter's reference CloudFormation policy) bound through EKS Pod
 * Identity, the controller chart, and the `default` EC2NodeClass and NodePool. Node
 * subnets and the cluster security group carry the `karpenter.sh/discovery` tag the
 * node class selects on.
 */
export class Karpenter extends Construct {
  readonly nodeRole: iam.Role;
  readonly controllerRole: iam.Role;
  readonly interruptionQueue: sqs.Queue;
  readonly chart: eks.HelmChart;
  readonly nodeClass: eks.KubernetesManifest;
  readonly nodePool: eks.KubernetesManifest;

  constructor(scope: Construct, id: string, props: KarpenterProps) {
    super(scope, id);
    const { cluster, clusterName } = props;
    const stack = Stack.of(this);
    const controller = props.controller ?? {
      namespace: 'kube-system',
      serviceAccount: 'karpenter',
    };

    this.nodeRole = new iam.Role(this, 'NodeRole', {
      description: `Nodes launched by Karpenter in ${clusterName}`,
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
      description: `Karpenter controller for ${clusterName}`,
      assumedBy: new iam.ServicePrincipal(
        'pods.eks.amazonaws.com',
      ).withSessionTags(),
    });
    for (const statement of karpenterControllerStatements({
      partition: stack.partition,
      region: stack.region,
      account: stack.account,
      clusterName,
      clusterArn: cluster.clusterArn,
      nodeRoleArn: this.nodeRole.roleArn,
      queueArn: this.interruptionQueue.queueArn,
    })) {
      this.controllerRole.addToPolicy(statement);
    }
    const ec2Arn = (resource: string, account = stack.account) =>
      `arn:<AWS::Partition>:ec2:${stack.region}:${account}:${resource}`;
    acknowledgeFindings(
      this.controllerRole,
      'AwsSolutions-IAM5',
      [
        ...[
          'image/*',
          'snapshot/*',
          'capacity-reservation/*',
          'security-group/*',
          'subnet/*',
        ].map(r =>
          ec2Arn(
            r,
            r.startsWith('image') || r.startsWith('snapshot')
              ? ''
              : stack.account,
          ),
        ),
        ...[
          'launch-template/*',
          'fleet/*',
          'instance/*',
          'volume/*',
          'network-interface/*',
          'spot-instances-request/*',
        ].map(r => ec2Arn(r)),
        `arn:<AWS::Partition>:iam::${stack.account}:instance-profile/*`,
        `arn:<AWS::Partition>:ssm:${stack.region}::parameter/aws/service/*`,
        '*',
      ].map(arn => `Resource::${arn}`),
      'Karpenter names instances, launch templates, fleets and instance profiles only at runtime; as in its reference policy, every create is conditioned on request tags naming this cluster, every change or delete on resource tags naming it, images and parameters are read-only AWS-owned resources, and the describe and pricing calls have no resource-level permissions (they are limited to this region).',
    );

    const identity = new eks.CfnPodIdentityAssociation(
      this,
      'ControllerIdentity',
      {
        clusterName: cluster.clusterName,
        namespace: controller.namespace,
        serviceAccount: controller.serviceAccount,
        roleArn: this.controllerRole.roleArn,
      },
    );

    const chart = HELM_CHARTS.karpenter;
    this.chart = new eks.HelmChart(this, 'Controller', {
      cluster,
      repository: chart.repository,
      chart: chart.chart,
      version: chart.version,
      release: 'karpenter',
      namespace: controller.namespace,
      wait: true,
      values: {
        serviceAccount: { create: true, name: controller.serviceAccount },
        settings: {
          clusterName,
          interruptionQueue: this.interruptionQueue.queueName,
        },
        replicas: 2,
        ...(props.controllerNodeSelector && {
          nodeSelector: props.controllerNodeSelector,
        }),
        controller: {
          resources: {
            requests: { cpu: '250m', memory: '512Mi' },
            limits: { memory: '512Mi' },
          },
        },
      },
    });
    this.chart.node.addDependency(identity);
    for (const d of props.dependsOn ?? []) this.chart.node.addDependency(d);

    this.nodeClass = cluster.addManifest('DefaultNodeClass', {
      apiVersion: 'karpenter.k8s.aws/v1',
      kind: 'EC2NodeClass',
      metadata: { name: KARPENTER_NODE_POOL },
      spec: {
        role: this.nodeRole.roleName,
        amiSelectorTerms: [{ alias: KARPENTER_AMI_ALIAS }],
        subnetSelectorTerms: [
          { tags: { 'karpenter.sh/discovery': clusterName } },
        ],
        securityGroupSelectorTerms: [
          { tags: { 'karpenter.sh/discovery': clusterName } },
        ],
        metadataOptions: {
          httpEndpoint: 'enabled',
          httpTokens: 'required',
          httpPutResponseHopLimit: 1,
        },
        blockDeviceMappings: [
          {
            deviceName: '/dev/xvdb',
            ebs: {
              volumeSize: '50Gi',
              volumeType: 'gp3',
              encrypted: true,
              deleteOnTermination: true,
            },
          },
        ],
        tags: { 'karpenter.sh/discovery': clusterName },
      },
    });
    this.nodePool = cluster.addManifest('DefaultNodePool', {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: KARPENTER_NODE_POOL },
      spec: {
        template: {
          spec: {
            nodeClassRef: {
              group: 'karpenter.k8s.aws',
              kind: 'EC2NodeClass',
              name: KARPENTER_NODE_POOL,
            },
            requirements: [
              {
                key: 'kubernetes.io/arch',
                operator: 'In',
                values: ['amd64'],
              },
              {
                key: 'karpenter.sh/capacity-type',
                operator: 'In',
                values: props.capacityTypes ?? ['on-demand'],
              },
              {
                key: 'karpenter.k8s.aws/instance-category',
                operator: 'In',
                values: ['c', 'm', 'r'],
              },
              {
                key: 'karpenter.k8s.aws/instance-generation',
                operator: 'Gt',
                values: ['5'],
              },
            ],
            expireAfter: '720h',
          },
        },
        limits: { cpu: String(props.cpuLimit ?? 200) },
        disruption: {
          consolidationPolicy: 'WhenEmptyOrUnderutilized',
          consolidateAfter: '1m',
        },
      },
    });
    // The CRDs come with the chart.
    this.nodeClass.node.addDependency(this.chart);
    this.nodePool.node.addDependency(this.nodeClass);
  }
}

/** What {@link karpenterControllerStatements} needs, all literal except the ARNs. */
export interface KarpenterPolicyInput {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly nodeRoleArn: string;
  readonly queueArn: string;
}

/**
 * The controller policy of Karpenter's reference CloudFormation template
 * (`website/content/en/docs/getting-started/.../cloudformation.yaml`), statement for
 * statement: creates carry request-tag conditions naming this cluster, changes and
 * deletes resource-tag conditions, instance profiles are scoped to this cluster and
 * region, and the node role may be passed to EC2 only.
 */
export function karpenterControllerStatements(
  input: KarpenterPolicyInput,
): iam.PolicyStatement[] {
  const { partition, region, account, clusterName } = input;
  const ec2 = (resource: string, acct = account) =>
    `arn:${partition}:ec2:${region}:${acct}:${resource}`;
  const owned = `kubernetes.io/cluster/${clusterName}`;
  const instanceProfiles = `arn:${partition}:iam::${account}:instance-profile/*`;
  const taggedResources = [
    'fleet/*',
    'instance/*',
    'volume/*',
    'network-interface/*',
    'launch-template/*',
    'spot-instances-request/*',
  ].map(r => ec2(r));
  return [
    new iam.PolicyStatement({
      sid: 'AllowScopedEC2InstanceAccessActions',
      actions: ['ec2:RunInstances', 'ec2:CreateFleet'],
      resources: [
        ec2('image/*', ''),
        ec2('snapshot/*', ''),
        ec2('security-group/*'),
        ec2('subnet/*'),
        ec2('capacity-reservation/*'),
      ],
    }),
    new iam.PolicyStatement({
      sid: 'AllowScopedEC2LaunchTemplateAccessActions',
      actions: ['ec2:RunInstances', 'ec2:CreateFleet'],
      resources: [ec2('launch-template/*')],
      conditions: {
        StringEquals: { [`aws:ResourceTag/${owned}`]: 'owned' },
        StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
      },
    }),
    new iam.PolicyStatement({
      sid: 'AllowScopedEC2InstanceActionsWithTags',
      actions: [
        'ec2:RunInstances',
        'ec2:CreateFleet',
        'ec2:CreateLaunchTemplate',
      ],
      resources: taggedResources,
      conditions: {
        StringEquals: {
          [`aws:RequestTag/${owned}`]: 'owned',
          'aws:RequestTag/eks:eks-cluster-name': clusterName,
        },
        StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
      },
    }),
    new iam.PolicyStatement({
      sid: 'AllowScopedResourceCreationTagging',
      actions: ['ec2:CreateTags'],
      resources: taggedResources,
      conditions: {
        StringEquals: {
          [`aws:RequestTag/${owned}`]: 'owned',
          'aws:RequestTag/eks:eks-cluster-name': clusterName,
          'ec2:CreateAction': [
            'RunInstances',
            'CreateFleet',
            'CreateLaunchTemplate',
          ],
        },
        StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
      },
    }),
    new iam.PolicyStatement({
      sid: 'AllowScopedResourceTagging',
      actions: ['ec2:CreateTags'],
      resources: [ec2('instance/*')],
      conditions: {
        StringEquals: { [`aws:ResourceTag/${owned}`]: 'owned' },
        StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
        StringEqualsIfExists: {
          'aws:RequestTag/eks:eks-cluster-name': clusterName,
        },
        'ForAllValues:StringEquals': {
          'aws:TagKeys': [
            'eks:eks-cluster-name',
            'karpenter.sh/nodeclaim',
            'Name',
          ],
        },
      },
    }),
    new iam.PolicyStatement({
      sid: 'AllowScopedDeletion',
      actions: ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'],
      resources: [ec2('instance/*'), ec2('launch-template/*')],
      conditions: {
        StringEquals: { [`aws:ResourceTag/${owned}`]: 'owned' },
        StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
      },
    }),
    new iam.PolicyStatement({
      sid: 'AllowRegionalReadActions',
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
      ],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:RequestedRegion': region } },
    }),
    new iam.PolicyStatement({
      sid: 'AllowSSMReadActions',
      actions: ['ssm:GetParameter'],
      resources: [`arn:${partition}:ssm:${region}::parameter/aws/service/*`],
    }),
    new iam.PolicyStatement({
      sid: 'AllowPricingReadActions',
      actions: ['pricing:GetProducts'],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'AllowInterruptionQueueActions',
      actions: ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
      resources: [input.queueArn],
    }),
    new iam.PolicyStatement({
      sid: 'AllowPassingInstanceRole',
      actions: ['iam:PassRole'],
      resources: [input.nodeRoleArn],
      conditions: {
        StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' },
      },
    }),
    new iam.PolicyStatement({
      sid: 'AllowScopedInstanceProfileCreationActions',
      actions: ['iam:CreateInstanceProfile'],
      resources: [instanceProfiles],
      conditions: {
        StringEquals: {
          [`aws:RequestTag/${owned}`]: 'owned',
          'aws:RequestTag/eks:eks-cluster-name': clusterName,
          'aws:RequestTag/topology.kubernetes.io/region': region,
        },
        StringLike: {
          'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*',
        },
      },
    }),
    new iam.PolicyStatement({
      sid: 'AllowScopedInstanceProfileTagActions',
      actions: ['iam:TagInstanceProfile'],
      resources: [instanceProfiles],
      conditions: {
        StringEquals: {
          [`aws:ResourceTag/${owned}`]: 'owned',
          'aws:ResourceTag/topology.kubernetes.io/region': region,
          [`aws:RequestTag/${owned}`]: 'owned',
          'aws:RequestTag/eks:eks-cluster-name': clusterName,
          'aws:RequestTag/topology.kubernetes.io/region': region,
        },
        StringLike: {
          'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*',
          'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*',
        },
      },
    }),
    new iam.PolicyStatement({
      sid: 'AllowScopedInstanceProfileActions',
      actions: [
        'iam:AddRoleToInstanceProfile',
        'iam:RemoveRoleFromInstanceProfile',
        'iam:DeleteInstanceProfile',
      ],
      resources: [instanceProfiles],
      conditions: {
        StringEquals: {
          [`aws:ResourceTag/${owned}`]: 'owned',
          'aws:ResourceTag/topology.kubernetes.io/region': region,
        },
        StringLike: {
          'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*',
        },
      },
    }),
    new iam.PolicyStatement({
      sid: 'AllowInstanceProfileReadActions',
      actions: ['iam:GetInstanceProfile'],
      resources: [instanceProfiles],
    }),
    new iam.PolicyStatement({
      sid: 'AllowUnscopedInstanceProfileListAction',
      actions: ['iam:ListInstanceProfiles'],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'AllowAPIServerEndpointDiscovery',
      actions: ['eks:DescribeCluster'],
      resources: [input.clusterArn],
    }),
  ];
}
