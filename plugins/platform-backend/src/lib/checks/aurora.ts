import type { DBCluster, DBInstance } from '@aws-sdk/client-rds';
import type { HealthCheckResult } from '@internal/plugin-platform-common';
import { CheckInput } from '../observations';
import {
  CheckSpec,
  classify,
  DAY_MS,
  isoDate,
  plural,
  unknownBecause,
  verdict,
} from './common';
import { checkReplicaLag } from './replicaLag';

const spec = (id: string, title: string): CheckSpec => ({
  id,
  component: 'aurora',
  title,
});

const CLUSTER_STATUS = spec('aurora.cluster-status', 'Cluster status');
const WRITER = spec('aurora.writer', 'Writer');
const INSTANCES = spec('aurora.instances', 'Instances');
const READERS = spec('aurora.readers', 'Readers');
const ENCRYPTION = spec('aurora.encryption', 'Storage encryption');
const IAM_AUTH = spec('aurora.iam-auth', 'IAM database authentication');
const DELETION_PROTECTION = spec(
  'aurora.deletion-protection',
  'Deletion protection',
);
const SECRET_ROTATION = spec(
  'aurora.secret-rotation',
  'Master secret rotation',
);
const MAINTENANCE = spec('aurora.maintenance', 'Pending maintenance');
const BACKUPS = spec('aurora.backups', 'Backups and point-in-time restore');
const CERTIFICATES = spec('aurora.certificates', 'TLS certificates');
const ENGINE_SUPPORT = spec('aurora.engine-support', 'Engine version support');

/** A major version upgrade takes planning: warn this long before standard support ends. */
export const ENGINE_SUPPORT_WARNING_DAYS = 180;
/** Near the end of extended support RDS upgrades the cluster itself: critical. */
export const ENGINE_SUPPORT_CRITICAL_DAYS = 60;

/** Point-in-time restore normally lags about five minutes; an hour means backups stall. */
export const RESTORE_LAG_WARNING_MS = 60 * 60_000;
/** A day without a restorable point: a failure now loses a day of data. */
export const RESTORE_LAG_CRITICAL_MS = 24 * 60 * 60_000;
/** A server certificate this close to expiry needs its CA rotated. */
export const CERTIFICATE_WARNING_DAYS = 60;
export const CERTIFICATE_CRITICAL_DAYS = 7;

/** Maintenance that AWS applies within this many days deserves a warning. */
export const MAINTENANCE_WARNING_DAYS = 7;
/** A rotation this late (past NextRotationDate) means rotation is failing. */
export const ROTATION_GRACE_DAYS = 1;

/** Transitional states shared by clusters and instances: it works, or will soon. */
const TRANSITIONAL = [
  'backing-up',
  'backtracking',
  'configuring-enhanced-monitoring',
  'configuring-iam-database-auth',
  'configuring-log-exports',
  'creating',
  'failing-over',
  'maintenance',
  'migrating',
  'modifying',
  'promoting',
  'rebooting',
  'renaming',
  'resetting-master-credentials',
  'starting',
  'stopping',
  'storage-optimization',
  'update-iam-db-auth',
  'upgrading',
];
/** States in which the database does not serve, or will not come back by itself. */
const BROKEN = [
  'deleting',
  'failed',
  'inaccessible-encryption-credentials',
  'inaccessible-encryption-credentials-recoverable',
  'incompatible-network',
  'incompatible-option-group',
  'incompatible-parameters',
  'incompatible-restore',
  'insufficient-capacity',
  'migration-failed',
  'cloning-failed',
  'restore-error',
  'storage-full',
  'stopped',
];
const STATES = { ok: ['available'], warning: TRANSITIONAL, critical: BROKEN };

function findCluster(
  input: CheckInput,
  clusters: DBCluster[],
): DBCluster | undefined {
  return clusters.find(
    c => c.DBClusterIdentifier === input.spoke.dbClusterIdentifier,
  );
}

function notFound(input: CheckInput): string {
  return `Cluster ${input.spoke.dbClusterIdentifier} not found in account ${input.spoke.accountId} (${input.spoke.region})`;
}

