import { Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IDependable } from 'constructs';
import { HELM_CHARTS } from './cluster-versions';
import { acknowledgeFindings, wildcardFindings } from './nag';

/** The IngressClass services' charts use (`ingressClassName: alb`). */
export const ALB_INGRESS_CLASS = 'alb';

/** Properties for {@link LoadBalancerController}. */
export interface LoadBalancerControllerProps {
  /** The cluster (with a kubectl provider for the chart). */
  readonly cluster: eks.Cluster;
  /** The cluster's name as a literal. */
  readonly clusterName: string;
  /** The VPC id (so the controller does not need IMDS to find it). */
  readonly vpcId: string;
  /** Node labels the controller is scheduled on. */
  readonly nodeSelector?: Record<string, string>;
  /** What the chart waits for (nodes, the Pod Identity agent). */
  readonly dependsOn?: IDependable[];
}

const SERVICE_ACCOUNT = 'aws-load-balancer-controller';
const NAMESPACE = 'kube-system';
const CLUSTER_TAG = 'elbv2.k8s.aws/cluster';

/**
 * The AWS Load Balancer Controller (no EKS add-on exists outside Auto Mode, so its
 * chart, pinned in cluster-versions.ts), with the IngressClass `alb` and a Pod
 * Identity role carrying the controller's reference IAM policy, scoped to this
 * region and account.
 */
export class LoadBalancerController extends Construct {
  readonly role: iam.Role;
  readonly chart: eks.HelmChart;

  constructor(
    scope: Construct,
    id: string,
    props: LoadBalancerControllerProps,
  ) {
    super(scope, id);
    const stack = Stack.of(this);
    this.role = new iam.Role(this, 'Role', {
      description: `AWS Load Balancer Controller in ${props.clusterName}`,
      assumedBy: new iam.ServicePrincipal(
        'pods.eks.amazonaws.com',
      ).withSessionTags(),
    });
    for (const s of loadBalancerControllerStatements(
      stack.partition,
      stack.region,
      stack.account,
    )) {
      this.role.addToPolicy(s);
    }
    acknowledgeFindings(
      this.role,
      'AwsSolutions-IAM5',
      wildcardFindings(
        loadBalancerControllerStatements(
          '<AWS::Partition>',
          stack.region,
          stack.account,
        ),
      ),
      'The controller names load balancers, target groups, listeners and security groups at runtime; as in its reference policy, creates require the elbv2.k8s.aws/cluster request tag and changes or deletes require that resource tag, and the describe calls have no resource-level permissions.',
    );
    const identity = new eks.CfnPodIdentityAssociation(this, 'Identity', {
      clusterName: props.cluster.clusterName,
      namespace: NAMESPACE,
      serviceAccount: SERVICE_ACCOUNT,
      roleArn: this.role.roleArn,
    });

    const chart = HELM_CHARTS.awsLoadBalancerController;
    this.chart = new eks.HelmChart(this, 'Chart', {
      cluster: props.cluster,
      repository: chart.repository,
      chart: chart.chart,
      version: chart.version,
      release: 'aws-load-balancer-controller',
      namespace: NAMESPACE,
      wait: true,
      values: {
        clusterName: props.clusterName,
        region: stack.region,
        vpcId: props.vpcId,
        replicaCount: 2,
        serviceAccount: { create: true, name: SERVICE_ACCOUNT },
        createIngressClassResource: true,
        ingressClass: ALB_INGRESS_CLASS,
        ...(props.nodeSelector && { nodeSelector: props.nodeSelector }),
      },
    });
    this.chart.node.addDependency(identity);
    for (const d of props.dependsOn ?? []) this.chart.node.addDependency(d);
  }
}

/**
 * The AWS Load Balancer Controller's reference policy (`docs/install/iam_policy.json`
 * of kubernetes-sigs/aws-load-balancer-controller), with `*` regions and accounts
 * narrowed to this spoke's and the classic WAF actions left out (services use WAFv2).
 */
