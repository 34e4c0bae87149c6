/**
 * The Kubernetes versions of EKS and the registry's policy on them: the one
 * place the New environment form, the validate action, the registry loader,
 * spoke health and the local AWS endpoint read versions and support dates from.
 *
 * Dates are the Amazon EKS Kubernetes release calendar
 * (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html#kubernetes-release-calendar),
 * in UTC: standard support for 14 months after the EKS release, extended support
 * (extra cost per cluster hour) for 12 more. When EKS adds a version, add a row
 * here; spoke health still reads EKS's own `DescribeClusterVersions` first.
 */

/** One Kubernetes minor version on EKS. Dates are ISO `YYYY-MM-DD` (UTC). */
export interface EksKubernetesVersion {
  /** Minor version, e.g. `1.35`. */
  version: string;
  /** Available on EKS from this day. */
  eksRelease: string;
  /** Standard support ends at the start of this day; extended support starts. */
  endOfStandardSupport: string;
  /** Extended support ends at the start of this day; EKS upgrades the control plane after it. */
  endOfExtendedSupport: string;
  /**
   * `false` while the cluster platform cannot run on it yet: the infra app pins
   * kube-proxy and CoreDNS per minor version (infra/lib/constructs/cluster-versions.ts)
   * and has no row for it. New spokes are not offered such a version.
   */
  clusterPlatform?: boolean;
}

/** The EKS calendar, oldest first. */
export const EKS_KUBERNETES_VERSIONS: readonly EksKubernetesVersion[] = [
  v('1.28', '2023-09-26', '2024-11-26', '2025-11-26'),
  v('1.29', '2024-01-23', '2025-03-23', '2026-03-23'),
  v('1.30', '2024-05-23', '2025-07-23', '2026-07-23'),
  v('1.31', '2024-09-26', '2025-11-26', '2026-11-26'),
  v('1.32', '2025-01-23', '2026-03-23', '2027-03-23'),
  v('1.33', '2025-05-29', '2026-07-29', '2027-07-29'),
  v('1.34', '2025-10-02', '2026-12-02', '2027-12-02'),
  v('1.35', '2026-01-27', '2027-03-27', '2028-03-27'),
  {
    ...v('1.36', '2026-06-02', '2027-08-02', '2028-08-02'),
    clusterPlatform: false,
  },
];

function v(
  version: string,
  eksRelease: string,
  endOfStandardSupport: string,
  endOfExtendedSupport: string,
): EksKubernetesVersion {
  return { version, eksRelease, endOfStandardSupport, endOfExtendedSupport };
}

/** Where a version stands on a day. */
export type KubernetesSupportPhase =
  | 'not-released'
  | 'standard'
  | 'extended'
  | 'unsupported';

/**
 * The registry's policy: a new spoke must start on a version in EKS standard
 * support on the day it is requested (extended support costs extra and ends in
 * forced upgrades). Existing spokes are judged by spoke health, not refused.
 */
export const KUBERNETES_VERSION_POLICY = {
  newSpokes: 'standard' as KubernetesSupportPhase,
  /** Spoke health warns this many days before standard support ends. */
  warningDays: 60,
};

/** Start of a calendar day, UTC. */
export function utcDay(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00Z`);
}

/** `YYYY-MM-DD` of a date in UTC. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Compares minor versions numerically (`1.9` < `1.10`). */
export function compareKubernetesVersions(a: string, b: string): number {
  const [aMajor, aMinor] = a.split('.').map(Number);
  const [bMajor, bMinor] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

export function findKubernetesVersion(
  version: string,
): EksKubernetesVersion | undefined {
  return EKS_KUBERNETES_VERSIONS.find(k => k.version === version);
}

/** The phase of a calendar entry on a day. */
export function kubernetesSupportPhase(
  entry: EksKubernetesVersion,
  on: Date,
): KubernetesSupportPhase {
  const t = on.getTime();
  if (t < utcDay(entry.eksRelease).getTime()) return 'not-released';
  if (t < utcDay(entry.endOfStandardSupport).getTime()) return 'standard';
  if (t < utcDay(entry.endOfExtendedSupport).getTime()) return 'extended';
  return 'unsupported';
}

/** Versions in standard support on a day that the cluster platform runs on, newest first: what a new spoke may use. */
export function allowedKubernetesVersions(on: Date): string[] {
  return EKS_KUBERNETES_VERSIONS.filter(
    k =>
      k.clusterPlatform !== false &&
      kubernetesSupportPhase(k, on) === KUBERNETES_VERSION_POLICY.newSpokes,
  )
    .map(k => k.version)
    .sort((a, b) => compareKubernetesVersions(b, a));
}

/** The version a new spoke is offered first: the newest allowed one. */
export function defaultKubernetesVersion(on: Date): string | undefined {
  return allowedKubernetesVersions(on)[0];
}

/** Why a version is refused for a new spoke on a day; `undefined` when it is allowed. */
export function kubernetesVersionRefusal(
  version: string,
  on: Date,
): string | undefined {
  const allowed = allowedKubernetesVersions(on);
  const choose = allowed.length
    ? `choose ${allowed.join(' or ')} (in EKS standard support on ${isoDay(
        on,
      )})`
    : `no version is in EKS standard support on ${isoDay(
        on,
      )}; update the EKS calendar in platform-common`;
  const entry = findKubernetesVersion(version);
  if (!entry) {
    return `Kubernetes ${version} is not in the EKS release calendar; ${choose}`;
  }
  switch (kubernetesSupportPhase(entry, on)) {
    case 'standard':
      return entry.clusterPlatform === false
        ? `Kubernetes ${version} is in EKS standard support, but the cluster platform does not pin its add-ons for it yet (infra/lib/constructs/cluster-versions.ts); ${choose}`
        : undefined;
    case 'not-released':
      return `Kubernetes ${version} is not available on EKS before ${entry.eksRelease}; ${choose}`;
    case 'extended':
      return `Kubernetes ${version} left EKS standard support on ${entry.endOfStandardSupport} (extended support costs extra and ends ${entry.endOfExtendedSupport}); ${choose}`;
    default:
      return `Kubernetes ${version} is no longer supported by EKS (extended support ended ${entry.endOfExtendedSupport}); ${choose}`;
  }
}