/** Runs `judge` on the spoke's cluster; unknown/critical verdicts when it is not there. */
function onCluster(
  input: CheckInput,
  s: CheckSpec,
  judge: (cluster: DBCluster) => HealthCheckResult,
): HealthCheckResult {
  const { clusters } = input.observations.aurora;
  if (!clusters.ok) return unknownBecause(s, clusters.failure);
  const cluster = findCluster(input, clusters.value);
  if (!cluster) {
    return verdict(
      s,
      s === CLUSTER_STATUS ? 'critical' : 'unknown',
      notFound(input),
      {
        dbClusterIdentifier: input.spoke.dbClusterIdentifier,
      },
    );
  }
  return judge(cluster);
}

export function checkClusterStatus(input: CheckInput): HealthCheckResult {
  return onCluster(input, CLUSTER_STATUS, cluster => {
    const state = cluster.Status;
    return verdict(
      CLUSTER_STATUS,
      classify(state, STATES),
      `Cluster ${cluster.DBClusterIdentifier} is ${state}`,
      { state: state ?? null, engineVersion: cluster.EngineVersion ?? null },
    );
  });
}

export function checkWriter(input: CheckInput): HealthCheckResult {
  return onCluster(input, WRITER, cluster => {
    const writer = (cluster.DBClusterMembers ?? []).find(
      m => m.IsClusterWriter,
    );
    return writer
      ? verdict(WRITER, 'ok', `Writer is ${writer.DBInstanceIdentifier}`, {
          writer: writer.DBInstanceIdentifier ?? null,
        })
      : verdict(
          WRITER,
          'critical',
          `Cluster ${cluster.DBClusterIdentifier} has no writer instance: nothing can write`,
          { writer: null },
        );
  });
}

function instancesOf(
  cluster: DBCluster,
  instances: DBInstance[],
): Array<{ id: string; writer: boolean; instance?: DBInstance }> {
  return (cluster.DBClusterMembers ?? []).map(m => ({
    id: String(m.DBInstanceIdentifier),
    writer: Boolean(m.IsClusterWriter),
    instance: instances.find(
      i => i.DBInstanceIdentifier === m.DBInstanceIdentifier,
    ),
  }));
}

export function checkInstances(input: CheckInput): HealthCheckResult[] {
  const { instances } = input.observations.aurora;
  const { clusters } = input.observations.aurora;
  if (!clusters.ok) return [unknownBecause(INSTANCES, clusters.failure)];
  if (!instances.ok) return [unknownBecause(INSTANCES, instances.failure)];
  const cluster = findCluster(input, clusters.value);
  if (!cluster) return [verdict(INSTANCES, 'unknown', notFound(input))];
  const members = instancesOf(cluster, instances.value);
  if (members.length === 0) {
    return [
      verdict(
        INSTANCES,
        'critical',
        `Cluster ${cluster.DBClusterIdentifier} has no instances`,
      ),
    ];
  }
  return members.map(({ id, writer, instance }) => {
    const s = spec(`aurora.instance:${id}`, `Instance ${id}`);
    const role = writer ? 'writer' : 'reader';
    if (!instance) {
      return verdict(
        s,
        'warning',
        `${role} ${id} is a cluster member but DescribeDBInstances does not list it`,
        { role },
      );
    }
    const state = instance.DBInstanceStatus;
    return verdict(
      s,
      classify(state, STATES),
      `${role} ${id} (${instance.DBInstanceClass}) is ${state}`,
      {
        role,
        state: state ?? null,
        instanceClass: instance.DBInstanceClass ?? null,
        availabilityZone: instance.AvailabilityZone ?? null,
      },
    );
  });
}

