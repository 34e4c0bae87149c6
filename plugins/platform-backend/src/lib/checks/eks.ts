import type { ClusterVersionInformation, Nodegroup } from '@aws-sdk/client-eks';
import {
  findKubernetesVersion,
  HealthCheckResult,
  KUBERNETES_VERSION_POLICY,
  KubernetesSupportPhase,
  kubernetesSupportPhase,
  utcDay,
} from '@internal/plugin-platform-common';
import { CheckInput, Observed } from '../observations';
import { checkAddons } from './addons';
import { checkCapabilities } from './capabilities';
import { describeIssues, issueCodes } from './issues';
import {
  CheckSpec,
  classify,
  DAY_MS,
  isoDate,
  plural,
  unknownBecause,
  verdict,
} from './common';

const spec = (id: string, title: string): CheckSpec => ({
  id,
  component: 'eks',
  title,
});

const CLUSTER_STATUS = spec('eks.cluster-status', 'Cluster status');
const CLUSTER_HEALTH = spec('eks.cluster-health', 'Cluster health issues');
const VERSION_SUPPORT = spec(
  'eks.version-support',
  'Kubernetes version support',
);
const NODEGROUPS = spec('eks.nodegroups', 'Node groups');
const UPGRADE_INSIGHTS = spec('eks.upgrade-insights', 'Upgrade readiness');
const ADDON_COMPATIBILITY = spec(
  'eks.addon-compatibility',
  'Add-ons compatible with the cluster version',
);
const NODEGROUP_VERSIONS = spec(
  'eks.nodegroup-versions',
  'Node groups on the control plane version',
);

/**
 * Kubelets may be this many minor versions behind the API server (Kubernetes'
 * version skew policy since 1.28); further behind, they stop being supported.
 */
export const MAX_KUBELET_SKEW = 3;

/** Standard support ending within this many days is worth a warning: upgrades need planning. */
export const VERSION_SUPPORT_WARNING_DAYS =
  KUBERNETES_VERSION_POLICY.warningDays;

/**
 * Cluster health issue codes after which the cluster can no longer decrypt its
 * secrets (envelope encryption key gone): critical. Other issues (a deleted
 * subnet or security group) block control plane changes but not workloads: warning.
 */
const CRITICAL_CLUSTER_ISSUES = [
  'KmsKeyNotFound',
  'KmsKeyDisabled',
  'KmsKeyMarkedForDeletion',
  'KmsGrantRevoked',
];

export function checkClusterStatus(input: CheckInput): HealthCheckResult {
  const { cluster } = input.observations.eks;
  if (!cluster.ok) return unknownBecause(CLUSTER_STATUS, cluster.failure);
  const name = input.spoke.eksClusterName;
  if (!cluster.value) {
    return verdict(
      CLUSTER_STATUS,
      'critical',
      `Cluster ${name} not found in account ${input.spoke.accountId} (${input.spoke.region})`,
      { clusterName: name },
    );
  }
  const state = cluster.value.status;
  const status = classify(state, {
    ok: ['ACTIVE'],
    warning: ['CREATING', 'UPDATING', 'PENDING'],
    critical: ['FAILED', 'DELETING'],
  });
  return verdict(CLUSTER_STATUS, status, `Cluster ${name} is ${state}`, {
    clusterName: name,
    state: state ?? null,
    platformVersion: cluster.value.platformVersion ?? null,
  });
}

export function checkClusterHealth(input: CheckInput): HealthCheckResult {
  const { cluster } = input.observations.eks;
  if (!cluster.ok) return unknownBecause(CLUSTER_HEALTH, cluster.failure);
  if (!cluster.value) {
    return verdict(
      CLUSTER_HEALTH,
      'unknown',
      `Cluster ${input.spoke.eksClusterName} not found`,
    );
  }
  const issues = cluster.value.health?.issues ?? [];
  if (issues.length === 0) {
    return verdict(CLUSTER_HEALTH, 'ok', 'No health issues', { issues: [] });
  }
  const codes = issueCodes(issues);
  const status = codes.some(c => CRITICAL_CLUSTER_ISSUES.includes(c))
    ? 'critical'
    : 'warning';
  return verdict(CLUSTER_HEALTH, status, describeIssues(issues), {
    issues: codes,
  });
}

