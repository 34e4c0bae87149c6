import type { DBCluster } from '@aws-sdk/client-rds';
import type {
  HealthCheckResult,
  SpokeConfig,
} from '@internal/plugin-platform-common';
import {
  missingMandatoryTags,
  spokeFile,
  spokeResourceNames,
} from '@internal/plugin-platform-common';
import { CheckInput } from '../observations';
import { CheckSpec, unknownBecause, verdict } from './common';
import { findSpokeAttachment } from './tgw';

const spec = (id: string, title: string): CheckSpec => ({
  id,
  component: 'drift',
  title,
});

const CATALOG = spec('drift.catalog', 'Catalog entry');
const EKS_VERSION = spec('drift.eks-version', 'EKS version');
const NODEGROUP = spec('drift.nodegroup', 'Node group sizing');
const ENGINE_VERSION = spec(
  'drift.aurora-engine-version',
  'Aurora engine version',
);
const INSTANCE_CLASS = spec(
  'drift.aurora-instance-class',
  'Aurora instance class',
);
const VPC_CIDR = spec('drift.vpc-cidr', 'VPC CIDR');
const SECRET_TAGS = spec(
  'drift.secret-tags',
  'Secrets carry the mandatory tags',
);

/** How many offending secrets the summary names before it says "and N more". */
const SECRETS_NAMED = 3;

/**
 * Seed 000: every secret people create carries Project, Service, Environment, Owner and
 * Tenant. Secrets a service manages (RDS master secrets) are not people's and are skipped
 * by the collector.
 */
export function checkSecretTags(input: CheckInput): HealthCheckResult[] {
  const observed = input.observations.secrets;
  if (!observed) return [];
  if (!observed.ok) return [unknownBecause(SECRET_TAGS, observed.failure)];
  const offenders = observed.value
    .map(secret => ({
      name: secret.Name ?? secret.ARN ?? '(unnamed)',
      missing: missingMandatoryTags(secret.Tags),
    }))
    .filter(s => s.missing.length > 0)
    .sort((a, b) => a.name.localeCompare(b.name));
  if (offenders.length === 0) {
    return [
      verdict(
        SECRET_TAGS,
        'ok',
        `All ${observed.value.length} secret(s) carry the five mandatory tags`,
        { secrets: observed.value.length },
      ),
    ];
  }
  const named = offenders
    .slice(0, SECRETS_NAMED)
    .map(o => `${o.name} (no ${o.missing.join(', ')})`)
    .join('; ');
  const more =
    offenders.length > SECRETS_NAMED
      ? ` and ${offenders.length - SECRETS_NAMED} more`
      : '';
  return [
    verdict(
      SECRET_TAGS,
      'warning',
      `${offenders.length} secret(s) lack mandatory tags: ${named}${more}. Add the tags (seed 000's runbook), or create secrets with the New secret template`,
      {
        secrets: observed.value.length,
        untagged: offenders.map(o => `${o.name}: ${o.missing.join(', ')}`),
      },
    ),
  ];
}

/** The node group the infra app creates in every spoke (`infra/lib/constructs/eks-cluster.ts`). */
export const SYSTEM_NODEGROUP = 'system';

/** The registry entry, or the verdict that says why there is nothing to compare with. */
function withRegistry(
  input: CheckInput,
  s: CheckSpec,
  judge: (spoke: SpokeConfig) => HealthCheckResult,
): HealthCheckResult {
  if (!input.registry.ok) return verdict(s, 'unknown', input.registry.reason);
  const spoke = input.registry.spoke;
  if (!spoke) {
    return verdict(
      s,
      s === CATALOG ? 'warning' : 'unknown',
      `Spoke ${
        input.spoke.name
      } is in the catalog but the registry has no ${spokeFile(
        input.spoke.name,
      )}`,
    );
  }
  return judge(spoke);
}

interface Mismatch {
  field: string;
  catalog: string | undefined;
  registry: string | undefined;
}

