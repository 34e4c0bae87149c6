/**
 * Every version the cluster platform installs, in one place. A version bump is a
 * one-line change here, reviewed in a pull request and shown by the plan diff.
 *
 * EKS add-on versions are build strings as `aws eks describe-addon-versions
 * --addon-name <name> --kubernetes-version <k8s>` lists them; EKS rejects a version
 * that is not compatible with the cluster's Kubernetes version at deploy time, so the
 * Kubernetes-coupled add-ons (kube-proxy, CoreDNS) are listed per minor version and
 * synth fails for a minor version that has no row.
 */

/** Add-ons whose version follows the Kubernetes minor version. */
export interface KubernetesCoupledVersions {
  readonly 'kube-proxy': string;
  readonly coredns: string;
}

/** kube-proxy and CoreDNS per Kubernetes minor version. */
export const KUBERNETES_COUPLED_ADDON_VERSIONS: Readonly<
  Record<string, KubernetesCoupledVersions>
> = {
  '1.32': {
    'kube-proxy': 'v1.32.9-eksbuild.2',
    coredns: 'v1.11.4-eksbuild.24',
  },
  '1.33': { 'kube-proxy': 'v1.33.5-eksbuild.2', coredns: 'v1.12.4-eksbuild.1' },
  '1.34': { 'kube-proxy': 'v1.34.1-eksbuild.2', coredns: 'v1.12.4-eksbuild.1' },
  '1.35': { 'kube-proxy': 'v1.35.0-eksbuild.2', coredns: 'v1.13.1-eksbuild.1' },
};

/**
 * EKS add-ons (AWS and community) whose builds support every Kubernetes version in
 * {@link KUBERNETES_COUPLED_ADDON_VERSIONS}.
 */
export const ADDON_VERSIONS = {
  'vpc-cni': 'v1.20.4-eksbuild.2',
  'eks-pod-identity-agent': 'v1.3.9-eksbuild.3',
  'aws-ebs-csi-driver': 'v1.51.1-eksbuild.1',
  'amazon-cloudwatch-observability': 'v4.6.0-eksbuild.1',
  /** Secrets Store CSI driver together with the AWS provider (AWS add-on). */
  'aws-secrets-store-csi-driver-provider': 'v2.1.1-eksbuild.1',
  /** Community add-on. */
  'metrics-server': 'v0.8.0-eksbuild.2',
  /** Community add-on. */
  'external-dns': 'v0.19.0-eksbuild.2',
} as const;

/** An add-on name EKS installs from {@link ADDON_VERSIONS} or the coupled table. */
export type PinnedAddonName =
  | keyof typeof ADDON_VERSIONS
  | keyof KubernetesCoupledVersions;

/**
 * Helm charts for controllers that have neither an EKS add-on nor an EKS
 * Capability (Karpenter and the AWS Load Balancer Controller are built into EKS
 * Auto Mode only).
 */
export const HELM_CHARTS = {
  karpenter: {
    repository: 'oci://public.ecr.aws/karpenter/karpenter',
    chart: 'karpenter',
    version: '1.8.2',
  },
  awsLoadBalancerController: {
    repository: 'https://aws.github.io/eks-charts',
    chart: 'aws-load-balancer-controller',
    version: '1.14.1',
  },
} as const;

/**
 * The Bottlerocket release Karpenter launches (EC2NodeClass `amiSelectorTerms`
 * alias); pinned so a new AMI reaches nodes through a reviewed change, and drift
 * replaces nodes when it moves.
 */
export const KARPENTER_AMI_ALIAS = 'bottlerocket@v1.50.0';

/** The version of an EKS add-on for a cluster's Kubernetes minor version. */
export function addonVersion(
  addonName: PinnedAddonName,
  kubernetesVersion: string,
): string {
  if (addonName === 'kube-proxy' || addonName === 'coredns') {
    const coupled = KUBERNETES_COUPLED_ADDON_VERSIONS[kubernetesVersion];
    if (!coupled) {
      throw new Error(
        `cluster-versions: no ${addonName} version pinned for Kubernetes ${kubernetesVersion}; add a row to KUBERNETES_COUPLED_ADDON_VERSIONS (supported: ${Object.keys(
          KUBERNETES_COUPLED_ADDON_VERSIONS,
        ).join(', ')})`,
      );
    }
    return coupled[addonName];
  }
  return ADDON_VERSIONS[addonName];
}