export function checkReaders(input: CheckInput): HealthCheckResult {
  const { clusters, instances } = input.observations.aurora;
  if (!clusters.ok) return unknownBecause(READERS, clusters.failure);
  if (!instances.ok) return unknownBecause(READERS, instances.failure);
  if (!input.registry.ok) {
    return verdict(READERS, 'unknown', input.registry.reason);
  }
  const expected = input.registry.spoke?.aurora;
  if (!expected) {
    return verdict(
      READERS,
      'unknown',
      `Spoke ${input.spoke.name} has no registry entry to compare readers with`,
    );
  }
  const cluster = findCluster(input, clusters.value);
  if (!cluster) return verdict(READERS, 'unknown', notFound(input));
  const readers = instancesOf(cluster, instances.value).filter(m => !m.writer);
  const available = readers.filter(
    r => r.instance?.DBInstanceStatus === 'available',
  ).length;
  const range =
    expected.maxReaders > expected.readers
      ? `${expected.readers} to ${expected.maxReaders}`
      : `${expected.readers}`;
  const details = {
    readers: readers.length,
    available,
    expectedReaders: expected.readers,
    maxReaders: expected.maxReaders,
  };
  if (available < expected.readers) {
    return verdict(
      READERS,
      'warning',
      `${available} of ${plural(
        expected.readers,
        'reader',
      )} available (registry: ${range}); reads fall back to fewer instances`,
      details,
    );
  }
  if (readers.length > expected.maxReaders) {
    return verdict(
      READERS,
      'warning',
      `${plural(
        readers.length,
        'reader',
      )}, more than the registry allows (${range})`,
      details,
    );
  }
  return verdict(
    READERS,
    'ok',
    `${plural(available, 'reader')} available (registry: ${range})`,
    details,
  );
}

export function checkEncryption(input: CheckInput): HealthCheckResult {
  return onCluster(input, ENCRYPTION, cluster =>
    cluster.StorageEncrypted
      ? verdict(ENCRYPTION, 'ok', 'Storage is encrypted', {
          storageEncrypted: true,
        })
      : verdict(
          ENCRYPTION,
          'critical',
          'Storage is not encrypted; the platform requires encryption at rest',
          { storageEncrypted: false },
        ),
  );
}

export function checkIamAuth(input: CheckInput): HealthCheckResult {
  return onCluster(input, IAM_AUTH, cluster =>
    cluster.IAMDatabaseAuthenticationEnabled
      ? verdict(IAM_AUTH, 'ok', 'IAM database authentication is on', {
          enabled: true,
        })
      : verdict(
          IAM_AUTH,
          'warning',
          'IAM database authentication is off; the platform turns it on so services connect without passwords',
          { enabled: false },
        ),
  );
}

export function checkDeletionProtection(input: CheckInput): HealthCheckResult {
  return onCluster(input, DELETION_PROTECTION, cluster => {
    if (!input.registry.ok) {
      return verdict(DELETION_PROTECTION, 'unknown', input.registry.reason);
    }
    const expected = input.registry.spoke?.aurora?.deletionProtection;
    const actual = Boolean(cluster.DeletionProtection);
    const details = { expected: expected ?? null, actual };
    if (expected === undefined) {
      return verdict(
        DELETION_PROTECTION,
        'unknown',
        `Spoke ${input.spoke.name} has no registry entry to compare with`,
        details,
      );
    }
    if (expected === actual) {
      return verdict(
        DELETION_PROTECTION,
        'ok',
        `Deletion protection is ${actual ? 'on' : 'off'}, as the registry says`,
        details,
      );
    }
    return expected
      ? verdict(
          DELETION_PROTECTION,
          'critical',
          'Deletion protection is off but the registry requires it: the cluster can be deleted by mistake',
          details,
        )
      : verdict(
          DELETION_PROTECTION,
          'warning',
          'Deletion protection is on but the registry says off: deploys that replace the cluster will fail',
          details,
        );
  });
}