/** The support dates of a version, from EKS itself or else from the platform's EKS calendar. */
interface SupportInfo {
  /** `STANDARD_SUPPORT`, `EXTENDED_SUPPORT`, `UNSUPPORTED`, or what EKS said. */
  support: string;
  endOfStandardSupport?: Date | string;
  endOfExtendedSupport?: Date | string;
  /** Where the dates came from, and why not from EKS when they did not. */
  source: string;
}

const PHASE_TO_STATUS: Record<KubernetesSupportPhase, string> = {
  'not-released': 'NOT_RELEASED',
  standard: 'STANDARD_SUPPORT',
  extended: 'EXTENDED_SUPPORT',
  unsupported: 'UNSUPPORTED',
};

function supportInfo(
  version: string,
  versions: Observed<ClusterVersionInformation[]>,
  now: Date,
): SupportInfo | undefined {
  const fromEks = versions.ok
    ? versions.value.find(v => v.clusterVersion === version)
    : undefined;
  if (fromEks) {
    return {
      // versionStatus is current; the older lower-case `status` field is the fallback.
      support: (fromEks.versionStatus ?? fromEks.status ?? '')
        .toUpperCase()
        .replace(/-/g, '_'),
      endOfStandardSupport: fromEks.endOfStandardSupportDate,
      endOfExtendedSupport: fromEks.endOfExtendedSupportDate,
      source: 'eks:DescribeClusterVersions',
    };
  }
  // The same calendar the New environment form and the registry policy use.
  const entry = findKubernetesVersion(version);
  if (!entry) return undefined;
  return {
    support: PHASE_TO_STATUS[kubernetesSupportPhase(entry, now)],
    endOfStandardSupport: utcDay(entry.endOfStandardSupport),
    endOfExtendedSupport: utcDay(entry.endOfExtendedSupport),
    source: versions.ok
      ? 'platform EKS calendar (EKS did not list the version)'
      : `platform EKS calendar (${versions.failure.reason})`,
  };
}

export function checkVersionSupport(input: CheckInput): HealthCheckResult {
  const { cluster, versions } = input.observations.eks;
  if (!cluster.ok) return unknownBecause(VERSION_SUPPORT, cluster.failure);
  if (!cluster.value) {
    return verdict(
      VERSION_SUPPORT,
      'unknown',
      `Cluster ${input.spoke.eksClusterName} not found`,
    );
  }
  const version = cluster.value.version;
  const info = version ? supportInfo(version, versions, input.now) : undefined;
  if (!version || !info) {
    if (!versions.ok) return unknownBecause(VERSION_SUPPORT, versions.failure);
    return verdict(
      VERSION_SUPPORT,
      'unknown',
      `EKS publishes no support dates for Kubernetes ${version ?? '(none)'}`,
      { version: version ?? null },
    );
  }
  const endStandard = isoDate(info.endOfStandardSupport);
  const endExtended = isoDate(info.endOfExtendedSupport);
  const details = {
    version,
    versionStatus: info.support || null,
    endOfStandardSupport: endStandard ?? null,
    endOfExtendedSupport: endExtended ?? null,
    source: info.source,
  };
  const support = info.support;
  if (support === 'UNSUPPORTED') {
    return verdict(
      VERSION_SUPPORT,
      'critical',
      `Kubernetes ${version} is no longer supported by EKS (extended support ended ${endExtended})`,
      details,
    );
  }
  if (support === 'EXTENDED_SUPPORT') {
    const end = info.endOfExtendedSupport
      ? new Date(info.endOfExtendedSupport).getTime()
      : undefined;
    const daysLeft =
      end === undefined
        ? undefined
        : Math.ceil((end - input.now.getTime()) / DAY_MS);
    if (daysLeft !== undefined && daysLeft <= VERSION_SUPPORT_WARNING_DAYS) {
      return verdict(
        VERSION_SUPPORT,
        'critical',
        `Extended support for Kubernetes ${version} ends ${endExtended} (${
          daysLeft > 0 ? `in ${plural(daysLeft, 'day')}` : 'today'
        }): EKS then upgrades the control plane by itself, add-ons and node groups untested. Upgrade the cluster now`,
        details,
      );
    }
    return verdict(
      VERSION_SUPPORT,
      'warning',
      `Kubernetes ${version} is in extended support (extra cost) until ${endExtended}; standard support ended ${endStandard}. Upgrade before ${endExtended}`,
      details,
    );
  }
  if (support === 'STANDARD_SUPPORT') {
    const end = info.endOfStandardSupport
      ? new Date(info.endOfStandardSupport).getTime()
      : undefined;
    const daysLeft =
      end === undefined
        ? undefined
        : Math.ceil((end - input.now.getTime()) / DAY_MS);
    if (
      daysLeft !== undefined &&
      daysLeft >= 0 &&
      daysLeft <= VERSION_SUPPORT_WARNING_DAYS
    ) {
      return verdict(
        VERSION_SUPPORT,
        'warning',
        `Standard support for Kubernetes ${version} ends ${endStandard} (in ${plural(
          daysLeft,
          'day',
        )}); plan the upgrade`,
        details,
      );
    }
    return verdict(
      VERSION_SUPPORT,
      'ok',
      `Kubernetes ${version} is in standard support until ${endStandard}`,
      details,
    );
  }
  return verdict(
    VERSION_SUPPORT,
    'unknown',
    `EKS reports an unrecognised support status for Kubernetes ${version}`,
    details,
  );
}

