import { failure, healthyInput, NOW } from '../../__testUtils__/checkInput';
import { observed } from '../observations';
import {
  checkBackups,
  checkCertificates,
  checkClusterStatus,
  checkEngineSupport,
  checkDeletionProtection,
  checkEncryption,
  checkIamAuth,
  checkInstances,
  checkMaintenance,
  checkReaders,
  checkSecretRotation,
  checkWriter,
} from './aurora';
import { byId, valueOf } from './testHelpers';

type Input = ReturnType<typeof healthyInput>;
const cluster = (i: Input) => valueOf(i.observations.aurora.clusters)[0];
const instance = (i: Input, id: string) =>
  valueOf(i.observations.aurora.instances).find(
    x => x.DBInstanceIdentifier === id,
  )!;
const secret = (i: Input) => valueOf(i.observations.aurora.secret)!;
const DAY = 24 * 60 * 60 * 1000;

describe('Aurora cluster status', () => {
  it('is ok when available', () => {
    expect(checkClusterStatus(healthyInput())).toMatchObject({
      id: 'aurora.cluster-status',
      component: 'aurora',
      status: 'ok',
      summary: 'Cluster staging-aurora is available',
    });
  });

  it('warns while failing over or upgrading', () => {
    const input = healthyInput();
    cluster(input).Status = 'failing-over';
    expect(checkClusterStatus(input).status).toBe('warning');
  });

  it('is critical when stopped or its key is inaccessible', () => {
    const input = healthyInput();
    cluster(input).Status = 'inaccessible-encryption-credentials';
    expect(checkClusterStatus(input).status).toBe('critical');
  });

  it('is critical when the cluster does not exist', () => {
    const input = healthyInput();
    input.observations.aurora.clusters = observed([]);
    expect(checkClusterStatus(input)).toMatchObject({
      status: 'critical',
      summary:
        'Cluster staging-aurora not found in account 333344445555 (ap-southeast-3)',
    });
  });

  it('is unknown when DescribeDBClusters failed', () => {
    const input = healthyInput();
    input.observations.aurora.clusters = failure({
      kind: 'throttled',
      reason: 'rds:DescribeDBClusters was throttled',
    });
    expect(checkClusterStatus(input)).toMatchObject({
      status: 'unknown',
      summary: 'rds:DescribeDBClusters was throttled',
    });
  });
});

describe('Aurora writer', () => {
  it('is ok with a writer', () => {
    expect(checkWriter(healthyInput()).summary).toBe(
      'Writer is staging-aurora-writer',
    );
  });

  it('is critical without a writer', () => {
    const input = healthyInput();
    cluster(input).DBClusterMembers!.forEach(m => {
      m.IsClusterWriter = false;
    });
    expect(checkWriter(input).status).toBe('critical');
  });

  it('is unknown when the cluster cannot be read or found', () => {
    const input = healthyInput();
    input.observations.aurora.clusters = observed([]);
    expect(checkWriter(input).status).toBe('unknown');
  });
});

describe('Aurora instances', () => {
  it('is ok for each available instance', () => {
    const results = checkInstances(healthyInput());
    expect(results.map(r => [r.id, r.status])).toEqual([
      ['aurora.instance:staging-aurora-writer', 'ok'],
      ['aurora.instance:staging-aurora-reader-1', 'ok'],
    ]);
  });

  it('warns while the writer is failing over', () => {
    const input = healthyInput();
    instance(input, 'staging-aurora-writer').DBInstanceStatus = 'failing-over';
    expect(
      byId(checkInstances(input), 'aurora.instance:staging-aurora-writer'),
    ).toMatchObject({
      status: 'warning',
      summary: 'writer staging-aurora-writer (db.r6g.large) is failing-over',
    });
  });

  it('is critical when an instance ran out of storage', () => {
    const input = healthyInput();
    instance(input, 'staging-aurora-reader-1').DBInstanceStatus =
      'storage-full';
    expect(
      byId(checkInstances(input), 'aurora.instance:staging-aurora-reader-1')
        .status,
    ).toBe('critical');
  });

  it('warns when a member is not among the instances, and is critical with no members', () => {
    const input = healthyInput();
    input.observations.aurora.instances = observed([]);
    expect(checkInstances(input).every(r => r.status === 'warning')).toBe(true);
    cluster(input).DBClusterMembers = [];
    expect(checkInstances(input)).toEqual([
      expect.objectContaining({ id: 'aurora.instances', status: 'critical' }),
    ]);
  });

  it('is unknown when DescribeDBInstances failed', () => {
    const input = healthyInput();
    input.observations.aurora.instances = failure();
    expect(checkInstances(input)).toEqual([
      expect.objectContaining({ id: 'aurora.instances', status: 'unknown' }),
    ]);
  });
});