export function checkSecretRotation(input: CheckInput): HealthCheckResult {
  return onCluster(input, SECRET_ROTATION, cluster => {
    const master = cluster.MasterUserSecret;
    if (!master?.SecretArn) {
      return verdict(
        SECRET_ROTATION,
        'warning',
        'The master password is not managed in Secrets Manager, so it is never rotated',
      );
    }
    const details = {
      secretArn: master.SecretArn,
      secretStatus: master.SecretStatus ?? null,
    };
    if (master.SecretStatus === 'impaired') {
      return verdict(
        SECRET_ROTATION,
        'critical',
        'RDS reports the master secret impaired: it can no longer use or rotate it',
        details,
      );
    }
    const { secret } = input.observations.aurora;
    if (!secret.ok) return unknownBecause(SECRET_ROTATION, secret.failure);
    if (!secret.value) {
      return verdict(
        SECRET_ROTATION,
        'critical',
        `The master secret ${master.SecretArn} does not exist`,
        details,
      );
    }
    const s = secret.value;
    if (s.DeletedDate) {
      return verdict(
        SECRET_ROTATION,
        'critical',
        `The master secret is scheduled for deletion on ${isoDate(
          s.DeletedDate,
        )}: restore it (RestoreSecret) before then, or the cluster loses its managed master password`,
        { ...details, deletionDate: isoDate(s.DeletedDate) ?? null },
      );
    }
    const next = s.NextRotationDate ? new Date(s.NextRotationDate) : undefined;
    const rotationDetails = {
      ...details,
      rotationEnabled: Boolean(s.RotationEnabled),
      lastRotated: isoDate(s.LastRotatedDate) ?? null,
      nextRotation: isoDate(next) ?? null,
    };
    if (!s.RotationEnabled) {
      return verdict(
        SECRET_ROTATION,
        'warning',
        'Rotation of the master secret is off',
        rotationDetails,
      );
    }
    if (
      next &&
      input.now.getTime() - next.getTime() > ROTATION_GRACE_DAYS * DAY_MS
    ) {
      return verdict(
        SECRET_ROTATION,
        'warning',
        `Rotation is overdue: it was due ${isoDate(next)}; last rotated ${
          isoDate(s.LastRotatedDate) ?? 'never'
        }`,
        rotationDetails,
      );
    }
    return verdict(
      SECRET_ROTATION,
      'ok',
      `Rotation is on; last rotated ${
        isoDate(s.LastRotatedDate) ?? 'never'
      }, next ${isoDate(next) ?? 'not scheduled'}`,
      rotationDetails,
    );
  });
}

export function checkMaintenance(input: CheckInput): HealthCheckResult {
  const { pendingMaintenance, instances } = input.observations.aurora;
  if (!pendingMaintenance.ok) {
    return unknownBecause(MAINTENANCE, pendingMaintenance.failure);
  }
  return onCluster(input, MAINTENANCE, cluster => {
    const memberIds = new Set(
      (cluster.DBClusterMembers ?? []).map(m => m.DBInstanceIdentifier),
    );
    const arns = new Set<string>([String(cluster.DBClusterArn)]);
    if (instances.ok) {
      for (const i of instances.value) {
        if (memberIds.has(i.DBInstanceIdentifier) && i.DBInstanceArn) {
          arns.add(i.DBInstanceArn);
        }
      }
    }
    const actions = pendingMaintenance.value
      .filter(p => p.ResourceIdentifier && arns.has(p.ResourceIdentifier))
      .flatMap(p =>
        (p.PendingMaintenanceActionDetails ?? []).map(d => {
          const dates = [
            d.CurrentApplyDate,
            d.AutoAppliedAfterDate,
            d.ForcedApplyDate,
          ]
            .filter((x): x is Date => Boolean(x))
            .map(x => new Date(x));
          const applies = dates.sort((a, b) => a.getTime() - b.getTime())[0];
          return {
            resource: String(p.ResourceIdentifier).split(':').pop() ?? '',
            action: d.Action ?? 'unknown',
            applies,
          };
        }),
      );
    const details = {
      actions: actions.map(a => ({
        resource: a.resource,
        action: a.action,
        applies: isoDate(a.applies) ?? null,
      })),
    };
    if (actions.length === 0) {
      return verdict(MAINTENANCE, 'ok', 'No pending maintenance', details);
    }
    const soon = actions.filter(
      a =>
        a.applies &&
        a.applies.getTime() - input.now.getTime() <=
          MAINTENANCE_WARNING_DAYS * DAY_MS,
    );
    const describe = (list: typeof actions) =>
      list
        .map(
          a =>
            `${a.action} on ${a.resource}${
              a.applies ? ` (applies ${isoDate(a.applies)})` : ''
            }`,
        )
        .join(', ');
    if (soon.length > 0) {
      return verdict(
        MAINTENANCE,
        'warning',
        `Maintenance applies within ${MAINTENANCE_WARNING_DAYS} days: ${describe(
          soon,
        )}`,
        details,
      );
    }
    return verdict(
      MAINTENANCE,
      'ok',
      `${plural(
        actions.length,
        'pending action',
      )}, none due within ${MAINTENANCE_WARNING_DAYS} days: ${describe(
        actions,
      )}`,
      details,
    );
  });
}