function nodegroupVerdict(name: string, ng: Nodegroup): HealthCheckResult {
  const s = spec(`eks.nodegroup:${name}`, `Node group ${name}`);
  const scaling = ng.scalingConfig ?? {};
  const size = `${plural(scaling.desiredSize ?? 0, 'node')} (min ${
    scaling.minSize ?? '?'
  }, max ${scaling.maxSize ?? '?'})`;
  const issues = ng.health?.issues ?? [];
  const details = {
    state: ng.status ?? null,
    desiredSize: scaling.desiredSize ?? null,
    minSize: scaling.minSize ?? null,
    maxSize: scaling.maxSize ?? null,
    instanceTypes: ng.instanceTypes ?? [],
    issues: issueCodes(issues),
  };
  let status = classify(ng.status, {
    ok: ['ACTIVE'],
    warning: ['CREATING', 'UPDATING', 'DELETING'],
    critical: ['DEGRADED', 'CREATE_FAILED', 'DELETE_FAILED'],
  });
  const parts = [`${ng.status}, ${size}`];
  if (issues.length > 0) {
    parts.push(describeIssues(issues));
    if (status === 'ok') status = 'warning';
  }
  if (status === 'ok' && (scaling.desiredSize ?? 0) === 0) {
    status = 'warning';
    parts.push('scaled to zero: nothing can be scheduled on it');
  }
  return verdict(s, status, parts.join('; '), details);
}

export function checkNodegroups(input: CheckInput): HealthCheckResult[] {
  const { nodegroups } = input.observations.eks;
  if (!nodegroups.ok) return [unknownBecause(NODEGROUPS, nodegroups.failure)];
  if (nodegroups.value.length === 0) {
    return [
      verdict(
        NODEGROUPS,
        'critical',
        `Cluster ${input.spoke.eksClusterName} has no managed node groups: system pods cannot run`,
      ),
    ];
  }
  return nodegroups.value.map(({ name, nodegroup }) =>
    nodegroup.ok
      ? nodegroupVerdict(name, nodegroup.value)
      : unknownBecause(
          spec(`eks.nodegroup:${name}`, `Node group ${name}`),
          nodegroup.failure,
        ),
  );
}

const minorOf = (version: string | undefined) => {
  const m = /^1\.(\d+)/.exec(version ?? '');
  return m ? Number(m[1]) : undefined;
};