describe('Aurora readers versus the registry', () => {
  it('is ok with as many available readers as the registry asks', () => {
    expect(checkReaders(healthyInput())).toMatchObject({
      status: 'ok',
      summary: '1 reader available (registry: 1)',
    });
  });

  it('warns when fewer readers are available', () => {
    const input = healthyInput();
    instance(input, 'staging-aurora-reader-1').DBInstanceStatus = 'rebooting';
    expect(checkReaders(input)).toMatchObject({
      status: 'warning',
      summary:
        '0 of 1 reader available (registry: 1); reads fall back to fewer instances',
    });
  });

  it('warns when there are more readers than the registry allows', () => {
    const input = healthyInput();
    cluster(input).DBClusterMembers!.push({
      DBInstanceIdentifier: 'extra',
      IsClusterWriter: false,
    });
    expect(checkReaders(input).status).toBe('warning');
  });

  it('is unknown without a registry entry to compare with', () => {
    const input = healthyInput();
    input.registry = { ok: false, reason: 'The registry could not be read' };
    expect(checkReaders(input)).toMatchObject({
      status: 'unknown',
      summary: 'The registry could not be read',
    });
    const noEntry = healthyInput();
    if (noEntry.registry.ok) noEntry.registry.spoke = undefined;
    expect(checkReaders(noEntry).status).toBe('unknown');
  });
});

describe('Aurora encryption, IAM auth and deletion protection', () => {
  it('is ok as the platform and the registry want them', () => {
    const input = healthyInput();
    expect(checkEncryption(input).status).toBe('ok');
    expect(checkIamAuth(input).status).toBe('ok');
    expect(checkDeletionProtection(input)).toMatchObject({
      status: 'ok',
      summary: 'Deletion protection is off, as the registry says',
    });
  });

  it('is critical without encryption and warns without IAM auth', () => {
    const input = healthyInput();
    cluster(input).StorageEncrypted = false;
    cluster(input).IAMDatabaseAuthenticationEnabled = false;
    expect(checkEncryption(input).status).toBe('critical');
    expect(checkIamAuth(input).status).toBe('warning');
  });

  it('is critical when prod lost deletion protection', () => {
    const input = healthyInput('prod');
    cluster(input).DeletionProtection = false;
    expect(checkDeletionProtection(input).status).toBe('critical');
  });

  it('warns when deletion protection is on but the registry says off', () => {
    const input = healthyInput('staging');
    cluster(input).DeletionProtection = true;
    expect(checkDeletionProtection(input).status).toBe('warning');
  });

  it('is unknown without the registry', () => {
    const input = healthyInput();
    input.registry = { ok: false, reason: 'no registry' };
    expect(checkDeletionProtection(input).status).toBe('unknown');
  });
});