const isoTime = (d: Date | undefined) =>
  d ? d.toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined;

/** Backups on, and point-in-time restore reaching close to now. */
export function checkBackups(input: CheckInput): HealthCheckResult {
  return onCluster(input, BACKUPS, cluster => {
    const latest = cluster.LatestRestorableTime
      ? new Date(cluster.LatestRestorableTime)
      : undefined;
    const details = {
      backupRetentionDays: cluster.BackupRetentionPeriod ?? null,
      latestRestorableTime: isoTime(latest) ?? null,
      earliestRestorableTime:
        isoTime(
          cluster.EarliestRestorableTime
            ? new Date(cluster.EarliestRestorableTime)
            : undefined,
        ) ?? null,
    };
    if (!latest) {
      return verdict(
        BACKUPS,
        cluster.Status === 'creating' ? 'warning' : 'critical',
        'The cluster has no restorable point in time: it cannot be restored. Check its backup retention and events',
        details,
      );
    }
    const lag = input.now.getTime() - latest.getTime();
    const hours = Math.floor(lag / 3_600_000);
    const minutes = Math.round(lag / 60_000);
    const ago = hours >= 1 ? plural(hours, 'hour') : plural(minutes, 'minute');
    if (lag > RESTORE_LAG_CRITICAL_MS || lag > RESTORE_LAG_WARNING_MS) {
      return verdict(
        BACKUPS,
        lag > RESTORE_LAG_CRITICAL_MS ? 'critical' : 'warning',
        `Point-in-time restore reaches only ${isoTime(
          latest,
        )} (${ago} ago): backups are not keeping up, a failure now loses that much data. Check the cluster's events`,
        details,
      );
    }
    return verdict(
      BACKUPS,
      'ok',
      `Restorable to ${ago} ago; backups kept ${plural(
        cluster.BackupRetentionPeriod ?? 0,
        'day',
      )}`,
      details,
    );
  });
}

/** The instances' server certificates, and when their CA must be rotated. */
export function checkCertificates(input: CheckInput): HealthCheckResult {
  const { instances } = input.observations.aurora;
  if (!instances.ok) return unknownBecause(CERTIFICATES, instances.failure);
  const mine = instances.value.filter(
    i =>
      i.DBClusterIdentifier === input.spoke.dbClusterIdentifier &&
      i.CertificateDetails?.ValidTill,
  );
  if (!mine.length) {
    return verdict(
      CERTIFICATES,
      'unknown',
      'RDS reports no server certificate for the cluster instances',
    );
  }
  const dated = mine
    .map(i => ({
      id: i.DBInstanceIdentifier ?? '',
      ca: i.CertificateDetails?.CAIdentifier ?? i.CACertificateIdentifier,
      validTill: new Date(i.CertificateDetails!.ValidTill!),
    }))
    .sort((a, b) => a.validTill.getTime() - b.validTill.getTime());
  const first = dated[0];
  const daysLeft = Math.floor(
    (first.validTill.getTime() - input.now.getTime()) / DAY_MS,
  );
  const details = {
    certificates: dated.map(
      d => `${d.id}: ${d.ca ?? '?'} until ${isoDate(d.validTill)}`,
    ),
  };
  const when = `${isoDate(first.validTill)} (${
    daysLeft >= 0 ? `in ${plural(daysLeft, 'day')}` : 'passed'
  })`;
  if (daysLeft <= CERTIFICATE_WARNING_DAYS) {
    return verdict(
      CERTIFICATES,
      daysLeft <= CERTIFICATE_CRITICAL_DAYS ? 'critical' : 'warning',
      `The server certificate of ${first.id} (CA ${
        first.ca ?? 'unknown'
      }) expires ${when}: clients that verify TLS will fail. Rotate to a current CA (ModifyDBInstance --ca-certificate-identifier rds-ca-rsa2048-g1)`,
      details,
    );
  }
  return verdict(
    CERTIFICATES,
    'ok',
    `Server certificates valid until ${isoDate(first.validTill)} at least (CA ${
      first.ca ?? 'unknown'
    })`,
    details,
  );
}

