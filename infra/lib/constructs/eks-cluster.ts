import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import {
  ArnFormat,
  CfnElement,
  RemovalPolicy,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { ArgoCdCapability, ArgoCdCapabilityProps } from './argocd';
import { AwsCall } from './aws-call';
import { addonVersion, PinnedAddonName } from './cluster-versions';
import { Karpenter } from './karpenter';
import { LoadBalancerController } from './load-balancer-controller';
import { acknowledgeFindings, acknowledgeManagedPolicies } from './nag';

/** Node labels of the managed system node group; controllers run there. */
export const SYSTEM_POOL_LABELS = { 'platform.io/pool': 'system' };

/** What external-dns needs to write a spoke's public records in its own zones. */
export interface ExternalDnsProps {
  /** The role name external-dns runs as in this account. */
  readonly roleName: string;
  /** The spoke's public zones (in this account); records go nowhere else. */
  readonly zones: route53.IPublicHostedZone[];
}

/** Properties for {@link PlatformCluster}. */
export interface PlatformClusterProps {
  /** The cluster name (also the Karpenter discovery tag value). */
  readonly clusterName: string;
  /** Kubernetes version, e.g. `1.33`. */
  readonly version: string;
  /** The spoke VPC. */
  readonly vpc: ec2.IVpc;
  /** The node subnets (private, one per zone). */
  readonly nodeSubnets: ec2.ISubnet[];
  /** The pod subnets (secondary CIDR), one per zone, for custom networking. */
  readonly podSubnets: ec2.ISubnet[];
  /**
   * Instance types of the managed node group.
   * @default ['m6i.large']
   */
  readonly instanceTypes?: string[];
  /**
   * Size of the managed node group for system workloads; Karpenter adds the rest.
   * @default { minSize: 2, desiredSize: 2, maxSize: 2 }
   */
  readonly nodeGroup?: {
    readonly minSize: number;
    readonly desiredSize: number;
    readonly maxSize: number;
  };
  /**
   * CIDRs allowed to reach the private API endpoint on 443 (e.g. the hub).
   * @default - none besides the cluster itself
   */
  readonly apiClientCidrs?: string[];
  /**
   * Retention of the control plane log group (`/aws/eks/<name>/cluster`), created
   * here so EKS does not create it with no expiry.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * external-dns (community add-on) writing to the spoke's own public zones.
   * @default - not installed
   */
  readonly externalDns?: ExternalDnsProps;
  /**
   * Argo CD as the EKS Capability.
   * @default - not created
   */
  readonly argoCd?: Omit<ArgoCdCapabilityProps, 'clusterName'>;
}

/**
 * An EKS cluster through `aws-eks-v2` with a private endpoint, envelope-encrypted
 * secrets and all control plane logs; a Bottlerocket managed node group; the add-ons
 * (VPC CNI with prefix delegation and custom networking, CoreDNS, kube-proxy, EBS CSI
 * with an encrypted gp3 default storage class, Pod Identity agent, CloudWatch
 * observability, the Secrets Store CSI driver with the AWS provider, metrics-server,
 * external-dns), every version pinned in cluster-versions.ts; Karpenter with its
 * `default` NodePool; the AWS Load Balancer Controller; Argo CD as the EKS
 * Capability. Charts go through the kubectl provider (in the node subnets, since the
 * endpoint is private) only where no add-on or capability exists.
 */
export class PlatformCluster extends Construct {
  readonly cluster: eks.Cluster;
  readonly nodegroup: eks.Nodegroup;
  readonly karpenter: Karpenter;
  readonly loadBalancerController: LoadBalancerController;
  readonly argoCd?: ArgoCdCapability;
  readonly addons: Record<string, eks.Addon>;
  readonly logGroup: logs.LogGroup;
  /** The call that puts the Karpenter discovery tag on the cluster security group. */
  readonly clusterSecurityGroupTag: AwsCall;

  constructor(scope: Construct, id: string, props: PlatformClusterProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    if (props.podSubnets.length !== props.nodeSubnets.length) {
      throw new Error(
        `PlatformCluster: podSubnets (${props.podSubnets.length}) must match nodeSubnets (${props.nodeSubnets.length}), one per zone`,
      );
    }

    const secretsKey = new kms.Key(this, 'SecretsKey', {
      description: `Envelope encryption of Kubernetes secrets in ${props.clusterName}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // EKS writes to this group; creating it first gives it a retention.
    this.logGroup = new logs.LogGroup(this, 'ControlPlaneLogs', {
      logGroupName: `/aws/eks/${props.clusterName}/cluster`,
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.cluster = new eks.Cluster(this, 'Cluster', {
      clusterName: props.clusterName,
      version: eks.KubernetesVersion.of(props.version),
      vpc: props.vpc,
      vpcSubnets: [{ subnets: props.nodeSubnets }],
      endpointAccess: eks.EndpointAccess.PRIVATE,
      defaultCapacity: 0,
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      secretsEncryptionKey: secretsKey,
      clusterLogging: [
        eks.ClusterLoggingTypes.API,
        eks.ClusterLoggingTypes.AUDIT,
        eks.ClusterLoggingTypes.AUTHENTICATOR,
        eks.ClusterLoggingTypes.CONTROLLER_MANAGER,
        eks.ClusterLoggingTypes.SCHEDULER,
      ],
      outputConfigCommand: false,
      kubectlProviderOptions: {
        kubectlLayer: new KubectlV35Layer(this, 'KubectlLayer'),
        privateSubnets: props.nodeSubnets,
      },
    });
    this.cluster.node.addDependency(this.logGroup);
    const kubectlProvider = this.cluster.kubectlProvider!;
    const stack = Stack.of(this);
    const handler = kubectlProvider.node.findChild('Handler');
    const handlerId = stack.getLogicalId(
      handler.node.defaultChild as CfnElement,
    );
    const ecrPublicId = stack.getLogicalId(
      handler.node.findChild('HasEcrPublic') as CfnElement,
    );
    Validations.of(kubectlProvider).acknowledge(
      {
        // cdk-nag prints the conditional ARN aws-eks-v2 builds for partitions with ECR Public.
        id: `AwsSolutions-IAM4[Policy::{"Fn::If":["${ecrPublicId}",{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iam::aws:policy/AmazonElasticContainerRegistryPublicReadOnly"]]},{"Ref":"AWS::NoValue"}]}]`,
        reason:
          'The kubectl handler pulls the Karpenter chart from ECR Public with the AWS managed public read-only policy, attached by aws-eks-v2 only in partitions that have ECR Public.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${handlerId}.Arn>:*]`,
        reason:
          'The provider framework function invokes every version of the kubectl handler function and nothing else.',
      },
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'The kubectl provider functions (aws-eks-v2) only write their own logs with the AWS managed basic execution policy.',
      },
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
        reason:
          'The kubectl provider runs in the node subnets to reach the private API endpoint; the AWS managed VPC access policy creates its network interfaces.',
      },
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly]',
        reason:
          'The kubectl handler pulls Helm charts from OCI registries (Karpenter on public ECR) with the AWS managed ECR read-only policy aws-eks-v2 attaches.',
      },
      {
        id: 'AwsSolutions-L1',
        reason:
          'The aws-eks-v2 module picks the kubectl provider runtimes to match its bundled handler and moves them forward with each aws-cdk-lib upgrade.',
      },
    );
    for (const cidr of props.apiClientCidrs ?? []) {
      this.cluster.connections.allowFrom(
        ec2.Peer.ipv4(cidr),
        ec2.Port.tcp(443),
        'Kubernetes API from the hub',
      );
    }
    acknowledgeManagedPolicies(
      this.cluster,
      ['AmazonEKSClusterPolicy'],
      'AmazonEKSClusterPolicy is the AWS managed policy EKS requires for the cluster service role and AWS keeps it current with the control plane.',
    );
    // Karpenter's nodes use the EKS-created cluster security group (as managed
    // nodes and the pod ENIs do), which CloudFormation does not own: tag it by call.
    const clusterSg = Stack.of(this).formatArn({
      service: 'ec2',
      resource: 'security-group',
      resourceName: this.cluster.clusterSecurityGroupId,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    const discoveryTag = [
      { Key: 'karpenter.sh/discovery', Value: props.clusterName },
    ];
    this.clusterSecurityGroupTag = new AwsCall(
      this,
      'ClusterSecurityGroupTag',
      {
        onCreate: {
          service: 'EC2',
          action: 'createTags',
          parameters: {
            Resources: [this.cluster.clusterSecurityGroupId],
            Tags: discoveryTag,
          },
          physicalResourceId: {
            id: `${props.clusterName}:karpenter.sh/discovery`,
          },
        },
        onDelete: {
          service: 'EC2',
          action: 'deleteTags',
          parameters: {
            Resources: [this.cluster.clusterSecurityGroupId],
            Tags: discoveryTag,
          },
          ignoreErrorCodesMatching: 'InvalidGroup.NotFound',
        },
        statements: [
          new iam.PolicyStatement({
            actions: ['ec2:CreateTags', 'ec2:DeleteTags'],
            resources: [clusterSg],
          }),
        ],
      },
    );

    const size = props.nodeGroup ?? { minSize: 2, desiredSize: 2, maxSize: 2 };
    if (
      !(size.minSize <= size.desiredSize && size.desiredSize <= size.maxSize)
    ) {
      throw new Error(
        `PlatformCluster: nodeGroup needs minSize <= desiredSize <= maxSize, got ${size.minSize}/${size.desiredSize}/${size.maxSize}`,
      );
    }
    // No fixed name: an instance type change replaces the group, and CloudFormation
    // can only replace a resource whose name it generates.
    this.nodegroup = this.cluster.addNodegroupCapacity('System', {
      amiType: eks.NodegroupAmiType.BOTTLEROCKET_X86_64,
      capacityType: eks.CapacityType.ON_DEMAND,
      instanceTypes: (props.instanceTypes ?? ['m6i.large']).map(
        t => new ec2.InstanceType(t),
      ),
      minSize: size.minSize,
      desiredSize: size.desiredSize,
      maxSize: size.maxSize,
      subnets: { subnets: props.nodeSubnets },
      labels: SYSTEM_POOL_LABELS,
    });
    acknowledgeManagedPolicies(
      this.nodegroup,
      [
        'AmazonEKSWorkerNodePolicy',
        'AmazonEKS_CNI_Policy',
        'AmazonEC2ContainerRegistryReadOnly',
      ],
      'The managed node group role carries the AWS managed worker, CNI and ECR read-only policies EKS documents for nodes; the VPC CNI uses the node role so nodes become ready before Pod Identity runs.',
    );

    const kubernetesVersion = props.version;
    const pin = (addon: eks.Addon, name: PinnedAddonName) => {
      (addon.node.defaultChild as eks.CfnAddon).addonVersion = addonVersion(
        name,
        kubernetesVersion,
      );
    };
    const podIdentityAgent = this.cluster.eksPodIdentityAgent!;
    pin(podIdentityAgent as eks.Addon, 'eks-pod-identity-agent');
    const podRole = (name: string, managedPolicy: string) => {
      const role = new iam.Role(this, `${name}Role`, {
        assumedBy: new iam.ServicePrincipal(
          'pods.eks.amazonaws.com',
        ).withSessionTags(),
        managedPolicies: [
          iam.ManagedPolicy.fromAwsManagedPolicyName(managedPolicy),
        ],
      });
      acknowledgeManagedPolicies(
        role,
        [managedPolicy],
        `The AWS managed policy ${managedPolicy} is the one documented for this EKS add-on and is updated along with it.`,
      );
      return role;
    };
    const ebsCsiRole = podRole(
      'EbsCsi',
      'service-role/AmazonEBSCSIDriverPolicy',
    );
    const cloudWatchRole = podRole('CloudWatch', 'CloudWatchAgentServerPolicy');

    const eniConfigSubnets: Record<string, unknown> = {};
    props.podSubnets.forEach(subnet => {
      eniConfigSubnets[subnet.availabilityZone] = {
        id: subnet.subnetId,
        securityGroups: [this.cluster.clusterSecurityGroupId],
      };
    });

    const addon = (
      addonId: string,
      addonName: PinnedAddonName,
      configurationValues?: Record<string, unknown>,
    ) =>
      new eks.Addon(this, addonId, {
        cluster: this.cluster,
        addonName,
        addonVersion: addonVersion(addonName, kubernetesVersion),
        configurationValues,
      });

    this.addons = {
      vpcCni: addon('VpcCni', 'vpc-cni', {
        // Enforces Kubernetes NetworkPolicy (the service charts ship default-deny ones).
        enableNetworkPolicy: 'true',
        env: {
          ENABLE_PREFIX_DELEGATION: 'true',
          WARM_PREFIX_TARGET: '1',
          AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true',
          ENI_CONFIG_LABEL_DEF: 'topology.kubernetes.io/zone',
        },
        eniConfig: { create: true, region, subnets: eniConfigSubnets },
      }),
      kubeProxy: addon('KubeProxy', 'kube-proxy'),
      coreDns: addon('CoreDns', 'coredns'),
      ebsCsi: addon('EbsCsi', 'aws-ebs-csi-driver', {
        defaultStorageClass: { enabled: false },
        storageClasses: [
          {
            name: 'gp3-encrypted',
            annotations: {
              'storageclass.kubernetes.io/is-default-class': 'true',
            },
            volumeBindingMode: 'WaitForFirstConsumer',
            reclaimPolicy: 'Delete',
            allowVolumeExpansion: true,
            parameters: { type: 'gp3', encrypted: 'true' },
          },
        ],
      }),
      cloudWatch: addon('CloudWatch', 'amazon-cloudwatch-observability'),
      // The driver and the AWS provider in one add-on: SecretProviderClass
      // `provider: aws` with `usePodIdentity: "true"` in services' charts.
      secretsStore: addon(
        'SecretsStoreCsi',
        'aws-secrets-store-csi-driver-provider',
      ),
      metricsServer: addon('MetricsServer', 'metrics-server'),
    };
    if (props.externalDns) {
      this.addons.externalDns = this.externalDnsAddon(
        props.clusterName,
        props.externalDns,
        kubernetesVersion,
      );
    }
    // Self-managed copies installed at cluster creation are taken over.
    for (const a of [...Object.values(this.addons), podIdentityAgent]) {
      (a.node.defaultChild as eks.CfnAddon).resolveConflicts = 'OVERWRITE';
    }
    setPodIdentity(this.addons.ebsCsi, 'ebs-csi-controller-sa', ebsCsiRole);
    setPodIdentity(this.addons.cloudWatch, 'cloudwatch-agent', cloudWatchRole);
    // Nodes must start with prefix delegation and custom networking configured,
    // or their first pods get addresses from the node subnets.
    this.nodegroup.node.addDependency(this.addons.vpcCni);
    // These need running nodes (and the agent) to become active.
    for (const [name, a] of Object.entries(this.addons)) {
      if (name === 'vpcCni' || name === 'kubeProxy') continue;
      a.node.addDependency(this.nodegroup);
      a.node.addDependency(podIdentityAgent);
    }

    const onSystemNodes = [
      this.nodegroup,
      podIdentityAgent,
      this.addons.coreDns,
    ];
    this.karpenter = new Karpenter(this, 'Karpenter', {
      cluster: this.cluster,
      clusterName: props.clusterName,
      controllerNodeSelector: SYSTEM_POOL_LABELS,
      dependsOn: [...onSystemNodes, this.clusterSecurityGroupTag],
    });
    this.loadBalancerController = new LoadBalancerController(this, 'Alb', {
      cluster: this.cluster,
      clusterName: props.clusterName,
      vpcId: props.vpc.vpcId,
      nodeSelector: SYSTEM_POOL_LABELS,
      dependsOn: onSystemNodes,
    });
    if (props.argoCd) {
      this.argoCd = new ArgoCdCapability(this, 'ArgoCd', {
        ...props.argoCd,
        clusterName: this.cluster.clusterName,
      });
    }
  }

  private externalDnsAddon(
    clusterName: string,
    externalDns: ExternalDnsProps,
    kubernetesVersion: string,
  ): eks.Addon {
    if (externalDns.zones.length === 0) {
      throw new Error('PlatformCluster: externalDns.zones must list a zone');
    }
    // Writes this account's own public zones only: no cross-account role.
    const role = new iam.Role(this, 'ExternalDnsRole', {
      roleName: externalDns.roleName,
      description: `external-dns in ${clusterName}: records in the spoke's public zones`,
      assumedBy: new iam.ServicePrincipal(
        'pods.eks.amazonaws.com',
      ).withSessionTags(),
    });
    const zoneArns = externalDns.zones.map(z => z.hostedZoneArn);
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ChangeRecords',
        actions: ['route53:ChangeResourceRecordSets'],
        resources: zoneArns,
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadRecords',
        actions: [
          'route53:ListResourceRecordSets',
          'route53:ListTagsForResource',
        ],
        resources: zoneArns,
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'FindZones',
        actions: ['route53:ListHostedZones'],
        resources: ['*'],
      }),
    );
    acknowledgeFindings(
      role,
      'AwsSolutions-IAM5',
      ['Resource::*'],
      'The route53:ListHostedZones call has no resource-level permissions; external-dns needs it to map its domain and zone id filters to zones, and every record change is limited to the spoke zones.',
    );
    const addon = new eks.Addon(this, 'ExternalDns', {
      cluster: this.cluster,
      addonName: 'external-dns',
      addonVersion: addonVersion('external-dns', kubernetesVersion),
      configurationValues: {
        provider: { name: 'aws' },
        // Records only for Ingresses and Services that carry the hostname annotation.
        sources: ['service', 'ingress'],
        domainFilters: externalDns.zones.map(z => z.zoneName),
        policy: 'upsert-only',
        registry: 'txt',
        txtOwnerId: clusterName,
        // The spoke's zones by id as well: never a same-named zone elsewhere.
        extraArgs: [
          '--aws-zone-type=public',
          ...externalDns.zones.map(z => `--zone-id-filter=${z.hostedZoneId}`),
        ],
      },
    });
    (addon.node.defaultChild as eks.CfnAddon).podIdentityAssociations = [
      { serviceAccount: 'external-dns', roleArn: role.roleArn },
    ];
    return addon;
  }
}

function setPodIdentity(
  addon: eks.Addon,
  serviceAccount: string,
  role: iam.IRole,
) {
  (addon.node.defaultChild as eks.CfnAddon).podIdentityAssociations = [
    { serviceAccount, roleArn: role.roleArn },
  ];
}
