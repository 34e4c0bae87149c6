import { RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { KarpenterPrerequisites } from './karpenter';
import { acknowledgeManagedPolicies } from './nag';

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
}

/**
 * An EKS cluster through `aws-eks-v2` with a private endpoint, envelope-encrypted
 * secrets and all control plane logs; a Bottlerocket managed node group; the add-ons
 * (VPC CNI with prefix delegation and custom networking, CoreDNS, kube-proxy, EBS CSI
 * with an encrypted gp3 default storage class, Pod Identity agent, CloudWatch
 * observability); and Karpenter's prerequisites.
 */
export class PlatformCluster extends Construct {
  readonly cluster: eks.Cluster;
  readonly nodegroup: eks.Nodegroup;
  readonly karpenter: KarpenterPrerequisites;
  readonly addons: Record<string, eks.Addon>;

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
    });
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
    // Karpenter discovers the security group for its nodes by this tag.
    Tags.of(this.cluster).add('karpenter.sh/discovery', props.clusterName);

    const size = props.nodeGroup ?? { minSize: 2, desiredSize: 2, maxSize: 2 };
    if (
      !(size.minSize <= size.desiredSize && size.desiredSize <= size.maxSize)
    ) {
      throw new Error(
        `PlatformCluster: nodeGroup needs minSize <= desiredSize <= maxSize, got ${size.minSize}/${size.desiredSize}/${size.maxSize}`,
      );
    }
    this.nodegroup = this.cluster.addNodegroupCapacity('System', {
      nodegroupName: 'system',
      amiType: eks.NodegroupAmiType.BOTTLEROCKET_X86_64,
      capacityType: eks.CapacityType.ON_DEMAND,
      instanceTypes: (props.instanceTypes ?? ['m6i.large']).map(
        t => new ec2.InstanceType(t),
      ),
      minSize: size.minSize,
      desiredSize: size.desiredSize,
      maxSize: size.maxSize,
      subnets: { subnets: props.nodeSubnets },
      labels: { 'platform.io/pool': 'system' },
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

    const podIdentityAgent = this.cluster.eksPodIdentityAgent!;
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
      addonName: string,
      configurationValues?: Record<string, unknown>,
    ) =>
      new eks.Addon(this, addonId, {
        cluster: this.cluster,
        addonName,
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
    };
    // Self-managed copies installed at cluster creation are taken over.
    for (const a of Object.values(this.addons)) {
      (a.node.defaultChild as eks.CfnAddon).resolveConflicts = 'OVERWRITE';
    }
    setPodIdentity(this.addons.ebsCsi, 'ebs-csi-controller-sa', ebsCsiRole);
    setPodIdentity(this.addons.cloudWatch, 'cloudwatch-agent', cloudWatchRole);
    // These need running nodes (and the agent) to become active.
    for (const a of [
      this.addons.coreDns,
      this.addons.ebsCsi,
      this.addons.cloudWatch,
    ]) {
      a.node.addDependency(this.nodegroup);
      a.node.addDependency(podIdentityAgent);
    }

    this.karpenter = new KarpenterPrerequisites(this, 'Karpenter', {
      cluster: this.cluster,
      clusterName: props.clusterName,
    });
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
