/**
 * What the cluster platform of every spoke is made of, as far as the EKS API
 * reports it: the EKS add-ons and the EKS Capabilities the infra app installs.
 * Spoke health reads the list to name what is missing; the local AWS endpoint
 * seeds it. Versions are pinned by the infra app, not here.
 */

/** An EKS add-on every spoke cluster runs. */
export interface SpokeAddon {
  /** The EKS add-on name (`aws eks describe-addon --addon-name`). */
  name: string;
  /** Without it pods get no network, DNS or service routing: a failure is critical. */
  core: boolean;
  /** What it is for, in a few words. */
  purpose: string;
}

export const SPOKE_EKS_ADDONS: readonly SpokeAddon[] = [
  { name: 'vpc-cni', core: true, purpose: 'pod networking' },
  { name: 'coredns', core: true, purpose: 'cluster DNS' },
  { name: 'kube-proxy', core: true, purpose: 'service routing' },
  {
    name: 'eks-pod-identity-agent',
    core: false,
    purpose: 'pod identity credentials',
  },
  { name: 'aws-ebs-csi-driver', core: false, purpose: 'EBS volumes' },
  {
    name: 'aws-secrets-store-csi-driver-provider',
    core: false,
    purpose: 'Secrets Manager secrets as volumes',
  },
  { name: 'metrics-server', core: false, purpose: 'resource metrics, HPA' },
  { name: 'external-dns', core: false, purpose: 'DNS records for ingresses' },
];

/** An EKS Capability (`AWS::EKS::Capability`) every spoke cluster runs. */
export interface SpokeCapability {
  /** The capability name (`aws eks describe-capability --capability-name`). */
  name: string;
  /** The EKS capability type. */
  type: 'ARGOCD' | 'ACK' | 'KRO';
  purpose: string;
}

export const SPOKE_EKS_CAPABILITIES: readonly SpokeCapability[] = [
  { name: 'argocd', type: 'ARGOCD', purpose: 'GitOps delivery (Argo CD)' },
];

/** The add-ons without which pods get no network or DNS. */
export const CORE_EKS_ADDONS: readonly string[] = SPOKE_EKS_ADDONS.filter(
  a => a.core,
).map(a => a.name);