describe('Aurora master secret rotation', () => {
  it('is ok when rotation is on and on time', () => {
    expect(checkSecretRotation(healthyInput())).toMatchObject({
      status: 'ok',
      summary: 'Rotation is on; last rotated 2026-02-27, next 2026-03-06',
    });
  });

  it('warns when rotation is off', () => {
    const input = healthyInput();
    secret(input).RotationEnabled = false;
    expect(checkSecretRotation(input)).toMatchObject({
      status: 'warning',
      summary: 'Rotation of the master secret is off',
    });
  });

  it('warns when rotation is overdue', () => {
    const input = healthyInput();
    secret(input).NextRotationDate = new Date(NOW.getTime() - 3 * DAY);
    expect(checkSecretRotation(input).summary).toMatch(
      /^Rotation is overdue: it was due 2026-02-26/,
    );
  });

  it('warns when the master password is not managed by Secrets Manager', () => {
    const input = healthyInput();
    cluster(input).MasterUserSecret = undefined;
    expect(checkSecretRotation(input).status).toBe('warning');
  });

  it('is critical when the secret is impaired or gone', () => {
    const impaired = healthyInput();
    cluster(impaired).MasterUserSecret!.SecretStatus = 'impaired';
    expect(checkSecretRotation(impaired).status).toBe('critical');
    const gone = healthyInput();
    gone.observations.aurora.secret = observed(undefined);
    expect(checkSecretRotation(gone).status).toBe('critical');
  });

  it('is unknown when DescribeSecret hung', () => {
    const input = healthyInput();
    input.observations.aurora.secret = failure({
      kind: 'timeout',
      operation: 'secretsmanager:DescribeSecret',
      reason: 'secretsmanager:DescribeSecret timed out',
    });
    expect(checkSecretRotation(input)).toMatchObject({
      status: 'unknown',
      summary: 'secretsmanager:DescribeSecret timed out',
    });
  });
});

describe('Aurora pending maintenance', () => {
  const pending = (date?: Date) =>
    observed([
      {
        ResourceIdentifier:
          'arn:aws:rds:ap-southeast-3:333344445555:db:staging-aurora-writer',
        PendingMaintenanceActionDetails: [
          { Action: 'system-update', AutoAppliedAfterDate: date },
        ],
      },
      {
        ResourceIdentifier:
          'arn:aws:rds:ap-southeast-3:999999999999:db:someone-else',
        PendingMaintenanceActionDetails: [{ Action: 'system-update' }],
      },
    ]);

  it('is ok with nothing pending', () => {
    expect(checkMaintenance(healthyInput()).summary).toBe(
      'No pending maintenance',
    );
  });

  it('is ok when pending maintenance is not due soon, and names it', () => {
    const input = healthyInput();
    input.observations.aurora.pendingMaintenance = pending(
      new Date(NOW.getTime() + 30 * DAY),
    );
    expect(checkMaintenance(input)).toMatchObject({
      status: 'ok',
      summary:
        '1 pending action, none due within 7 days: system-update on staging-aurora-writer (applies 2026-03-31)',
    });
  });

  it('warns when maintenance applies within 7 days', () => {
    const input = healthyInput();
    input.observations.aurora.pendingMaintenance = pending(
      new Date(NOW.getTime() + 2 * DAY),
    );
    expect(checkMaintenance(input)).toMatchObject({
      status: 'warning',
      summary:
        'Maintenance applies within 7 days: system-update on staging-aurora-writer (applies 2026-03-03)',
    });
  });

  it('is unknown when the maintenance listing failed', () => {
    const input = healthyInput();
    input.observations.aurora.pendingMaintenance = failure();
    expect(checkMaintenance(input).status).toBe('unknown');
  });
});

describe('Aurora backups', () => {
  it('is ok when point-in-time restore reaches minutes back', () => {
    expect(checkBackups(healthyInput())).toMatchObject({
      id: 'aurora.backups',
      status: 'ok',
      summary: 'Restorable to 5 minutes ago; backups kept 7 days',
    });
  });

  it('warns after an hour without a restorable point and is critical after a day', () => {
    const input = healthyInput();
    cluster(input).LatestRestorableTime = new Date(
      NOW.getTime() - 3 * 3_600_000,
    );
    expect(checkBackups(input)).toMatchObject({
      status: 'warning',
      summary:
        "Point-in-time restore reaches only 2026-02-28T21:00:00Z (3 hours ago): backups are not keeping up, a failure now loses that much data. Check the cluster's events",
    });
    cluster(input).LatestRestorableTime = new Date(NOW.getTime() - 2 * DAY);
    expect(checkBackups(input).status).toBe('critical');
    cluster(input).LatestRestorableTime = undefined;
    expect(checkBackups(input)).toMatchObject({
      status: 'critical',
      summary:
        'The cluster has no restorable point in time: it cannot be restored. Check its backup retention and events',
    });
  });
});