/**
 * The support dates of the cluster's major engine version: standard support, then paid
 * extended support, after which RDS upgrades the cluster by itself.
 */
export function checkEngineSupport(input: CheckInput): HealthCheckResult {
  const { engineSupport } = input.observations.aurora;
  if (!engineSupport.ok)
    return unknownBecause(ENGINE_SUPPORT, engineSupport.failure);
  const major = engineSupport.value;
  if (!major) {
    return verdict(
      ENGINE_SUPPORT,
      'unknown',
      'RDS publishes no support dates for this engine version',
    );
  }
  const phase = (name: string) =>
    major.SupportedEngineLifecycles?.find(l => l.LifecycleSupportName === name);
  const standard = phase('open-source-rds-standard-support');
  const extended = phase('open-source-rds-extended-support');
  const standardEnd = standard?.LifecycleSupportEndDate
    ? new Date(standard.LifecycleSupportEndDate)
    : undefined;
  const extendedEnd = extended?.LifecycleSupportEndDate
    ? new Date(extended.LifecycleSupportEndDate)
    : undefined;
  const now = input.now.getTime();
  const days = (d: Date) => Math.ceil((d.getTime() - now) / DAY_MS);
  const name = `${major.Engine} ${major.MajorEngineVersion}`;
  const details = {
    engine: major.Engine ?? null,
    majorVersion: major.MajorEngineVersion ?? null,
    endOfStandardSupport: isoDate(standardEnd) ?? null,
    endOfExtendedSupport: isoDate(extendedEnd) ?? null,
  };
  if (!standardEnd) {
    return verdict(
      ENGINE_SUPPORT,
      'unknown',
      `RDS publishes no end of standard support for ${name}`,
      details,
    );
  }
  const lastDay = extendedEnd ?? standardEnd;
  if (days(lastDay) <= ENGINE_SUPPORT_CRITICAL_DAYS && days(standardEnd) <= 0) {
    return verdict(
      ENGINE_SUPPORT,
      'critical',
      `${name} leaves extended support ${isoDate(lastDay)} (${
        days(lastDay) > 0 ? `in ${plural(days(lastDay), 'day')}` : 'passed'
      }): RDS then upgrades the cluster to a supported major version by itself. Upgrade it now (change engineVersion in the registry)`,
      details,
    );
  }
  if (days(standardEnd) <= 0) {
    return verdict(
      ENGINE_SUPPORT,
      'warning',
      `${name} is in extended support (charged per vCPU-hour) since ${isoDate(
        standardEnd,
      )}, until ${isoDate(lastDay)}: upgrade to a supported major version`,
      details,
    );
  }
  if (days(standardEnd) <= ENGINE_SUPPORT_WARNING_DAYS) {
    return verdict(
      ENGINE_SUPPORT,
      'warning',
      `Standard support for ${name} ends ${isoDate(standardEnd)} (in ${plural(
        days(standardEnd),
        'day',
      )}); extended support after that is charged. Plan the major version upgrade`,
      details,
    );
  }
  return verdict(
    ENGINE_SUPPORT,
    'ok',
    `${name} is in standard support until ${isoDate(standardEnd)}`,
    details,
  );
}

/** Every Aurora check of a spoke. */
export function auroraChecks(input: CheckInput): HealthCheckResult[] {
  return [
    checkClusterStatus(input),
    checkWriter(input),
    ...checkInstances(input),
    checkReaders(input),
    checkEncryption(input),
    checkIamAuth(input),
    checkDeletionProtection(input),
    checkSecretRotation(input),
    checkMaintenance(input),
    checkBackups(input),
    checkCertificates(input),
    checkEngineSupport(input),
    checkReplicaLag(input),
  ];
}