/**
 * Node groups whose kubelets run an older Kubernetes than the control plane: fine
 * for an upgrade in progress, a warning with the date the older version leaves
 * standard support; critical past the supported skew.
 */
export function checkNodegroupVersions(input: CheckInput): HealthCheckResult {
  const { cluster, nodegroups } = input.observations.eks;
  if (!cluster.ok) return unknownBecause(NODEGROUP_VERSIONS, cluster.failure);
  if (!nodegroups.ok)
    return unknownBecause(NODEGROUP_VERSIONS, nodegroups.failure);
  const control = cluster.value?.version;
  const controlMinor = minorOf(control);
  if (!control || controlMinor === undefined) {
    return verdict(
      NODEGROUP_VERSIONS,
      'unknown',
      `Cluster ${input.spoke.eksClusterName} not found or reports no version`,
    );
  }
  const behind = nodegroups.value.flatMap(({ name, nodegroup }) => {
    if (!nodegroup.ok) return [];
    const minor = minorOf(nodegroup.value.version);
    return minor !== undefined && minor < controlMinor
      ? [
          {
            name,
            version: nodegroup.value.version!,
            skew: controlMinor - minor,
          },
        ]
      : [];
  });
  const details = {
    controlPlane: control,
    behind: behind.map(b => `${b.name}=${b.version}`),
  };
  if (!behind.length) {
    return verdict(
      NODEGROUP_VERSIONS,
      'ok',
      `Every node group runs Kubernetes ${control}, as the control plane`,
      details,
    );
  }
  const worst = behind.reduce((a, b) => (b.skew > a.skew ? b : a));
  const entry = findKubernetesVersion(worst.version);
  const endStandard = entry?.endOfStandardSupport;
  const list = behind.map(b => `${b.name} (${b.version})`).join(', ');
  if (worst.skew > MAX_KUBELET_SKEW) {
    return verdict(
      NODEGROUP_VERSIONS,
      'critical',
      `Node group ${list} is ${worst.skew} minor versions behind the control plane's ${control}, past the supported skew of ${MAX_KUBELET_SKEW}: update it now (UpdateNodegroupVersion)`,
      details,
    );
  }
  return verdict(
    NODEGROUP_VERSIONS,
    'warning',
    `Node group ${list} runs behind the control plane's ${control}: update it (UpdateNodegroupVersion)${
      endStandard
        ? ` before ${endStandard}, when standard support for ${worst.version} ends`
        : ''
    }`,
    { ...details, endOfStandardSupport: endStandard ?? null },
  );
}

/** The end of standard support of the cluster's version, when the calendar knows it. */
function endOfStandardSupport(input: CheckInput): string | undefined {
  const { cluster, versions } = input.observations.eks;
  const version = cluster.ok ? cluster.value?.version : undefined;
  if (!version) return undefined;
  const fromEks = versions.ok
    ? versions.value.find(v => v.clusterVersion === version)
    : undefined;
  return (
    isoDate(fromEks?.endOfStandardSupportDate) ??
    findKubernetesVersion(version)?.endOfStandardSupport
  );
}

/**
 * EKS's upgrade-readiness insights (deprecated APIs in use, kubelet skew, add-on
 * versions): anything not passing blocks or risks the next upgrade, which must happen
 * before standard support of the current version ends.
 */