export function loadBalancerControllerStatements(
  partition: string,
  region: string,
  account: string,
): iam.PolicyStatement[] {
  const arn = (service: string, resource: string) =>
    `arn:${partition}:${service}:${region}:${account}:${resource}`;
  const elb = (resource: string) => arn('elasticloadbalancing', resource);
  const balancers = [
    elb('targetgroup/*/*'),
    elb('loadbalancer/net/*/*'),
    elb('loadbalancer/app/*/*'),
  ];
  const clusterOwned = {
    Null: { [`aws:ResourceTag/${CLUSTER_TAG}`]: 'false' },
  };
  // Tag changes on what the controller owns that never touch its cluster tag.
  const ownedTagChange = {
    Null: {
      [`aws:RequestTag/${CLUSTER_TAG}`]: 'true',
      [`aws:ResourceTag/${CLUSTER_TAG}`]: 'false',
    },
  };
  const listenersAndRules = [
    elb('listener/net/*/*/*'),
    elb('listener/app/*/*/*'),
    elb('listener-rule/net/*/*/*'),
    elb('listener-rule/app/*/*/*'),
  ];
  return [
    new iam.PolicyStatement({
      actions: ['iam:CreateServiceLinkedRole'],
      resources: [
        `arn:${partition}:iam::${account}:role/aws-service-role/elasticloadbalancing.amazonaws.com/*`,
      ],
      conditions: {
        StringEquals: {
          'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com',
        },
      },
    }),
    new iam.PolicyStatement({
      actions: [
        'ec2:DescribeAccountAttributes',
        'ec2:DescribeAddresses',
        'ec2:DescribeAvailabilityZones',
        'ec2:DescribeInternetGateways',
        'ec2:DescribeVpcs',
        'ec2:DescribeVpcPeeringConnections',
        'ec2:DescribeSubnets',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeInstances',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeTags',
        'ec2:DescribeRouteTables',
        'ec2:DescribeIpamPools',
        'ec2:GetCoipPoolUsage',
        'ec2:DescribeCoipPools',
        'ec2:GetSecurityGroupsForVpc',
        'elasticloadbalancing:DescribeLoadBalancers',
        'elasticloadbalancing:DescribeLoadBalancerAttributes',
        'elasticloadbalancing:DescribeListeners',
        'elasticloadbalancing:DescribeListenerCertificates',
        'elasticloadbalancing:DescribeListenerAttributes',
        'elasticloadbalancing:DescribeSSLPolicies',
        'elasticloadbalancing:DescribeRules',
        'elasticloadbalancing:DescribeTargetGroups',
        'elasticloadbalancing:DescribeTargetGroupAttributes',
        'elasticloadbalancing:DescribeTargetHealth',
        'elasticloadbalancing:DescribeTags',
        'elasticloadbalancing:DescribeTrustStores',
        'elasticloadbalancing:DescribeCapacityReservation',
        'acm:ListCertificates',
        'acm:DescribeCertificate',
        'wafv2:GetWebACL',
        'wafv2:GetWebACLForResource',
        'shield:GetSubscriptionState',
        'shield:DescribeProtection',
      ],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      actions: [
        'wafv2:AssociateWebACL',
        'wafv2:DisassociateWebACL',
        'shield:CreateProtection',
        'shield:DeleteProtection',
      ],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      actions: ['ec2:CreateSecurityGroup'],
      resources: [arn('ec2', 'security-group/*'), arn('ec2', 'vpc/*')],
    }),
    new iam.PolicyStatement({
      actions: ['ec2:CreateTags'],
      resources: [arn('ec2', 'security-group/*')],
      conditions: {
        StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' },
        Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: 'false' },
      },
    }),
    new iam.PolicyStatement({
      actions: ['ec2:CreateTags', 'ec2:DeleteTags'],
      resources: [arn('ec2', 'security-group/*')],
      conditions: ownedTagChange,
    }),
    new iam.PolicyStatement({
      // Rules on the node security group that admit traffic from the balancers.
      actions: [
        'ec2:AuthorizeSecurityGroupIngress',
        'ec2:RevokeSecurityGroupIngress',
      ],
      resources: [arn('ec2', 'security-group/*')],
    }),
    new iam.PolicyStatement({
      actions: ['ec2:DeleteSecurityGroup'],
      resources: [arn('ec2', 'security-group/*')],
      conditions: clusterOwned,
    }),
    new iam.PolicyStatement({
      actions: [
        'elasticloadbalancing:CreateLoadBalancer',
        'elasticloadbalancing:CreateTargetGroup',
      ],
      resources: balancers,
      conditions: { Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: 'false' } },
    }),
    new iam.PolicyStatement({
      actions: [
        'elasticloadbalancing:CreateListener',
        'elasticloadbalancing:DeleteListener',
        'elasticloadbalancing:CreateRule',
        'elasticloadbalancing:DeleteRule',
      ],
      resources: [
        elb('loadbalancer/net/*/*'),
        elb('loadbalancer/app/*/*'),
        ...listenersAndRules,
      ],
    }),
    new iam.PolicyStatement({
      actions: [
        'elasticloadbalancing:AddTags',
        'elasticloadbalancing:RemoveTags',
      ],
      resources: balancers,
      conditions: ownedTagChange,
    }),
    new iam.PolicyStatement({
      actions: [
        'elasticloadbalancing:AddTags',
        'elasticloadbalancing:RemoveTags',
      ],
      resources: listenersAndRules,
    }),
    new iam.PolicyStatement({
      actions: [
        'elasticloadbalancing:ModifyLoadBalancerAttributes',
        'elasticloadbalancing:SetIpAddressType',
        'elasticloadbalancing:SetSecurityGroups',
        'elasticloadbalancing:SetSubnets',
        'elasticloadbalancing:DeleteLoadBalancer',
        'elasticloadbalancing:ModifyTargetGroup',
        'elasticloadbalancing:ModifyTargetGroupAttributes',
        'elasticloadbalancing:DeleteTargetGroup',
        'elasticloadbalancing:ModifyListenerAttributes',
        'elasticloadbalancing:ModifyCapacityReservation',
        'elasticloadbalancing:ModifyIpPools',
      ],
      resources: balancers,
      conditions: clusterOwned,
    }),
    new iam.PolicyStatement({
      actions: ['elasticloadbalancing:AddTags'],
      resources: balancers,
      conditions: {
        StringEquals: {
          'elasticloadbalancing:CreateAction': [
            'CreateTargetGroup',
            'CreateLoadBalancer',
          ],
        },
        Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: 'false' },
      },
    }),
    new iam.PolicyStatement({
      actions: [
        'elasticloadbalancing:RegisterTargets',
        'elasticloadbalancing:DeregisterTargets',
      ],
      resources: [elb('targetgroup/*/*')],
    }),
    new iam.PolicyStatement({
      actions: [
        'elasticloadbalancing:SetWebAcl',
        'elasticloadbalancing:ModifyListener',
        'elasticloadbalancing:AddListenerCertificates',
        'elasticloadbalancing:RemoveListenerCertificates',
        'elasticloadbalancing:ModifyRule',
        'elasticloadbalancing:SetRulePriorities',
      ],
      resources: [
        elb('loadbalancer/app/*/*'),
        elb('listener/net/*/*/*'),
        elb('listener/app/*/*/*'),
        elb('listener-rule/app/*/*/*'),
      ],
    }),
  ];
}