function mismatchText(m: Mismatch[]): string {
  return m
    .map(
      x =>
        `${x.field}: catalog ${x.catalog ?? '(missing)'}, registry ${
          x.registry ?? '(missing)'
        }`,
    )
    .join('; ');
}

/** The catalog's annotations against the registry file they were generated from. */
export function checkCatalog(input: CheckInput): HealthCheckResult {
  return withRegistry(input, CATALOG, spoke => {
    const names = spokeResourceNames(spoke.name);
    const pairs: Mismatch[] = [
      {
        field: 'account',
        catalog: input.spoke.accountId,
        registry: spoke.account,
      },
      { field: 'region', catalog: input.spoke.region, registry: spoke.region },
      {
        field: 'environment class',
        catalog: input.spoke.environmentClass,
        registry: spoke.environmentClass,
      },
      {
        field: 'VPC CIDR',
        catalog: input.spoke.vpcCidr,
        registry: spoke.network.cidr,
      },
      {
        field: 'EKS cluster',
        catalog: input.spoke.eksClusterName,
        registry: names.eksClusterName,
      },
      {
        field: 'Aurora cluster',
        catalog: input.spoke.dbClusterIdentifier,
        registry: names.dbClusterIdentifier,
      },
    ];
    const attachmentId = spoke.deployed?.transitGatewayAttachmentId;
    if (attachmentId) {
      pairs.push({
        field: 'TGW attachment',
        catalog: input.spoke.tgwAttachmentId,
        registry: attachmentId,
      });
    }
    const mismatches = pairs.filter(p => p.catalog !== p.registry);
    const problems = input.spoke.problems;
    if (mismatches.length === 0 && problems.length === 0) {
      return verdict(
        CATALOG,
        'ok',
        `The catalog matches ${spokeFile(spoke.name)}`,
        { mismatches: [] },
      );
    }
    return verdict(
      CATALOG,
      'warning',
      [...problems, mismatchText(mismatches)].filter(Boolean).join('; '),
      {
        mismatches: mismatches.map(m => ({
          field: m.field,
          catalog: m.catalog ?? null,
          registry: m.registry ?? null,
        })),
        problems,
      },
    );
  });
}

export function checkEksVersion(input: CheckInput): HealthCheckResult {
  const { cluster } = input.observations.eks;
  if (!cluster.ok) return unknownBecause(EKS_VERSION, cluster.failure);
  return withRegistry(input, EKS_VERSION, spoke => {
    if (!cluster.value) {
      return verdict(
        EKS_VERSION,
        'unknown',
        `Cluster ${input.spoke.eksClusterName} not found`,
      );
    }
    const live = cluster.value.version;
    const details = { live: live ?? null, registry: spoke.eks.version };
    return live === spoke.eks.version
      ? verdict(EKS_VERSION, 'ok', `${live}, as in the registry`, details)
      : verdict(
          EKS_VERSION,
          'warning',
          `The cluster runs ${live}; the registry says ${spoke.eks.version}`,
          details,
        );
  });
}

