import { Match } from 'aws-cdk-lib/assertions';
import { resourcesOf, sampleRegistry, synth } from './helpers';

const registry = sampleRegistry();
const { spoke } = synth(registry);
const prod = registry.spokes.find(s => s.name === 'prod')!;
const t = spoke('prod');

const addon = (name: string) =>
  Object.values(resourcesOf(t, 'AWS::EKS::Addon')).find(
    r => r.Properties.AddonName === name,
  );

describe('eks', () => {
  it('creates the cluster through aws-eks-v2 with a private endpoint, encrypted secrets and all control plane logs', () => {
    t.hasResourceProperties('AWS::EKS::Cluster', {
      Name: 'prod',
      Version: prod.eks.version,
      ResourcesVpcConfig: Match.objectLike({
        EndpointPrivateAccess: true,
        EndpointPublicAccess: false,
      }),
      EncryptionConfig: [Match.objectLike({ Resources: ['secrets'] })],
      Logging: {
        ClusterLogging: {
          EnabledTypes: [
            'api',
            'audit',
            'authenticator',
            'controllerManager',
            'scheduler',
          ].map(Type => ({ Type })),
        },
      },
    });
    // The native resource, never the old custom resource.
    t.resourceCountIs('Custom::AWSCDK-EKS-Cluster', 0);
  });

  it('runs the kubectl provider (charts and manifests only) in the node subnets, since the endpoint is private', () => {
    const handlers = Object.values(
      resourcesOf(t, 'AWS::Lambda::Function'),
    ).filter(f => f.Properties.VpcConfig);
    // The kubectl handler and its provider framework function.
    expect(handlers).toHaveLength(2);
    for (const handler of handlers) {
      const subnets = handler.Properties.VpcConfig.SubnetIds.map(
        (s: { Ref: string }) => s.Ref,
      );
      expect(subnets).toHaveLength(prod.network.availabilityZones.length);
      for (const id of subnets) expect(id).toMatch(/privateSubnet/);
    }
  });

  it('runs a Bottlerocket managed node group sized from the registry', () => {
    t.hasResourceProperties('AWS::EKS::Nodegroup', {
      AmiType: 'BOTTLEROCKET_x86_64',
      CapacityType: 'ON_DEMAND',
      InstanceTypes: prod.eks.nodeGroup.instanceTypes,
      ScalingConfig: {
        MinSize: prod.eks.nodeGroup.minSize,
        DesiredSize: prod.eks.nodeGroup.desiredSize,
        MaxSize: prod.eks.nodeGroup.maxSize,
      },
    });
  });

  it('configures the VPC CNI add-on with prefix delegation, custom networking on the pod subnets and network policy enforcement', () => {
    // The values hold subnet and security group tokens, so they are an Fn::Join.
    const text = JSON.stringify(
      addon('vpc-cni')!.Properties.ConfigurationValues,
    );
    for (const setting of [
      'ENABLE_PREFIX_DELEGATION\\":\\"true',
      'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG\\":\\"true',
      'ENI_CONFIG_LABEL_DEF\\":\\"topology.kubernetes.io/zone',
      'eniConfig',
      'enableNetworkPolicy\\":\\"true',
    ]) {
      expect(text.includes(setting)).toBe(true);
    }
    for (const az of prod.network.availabilityZones) {
      expect(text.includes(az)).toBe(true);
    }
  });

  it('installs coredns, kube-proxy, the Pod Identity agent and CloudWatch observability', () => {
    for (const name of [
      'coredns',
      'kube-proxy',
      'eks-pod-identity-agent',
      'amazon-cloudwatch-observability',
    ]) {
      expect(addon(name)).toBeDefined();
    }
    expect(
      addon('amazon-cloudwatch-observability')!.Properties
        .PodIdentityAssociations,
    ).toEqual([
      expect.objectContaining({ ServiceAccount: 'cloudwatch-agent' }),
    ]);
  });

  it('installs EBS CSI with Pod Identity and an encrypted gp3 default storage class', () => {
    const ebs = addon('aws-ebs-csi-driver')!;
    expect(ebs.Properties.PodIdentityAssociations).toEqual([
      expect.objectContaining({ ServiceAccount: 'ebs-csi-controller-sa' }),
    ]);
    const config = JSON.parse(ebs.Properties.ConfigurationValues);
    expect(config.storageClasses).toEqual([
      expect.objectContaining({
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
        parameters: { type: 'gp3', encrypted: 'true' },
      }),
    ]);
  });

  it('creates the Karpenter node role, its EC2 access entry, interruption queue and controller identity', () => {
    t.hasResourceProperties('AWS::EKS::AccessEntry', { Type: 'EC2_LINUX' });
    t.hasResourceProperties('AWS::SQS::Queue', {
      MessageRetentionPeriod: 300,
      SqsManagedSseEnabled: true,
    });
    t.resourcePropertiesCountIs(
      'AWS::Events::Rule',
      {
        Targets: [Match.objectLike({ Arn: Match.anyValue() })],
      },
      4,
    );
    t.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      Namespace: 'kube-system',
      ServiceAccount: 'karpenter',
    });
  });

  it('tags the EKS-created cluster security group (the one Karpenter nodes use) for Karpenter discovery, and no other group', () => {
    const calls = Object.values(resourcesOf(t, 'Custom::AWS')).filter(r =>
      JSON.stringify(r.Properties.Create).includes('createTags'),
    );
    expect(calls).toHaveLength(1);
    const create = JSON.stringify(calls[0].Properties.Create);
    expect(create).toContain('ClusterSecurityGroupId');
    expect(create).toContain('karpenter.sh/discovery');
    expect(create).toContain('\\"Value\\":\\"prod\\"');
    // The additional control plane group CDK creates is not where nodes live.
    for (const sg of Object.values(resourcesOf(t, 'AWS::EC2::SecurityGroup'))) {
      expect(JSON.stringify(sg.Properties.Tags ?? [])).not.toContain(
        'karpenter.sh/discovery',
      );
    }
  });
});