describe('Aurora TLS certificates', () => {
  it('is ok when every server certificate is far from expiry', () => {
    expect(checkCertificates(healthyInput())).toMatchObject({
      id: 'aurora.certificates',
      status: 'ok',
      summary:
        'Server certificates valid until 2027-03-01 at least (CA rds-ca-rsa2048-g1)',
    });
  });

  it('warns 60 days ahead and is critical a week ahead, naming the instance and the rotation', () => {
    const input = healthyInput();
    const reader = instance(input, 'staging-aurora-reader-1');
    reader.CertificateDetails = {
      CAIdentifier: 'rds-ca-2019',
      ValidTill: new Date(NOW.getTime() + 30 * DAY),
    };
    expect(checkCertificates(input)).toMatchObject({
      status: 'warning',
      summary:
        'The server certificate of staging-aurora-reader-1 (CA rds-ca-2019) expires 2026-03-31 (in 30 days): clients that verify TLS will fail. Rotate to a current CA (ModifyDBInstance --ca-certificate-identifier rds-ca-rsa2048-g1)',
    });
    reader.CertificateDetails.ValidTill = new Date(NOW.getTime() - DAY);
    expect(checkCertificates(input).status).toBe('critical');
    expect(checkCertificates(input).summary).toContain('(passed)');
  });

  it('is unknown when the instances could not be read', () => {
    const input = healthyInput();
    input.observations.aurora.instances = failure({ reason: 'denied' });
    expect(checkCertificates(input).status).toBe('unknown');
  });
});

describe('master secret scheduled for deletion', () => {
  it('is critical with the deletion date and how to undo it', () => {
    const input = healthyInput();
    secret(input).DeletedDate = new Date(NOW.getTime() + 7 * DAY);
    expect(checkSecretRotation(input)).toMatchObject({
      status: 'critical',
      summary:
        'The master secret is scheduled for deletion on 2026-03-08: restore it (RestoreSecret) before then, or the cluster loses its managed master password',
    });
  });
});

describe('Aurora engine version support', () => {
  it('is ok in standard support', () => {
    expect(checkEngineSupport(healthyInput())).toMatchObject({
      id: 'aurora.engine-support',
      status: 'ok',
      summary: 'aurora-mysql 8.0 is in standard support until 2028-04-30',
    });
  });

  it('warns 180 days before standard support ends, and through extended support', () => {
    const input = healthyInput();
    input.now = new Date('2028-01-01T00:00:00Z');
    expect(checkEngineSupport(input)).toMatchObject({
      status: 'warning',
      summary:
        'Standard support for aurora-mysql 8.0 ends 2028-04-30 (in 120 days); extended support after that is charged. Plan the major version upgrade',
    });
    input.now = new Date('2028-06-01T00:00:00Z');
    expect(checkEngineSupport(input)).toMatchObject({
      status: 'warning',
      summary:
        'aurora-mysql 8.0 is in extended support (charged per vCPU-hour) since 2028-04-30, until 2029-04-30: upgrade to a supported major version',
    });
  });

  it('is critical 60 days before extended support ends, when RDS upgrades by itself', () => {
    const input = healthyInput();
    input.now = new Date('2029-03-31T00:00:00Z');
    expect(checkEngineSupport(input)).toMatchObject({
      status: 'critical',
      summary:
        'aurora-mysql 8.0 leaves extended support 2029-04-30 (in 30 days): RDS then upgrades the cluster to a supported major version by itself. Upgrade it now (change engineVersion in the registry)',
    });
  });

  it('is unknown when RDS publishes no dates, or could not be asked', () => {
    const input = healthyInput();
    input.observations.aurora.engineSupport = observed(undefined);
    expect(checkEngineSupport(input).status).toBe('unknown');
    input.observations.aurora.engineSupport = failure({ reason: 'denied' });
    expect(checkEngineSupport(input).summary).toBe('denied');
  });
});