export function checkNodegroup(input: CheckInput): HealthCheckResult {
  const { nodegroups } = input.observations.eks;
  if (!nodegroups.ok) return unknownBecause(NODEGROUP, nodegroups.failure);
  return withRegistry(input, NODEGROUP, spoke => {
    const entry = nodegroups.value.find(n => n.name === SYSTEM_NODEGROUP);
    if (!entry) {
      return verdict(
        NODEGROUP,
        'warning',
        `Node group ${SYSTEM_NODEGROUP}, which the registry describes, does not exist`,
      );
    }
    if (!entry.nodegroup.ok)
      return unknownBecause(NODEGROUP, entry.nodegroup.failure);
    const ng = entry.nodegroup.value;
    const want = spoke.eks.nodeGroup;
    const live = {
      minSize: ng.scalingConfig?.minSize,
      maxSize: ng.scalingConfig?.maxSize,
      instanceTypes: [...(ng.instanceTypes ?? [])].sort().join(', '),
    };
    const expected = {
      minSize: want.minSize,
      maxSize: want.maxSize,
      instanceTypes: [...want.instanceTypes].sort().join(', '),
    };
    // desiredSize is left out on purpose: autoscaling moves it within min..max.
    const differences = (Object.keys(expected) as Array<keyof typeof expected>)
      .filter(k => live[k] !== expected[k])
      .map(k => `${k} is ${live[k] ?? '(unset)'}, registry ${expected[k]}`);
    const details = {
      live: {
        ...live,
        minSize: live.minSize ?? null,
        maxSize: live.maxSize ?? null,
      },
      registry: expected,
    };
    return differences.length === 0
      ? verdict(
          NODEGROUP,
          'ok',
          `${SYSTEM_NODEGROUP}: ${expected.instanceTypes}, ${expected.minSize} to ${expected.maxSize} nodes, as in the registry`,
          details,
        )
      : verdict(
          NODEGROUP,
          'warning',
          `${SYSTEM_NODEGROUP}: ${differences.join('; ')}`,
          details,
        );
  });
}

function auroraCluster(input: CheckInput) {
  const { clusters } = input.observations.aurora;
  if (!clusters.ok) return clusters;
  return {
    ok: true as const,
    value: clusters.value.find(
      c => c.DBClusterIdentifier === input.spoke.dbClusterIdentifier,
    ),
  };
}

/** The engine's major line: `8.0.mysql_aurora.3` of `8.0.mysql_aurora.3.08.0`, `16` of `16.4`. */
export function engineMajor(version: string): string {
  const parts = version.split('.');
  const aurora = parts.indexOf('mysql_aurora');
  return aurora >= 0 ? parts.slice(0, aurora + 2).join('.') : parts[0];
}

/** Compares dotted versions number by number (`3.10.0` after `3.8.1`). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const nx = Number(x);
    const ny = Number(y);
    const c =
      Number.isNaN(nx) || Number.isNaN(ny) ? x.localeCompare(y) : nx - ny;
    if (c !== 0) return c;
  }
  return 0;
}

/** Whether AWS applies minor upgrades: the cluster's setting, else every instance's. */
function autoMinorUpgrades(input: CheckInput, cluster: DBCluster): boolean {
  if (cluster.AutoMinorVersionUpgrade !== undefined) {
    return cluster.AutoMinorVersionUpgrade;
  }
  const { instances } = input.observations.aurora;
  if (!instances.ok) return false;
  const mine = instances.value.filter(
    i => i.DBClusterIdentifier === cluster.DBClusterIdentifier,
  );
  return mine.length > 0 && mine.every(i => i.AutoMinorVersionUpgrade);
}

export function checkEngineVersion(input: CheckInput): HealthCheckResult {
  const cluster = auroraCluster(input);
  if (!cluster.ok) return unknownBecause(ENGINE_VERSION, cluster.failure);
  return withRegistry(input, ENGINE_VERSION, spoke => {
    if (!spoke.aurora) {
      return verdict(
        ENGINE_VERSION,
        'ok',
        'The registry describes no Aurora cluster',
      );
    }
    if (!cluster.value) {
      return verdict(
        ENGINE_VERSION,
        'unknown',
        `Cluster ${input.spoke.dbClusterIdentifier} not found`,
      );
    }
    const live = cluster.value.EngineVersion;
    const want = spoke.aurora.engineVersion;
    const details = { live: live ?? null, registry: want };
    const auto = autoMinorUpgrades(input, cluster.value);
    if (
      live &&
      live !== want &&
      auto &&
      engineMajor(live) === engineMajor(want) &&
      compareVersions(live, want) > 0
    ) {
      // AWS applied a minor upgrade the registry allows: not drift to chase forever.
      return verdict(
        ENGINE_VERSION,
        'ok',
        `${live}: upgraded automatically from the registry's ${want} (auto minor version upgrade is on); write ${live} in the registry when convenient`,
        { ...details, autoMinorVersionUpgrade: true },
      );
    }
    return live === want
      ? verdict(ENGINE_VERSION, 'ok', `${live}, as in the registry`, details)
      : verdict(
          ENGINE_VERSION,
          'warning',
          `The cluster runs ${live}; the registry says ${want}`,
          details,
        );
  });
}