export function checkUpgradeInsights(input: CheckInput): HealthCheckResult {
  const { insights } = input.observations.eks;
  if (!insights.ok) return unknownBecause(UPGRADE_INSIGHTS, insights.failure);
  const failing = insights.value.filter(i =>
    ['ERROR', 'WARNING'].includes(String(i.insightStatus?.status)),
  );
  const unknown = insights.value.filter(
    i => String(i.insightStatus?.status) === 'UNKNOWN',
  );
  const deadline = endOfStandardSupport(input);
  const details = {
    insights: insights.value.map(
      i => `${i.name}: ${i.insightStatus?.status ?? '?'}`,
    ),
    endOfStandardSupport: deadline ?? null,
  };
  if (failing.length) {
    const first = failing[0];
    return verdict(
      UPGRADE_INSIGHTS,
      'warning',
      `${first.name}: ${(
        first.insightStatus?.reason ??
        first.insightStatus?.status ??
        ''
      ).replace(/\.$/, '')}${
        failing.length > 1 ? ` (and ${failing.length - 1} more)` : ''
      }. Fix before upgrading${
        deadline
          ? `, which is due by ${deadline} (end of standard support)`
          : ''
      }; see the cluster's Upgrade insights in the EKS console`,
      details,
    );
  }
  if (!insights.value.length || unknown.length === insights.value.length) {
    return verdict(
      UPGRADE_INSIGHTS,
      'unknown',
      'EKS has not assessed this cluster for the next upgrade yet',
      details,
    );
  }
  return verdict(
    UPGRADE_INSIGHTS,
    'ok',
    `${plural(insights.value.length, 'upgrade check')} passing`,
    details,
  );
}

/**
 * Each installed add-on at a version EKS lists as compatible with the cluster's
 * Kubernetes version; an add-on EKS does not publish (community, custom) is not judged.
 */
export function checkAddonCompatibility(input: CheckInput): HealthCheckResult {
  const { cluster, addons, addonVersions } = input.observations.eks;
  if (!cluster.ok) return unknownBecause(ADDON_COMPATIBILITY, cluster.failure);
  if (!addons.ok) return unknownBecause(ADDON_COMPATIBILITY, addons.failure);
  if (!addonVersions.ok)
    return unknownBecause(ADDON_COMPATIBILITY, addonVersions.failure);
  const version = cluster.value?.version;
  if (!version) {
    return verdict(
      ADDON_COMPATIBILITY,
      'unknown',
      `Cluster ${input.spoke.eksClusterName} not found`,
    );
  }
  const published = new Map(addonVersions.value.map(a => [a.addonName, a]));
  const incompatible: Array<{
    name: string;
    installed: string;
    wanted?: string;
  }> = [];
  for (const { name, addon } of addons.value) {
    if (!addon.ok || !addon.value.addonVersion) continue;
    const info = published.get(name);
    if (!info) continue;
    const fits = (info.addonVersions ?? []).filter(v =>
      (v.compatibilities ?? []).some(c => c.clusterVersion === version),
    );
    if (fits.some(v => v.addonVersion === addon.value.addonVersion)) continue;
    const wanted =
      fits.find(v =>
        (v.compatibilities ?? []).some(
          c => c.clusterVersion === version && c.defaultVersion,
        ),
      ) ?? fits[0];
    incompatible.push({
      name,
      installed: addon.value.addonVersion,
      wanted: wanted?.addonVersion,
    });
  }
  const details = {
    kubernetesVersion: version,
    incompatible: incompatible.map(i => `${i.name} ${i.installed}`),
  };
  if (incompatible.length) {
    const list = incompatible
      .map(
        i => `${i.name} ${i.installed}${i.wanted ? ` (use ${i.wanted})` : ''}`,
      )
      .join(', ');
    return verdict(
      ADDON_COMPATIBILITY,
      'warning',
      `Not listed by EKS as compatible with Kubernetes ${version}: ${list}. Update them (UpdateAddon) before they break or block the next upgrade`,
      details,
    );
  }
  return verdict(
    ADDON_COMPATIBILITY,
    'ok',
    `Every add-on EKS publishes is at a version compatible with Kubernetes ${version}`,
    details,
  );
}

/** Every EKS check of a spoke. */
export function eksChecks(input: CheckInput): HealthCheckResult[] {
  return [
    checkClusterStatus(input),
    checkClusterHealth(input),
    checkVersionSupport(input),
    checkNodegroupVersions(input),
    checkUpgradeInsights(input),
    checkAddonCompatibility(input),
    ...checkNodegroups(input),
    ...checkAddons(input),
    ...checkCapabilities(input),
  ];
}
