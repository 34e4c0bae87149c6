import {
  DBClusterNotFoundFault,
  DBInstanceNotFoundFault,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBMajorEngineVersionsCommand,
  DescribePendingMaintenanceActionsCommand,
  paginateDescribeDBInstances,
  ResourceNotFoundFault,
} from '@aws-sdk/client-rds';
import { AwsLocal } from '../server';
import { clients, spoke, spokeClients, startLocal } from '../__testUtils__';

describe('rds', () => {
  let aws: AwsLocal;
  let rds: ReturnType<typeof clients>['rds'];
  const prod = spoke('prod');
  const clusterArn = `arn:aws:rds:${prod.region}:${prod.account}:cluster:prod-aurora`;
  beforeAll(async () => {
    aws = await startLocal();
    rds = spokeClients(aws, 'prod').rds;
  });
  afterEach(() => aws.control.reset());
  afterAll(() => aws.stop());

  it('describes the seeded Aurora cluster as the registry says', async () => {
    const { DBClusters } = await rds.send(new DescribeDBClustersCommand({}));
    expect(DBClusters).toHaveLength(1);
    const [cluster] = DBClusters!;
    expect(cluster).toMatchObject({
      DBClusterIdentifier: 'prod-aurora',
      DBClusterArn: clusterArn,
      Status: 'available',
      Engine: 'aurora-mysql',
      EngineVersion: prod.aurora.engineVersion,
      StorageEncrypted: true,
      IAMDatabaseAuthenticationEnabled: true,
      DeletionProtection: true,
      MasterUserSecret: { SecretStatus: 'active' },
      TagList: [{ Key: 'platform.io/spoke', Value: 'prod' }],
    });
    expect(cluster.DBClusterMembers).toEqual([
      expect.objectContaining({
        DBInstanceIdentifier: 'prod-aurora-writer',
        IsClusterWriter: true,
      }),
      expect.objectContaining({
        DBInstanceIdentifier: 'prod-aurora-reader-1',
        IsClusterWriter: false,
      }),
    ]);
    expect(cluster.DBClusterMembers).toHaveLength(1 + prod.aurora.readers);
    expect(cluster.ClusterCreateTime).toBeInstanceOf(Date);
    expect(cluster.AvailabilityZones).toEqual(prod.network.availabilityZones);
  });

  it('answers restorable times and server certificates as AWS computes them, unless set', async () => {
    const before = Date.now();
    const [cluster] = (await rds.send(new DescribeDBClustersCommand({})))
      .DBClusters!;
    expect(cluster.LatestRestorableTime!.getTime()).toBeGreaterThanOrEqual(
      before - 5 * 60_000 - 1000,
    );
    expect(cluster.LatestRestorableTime!.getTime()).toBeLessThan(before);
    const [writer] = (
      await rds.send(
        new DescribeDBInstancesCommand({
          DBInstanceIdentifier: 'prod-aurora-writer',
        }),
      )
    ).DBInstances!;
    expect(writer.CACertificateIdentifier).toBe('rds-ca-rsa2048-g1');
    expect(writer.CertificateDetails!.ValidTill!.getTime()).toBeGreaterThan(
      before + 300 * 24 * 3_600_000,
    );
    aws.control.update(
      { kind: 'rds-instance', id: 'prod-aurora-writer' },
      {
        CertificateDetails: {
          CAIdentifier: 'rds-ca-2019',
          ValidTill: '2024-08-22T17:08:50Z',
        },
      },
    );
    aws.control.update(
      { kind: 'rds-cluster', id: 'prod-aurora' },
      { LatestRestorableTime: '2026-01-01T00:00:00Z' },
    );
    const set = (
      await rds.send(
        new DescribeDBInstancesCommand({
          DBInstanceIdentifier: 'prod-aurora-writer',
        }),
      )
    ).DBInstances![0];
    expect(set.CertificateDetails).toEqual({
      CAIdentifier: 'rds-ca-2019',
      ValidTill: new Date('2024-08-22T17:08:50Z'),
    });
    const again = (await rds.send(new DescribeDBClustersCommand({})))
      .DBClusters![0];
    expect(again.LatestRestorableTime).toEqual(
      new Date('2026-01-01T00:00:00Z'),
    );
  });

  it('publishes the support dates of the Aurora MySQL major versions', async () => {
    const { DBMajorEngineVersions } = await rds.send(
      new DescribeDBMajorEngineVersionsCommand({
        Engine: 'aurora-mysql',
        MajorEngineVersion: '8.0',
      }),
    );
    expect(DBMajorEngineVersions).toEqual([
      {
        Engine: 'aurora-mysql',
        MajorEngineVersion: '8.0',
        SupportedEngineLifecycles: [
          {
            LifecycleSupportName: 'open-source-rds-standard-support',
            LifecycleSupportStartDate: new Date('2021-11-18T00:00:00Z'),
            LifecycleSupportEndDate: new Date('2028-04-30T00:00:00Z'),
          },
          {
            LifecycleSupportName: 'open-source-rds-extended-support',
            LifecycleSupportStartDate: new Date('2028-04-30T00:00:00Z'),
            LifecycleSupportEndDate: new Date('2029-04-30T00:00:00Z'),
          },
        ],
      },
    ]);
    const all = await rds.send(
      new DescribeDBMajorEngineVersionsCommand({ Engine: 'aurora-mysql' }),
    );
    expect(all.DBMajorEngineVersions!.map(v => v.MajorEngineVersion)).toEqual([
      '5.7',
      '8.0',
    ]);
  });

  it('follows deletion protection from the registry per spoke', async () => {
    const { DBClusters } = await spokeClients(aws, 'dev').rds.send(
      new DescribeDBClustersCommand({ DBClusterIdentifier: 'dev-aurora' }),
    );
    expect(DBClusters![0].DeletionProtection).toBe(false);
  });

  it('finds a cluster by identifier, ARN and db-cluster-id filter', async () => {
    for (const input of [
      { DBClusterIdentifier: 'prod-aurora' },
      { DBClusterIdentifier: clusterArn },
      { Filters: [{ Name: 'db-cluster-id', Values: [clusterArn] }] },
      { Filters: [{ Name: 'engine', Values: ['aurora-mysql'] }] },
    ]) {
      const { DBClusters } = await rds.send(
        new DescribeDBClustersCommand(input),
      );
      expect(DBClusters!.map(c => c.DBClusterIdentifier)).toEqual([
        'prod-aurora',
      ]);
    }
    const none = await rds.send(
      new DescribeDBClustersCommand({
        Filters: [{ Name: 'db-cluster-id', Values: ['dev-aurora'] }],
      }),
    );
    expect(none.DBClusters).toEqual([]);
  });

  it('raises DBClusterNotFoundFault for an unknown cluster', async () => {
    const error = await rds
      .send(new DescribeDBClustersCommand({ DBClusterIdentifier: 'nope' }))
      .catch(e => e);
    expect(error).toBeInstanceOf(DBClusterNotFoundFault);
    expect(error.message).toBe('DBCluster nope not found.');
    expect(error.$metadata.httpStatusCode).toBe(404);
  });

  it('raises InvalidParameterValue for an unknown filter or MaxRecords below 20', async () => {
    await expect(
      rds.send(
        new DescribeDBClustersCommand({
          Filters: [{ Name: 'colour', Values: ['x'] }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(
      rds.send(new DescribeDBInstancesCommand({ MaxRecords: 5 })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('describes the writer and readers of a cluster', async () => {
    const { DBInstances } = await rds.send(
      new DescribeDBInstancesCommand({
        Filters: [{ Name: 'db-cluster-id', Values: ['prod-aurora'] }],
      }),
    );
    expect(
      DBInstances!.map(i => [i.DBInstanceIdentifier, i.DBInstanceStatus]),
    ).toEqual([
      ['prod-aurora-writer', 'available'],
      ['prod-aurora-reader-1', 'available'],
    ]);
    expect(DBInstances![0]).toMatchObject({
      DBInstanceClass: prod.aurora.instanceClass,
      DBClusterIdentifier: 'prod-aurora',
      StorageEncrypted: true,
      Endpoint: { Port: 3306 },
      VpcSecurityGroups: [expect.objectContaining({ Status: 'active' })],
    });
    const one = await rds.send(
      new DescribeDBInstancesCommand({
        DBInstanceIdentifier: 'prod-aurora-writer',
      }),
    );
    expect(one.DBInstances).toHaveLength(1);
  });

  it('raises DBInstanceNotFoundFault for an unknown instance', async () => {
    await expect(
      rds.send(
        new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'ghost' }),
      ),
    ).rejects.toBeInstanceOf(DBInstanceNotFoundFault);
  });

  it('pages instances with Marker and MaxRecords', async () => {
    for (let i = 0; i < 23; i++) {
      aws.control.create({
        kind: 'rds-instance',
        account: prod.account,
        region: prod.region,
        resource: {
          DBInstanceIdentifier: `extra-${i}`,
          DBInstanceArn: `arn:aws:rds:${prod.region}:${prod.account}:db:extra-${i}`,
          DbiResourceId: `db-EXTRA${i}`,
          DBInstanceClass: 'db.t4g.medium',
          DBInstanceStatus: 'available',
          Engine: 'mysql',
          EngineVersion: '8.0.40',
          TagList: [],
        },
      });
    }
    const first = await rds.send(
      new DescribeDBInstancesCommand({ MaxRecords: 20 }),
    );
    expect(first.DBInstances).toHaveLength(20);
    expect(first.Marker).toBeTruthy();
    const ids: string[] = [];
    for await (const page of paginateDescribeDBInstances(
      { client: rds, pageSize: 20 },
      {},
    )) {
      ids.push(...page.DBInstances!.map(i => i.DBInstanceIdentifier!));
    }
    expect(ids).toHaveLength(25);
  });

  it('reports pending maintenance, filtered by cluster', async () => {
    const empty = await rds.send(
      new DescribePendingMaintenanceActionsCommand({}),
    );
    expect(empty.PendingMaintenanceActions).toEqual([]);
    const writerArn = `arn:aws:rds:${prod.region}:${prod.account}:db:prod-aurora-writer`;
    aws.control.create({
      kind: 'rds-pending-maintenance',
      account: prod.account,
      region: prod.region,
      resource: {
        ResourceIdentifier: writerArn,
        PendingMaintenanceActionDetails: [
          {
            Action: 'system-update',
            Description: 'New Operating System update is available',
            AutoAppliedAfterDate: '2026-12-01T00:00:00Z',
          },
        ],
      },
    });
    const { PendingMaintenanceActions } = await rds.send(
      new DescribePendingMaintenanceActionsCommand({
        Filters: [{ Name: 'db-cluster-id', Values: [clusterArn] }],
      }),
    );
    expect(PendingMaintenanceActions).toEqual([
      {
        ResourceIdentifier: writerArn,
        PendingMaintenanceActionDetails: [
          {
            Action: 'system-update',
            Description: 'New Operating System update is available',
            AutoAppliedAfterDate: new Date('2026-12-01T00:00:00Z'),
          },
        ],
      },
    ]);
    const byInstance = await rds.send(
      new DescribePendingMaintenanceActionsCommand({
        ResourceIdentifier: writerArn,
      }),
    );
    expect(byInstance.PendingMaintenanceActions).toHaveLength(1);
  });

  it('raises ResourceNotFoundFault for maintenance of an unknown resource', async () => {
    await expect(
      rds.send(
        new DescribePendingMaintenanceActionsCommand({
          ResourceIdentifier: `arn:aws:rds:${prod.region}:${prod.account}:cluster:nope`,
        }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundFault);
  });
});