export function checkInstanceClass(input: CheckInput): HealthCheckResult {
  const cluster = auroraCluster(input);
  const { instances } = input.observations.aurora;
  if (!cluster.ok) return unknownBecause(INSTANCE_CLASS, cluster.failure);
  if (!instances.ok) return unknownBecause(INSTANCE_CLASS, instances.failure);
  return withRegistry(input, INSTANCE_CLASS, spoke => {
    if (!spoke.aurora) {
      return verdict(
        INSTANCE_CLASS,
        'ok',
        'The registry describes no Aurora cluster',
      );
    }
    if (!cluster.value) {
      return verdict(
        INSTANCE_CLASS,
        'unknown',
        `Cluster ${input.spoke.dbClusterIdentifier} not found`,
      );
    }
    const members = new Set(
      (cluster.value.DBClusterMembers ?? []).map(m => m.DBInstanceIdentifier),
    );
    const want = spoke.aurora.instanceClass;
    const different = instances.value
      .filter(i => members.has(i.DBInstanceIdentifier))
      .filter(i => i.DBInstanceClass !== want);
    const details = {
      registry: want,
      different: different.map(i => ({
        instance: i.DBInstanceIdentifier ?? '',
        instanceClass: i.DBInstanceClass ?? '',
      })),
    };
    return different.length === 0
      ? verdict(
          INSTANCE_CLASS,
          'ok',
          `Every instance is ${want}, as in the registry`,
          details,
        )
      : verdict(
          INSTANCE_CLASS,
          'warning',
          `${different
            .map(i => `${i.DBInstanceIdentifier} is ${i.DBInstanceClass}`)
            .join(', ')}; the registry says ${want}`,
          details,
        );
  });
}

/** The CIDR the hub TGW routes to the spoke's attachment against the registry's. */
export function checkVpcCidr(input: CheckInput): HealthCheckResult {
  const { attachments, routes } = input.observations.tgw;
  if (!attachments.ok) return unknownBecause(VPC_CIDR, attachments.failure);
  if (!routes.ok) return unknownBecause(VPC_CIDR, routes.failure);
  return withRegistry(input, VPC_CIDR, spoke => {
    const want = spoke.network.cidr;
    const attachment = findSpokeAttachment(input, attachments.value);
    if (!attachment) {
      return verdict(
        VPC_CIDR,
        'unknown',
        'The spoke has no attachment to compare routes with',
      );
    }
    const routed = routes.value
      .filter(r =>
        (r.TransitGatewayAttachments ?? []).some(
          t =>
            t.TransitGatewayAttachmentId ===
            attachment.TransitGatewayAttachmentId,
        ),
      )
      .map(r => String(r.DestinationCidrBlock));
    const details = { registry: want, routed };
    const others = routed.filter(c => c !== want);
    if (others.length === 0) {
      return verdict(
        VPC_CIDR,
        'ok',
        routed.length
          ? `The hub routes ${want} to the spoke, as in the registry`
          : `The hub routes nothing else to the spoke`,
        details,
      );
    }
    return verdict(
      VPC_CIDR,
      'warning',
      `The hub routes ${others.join(
        ', ',
      )} to the spoke's attachment; the registry says ${want}`,
      details,
    );
  });
}

/** Every drift check of a spoke. */
export function driftChecks(input: CheckInput): HealthCheckResult[] {
  return [
    checkCatalog(input),
    checkEksVersion(input),
    checkNodegroup(input),
    checkEngineVersion(input),
    checkInstanceClass(input),
    checkVpcCidr(input),
    ...checkSecretTags(input),
  ];
}
