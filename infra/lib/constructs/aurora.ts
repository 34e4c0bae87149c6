import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { auroraBaseline, clientSecurityGroup } from './database-baseline';

/** Properties for {@link AuroraMysql}. */
export interface AuroraMysqlProps {
  /** The spoke VPC. */
  /** DB cluster identifier; spoke health and the catalog look the cluster up by it. */
  readonly clusterIdentifier: string;
  readonly vpc: ec2.IVpc;
  /** The isolated database subnets. */
  readonly subnets: ec2.ISubnet[];
  /** Full Aurora MySQL engine version, e.g. `8.0.mysql_aurora.3.08.0`. */
  readonly engineVersion: string;
  /** Instance class, e.g. `db.r6g.large`. */
  readonly instanceClass: string;
  /** Provisioned readers (0 or more); auto scaling adds readers above this. */
  readonly readers: number;
  /**
   * The most readers auto scaling may run; equal to `readers` turns it off.
   * @default readers
   */
  readonly maxReaders?: number;
  /** Whether the cluster is protected against deletion (true for prod). */
  readonly deletionProtection: boolean;
  /** CIDRs allowed to connect on the MySQL port (the node subnets). */
  readonly clientCidrs: string[];
  /**
   * Days of automated backups.
   * @default 7 (35 when deletion protection is on)
   */
  readonly backupRetentionDays?: number;
  /**
   * Turn on the RDS Data API, through which the stack creates service schemas and
   * IAM-authenticated users (see `ServiceRuntime`).
   * @default false
   */
  readonly enableDataApi?: boolean;
  /**
   * Retention of the exported audit, error and slow query log groups, created here
   * so RDS does not create them with no expiry.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

/** The log types the cluster exports to CloudWatch Logs. */
export const AURORA_LOG_EXPORTS = ['audit', 'error', 'slowquery'] as const;

/**
 * Aurora MySQL in the isolated subnets: KMS encryption, IAM authentication, an RDS
 * managed master secret (rotated by RDS), Performance Insights, audit logs exported
 * to CloudWatch, backups, deletion protection per registry, and reader auto scaling.
 */
export class AuroraMysql extends Construct {
  readonly cluster: rds.DatabaseCluster;
  readonly key: kms.Key;
  /** ARN of the RDS-managed master user secret. */
  readonly secretArn: string;
  /** The exported log groups by log type. */
  readonly logGroups: Record<string, logs.LogGroup>;

  constructor(scope: Construct, id: string, props: AuroraMysqlProps) {
    super(scope, id);
    if (!Number.isInteger(props.readers) || props.readers < 0) {
      throw new Error(
        `AuroraMysql: readers must be a whole number >= 0, got ${props.readers}`,
      );
    }
    const maxReaders = props.maxReaders ?? props.readers;
    if (maxReaders < props.readers) {
      throw new Error(
        `AuroraMysql: maxReaders (${maxReaders}) is below readers (${props.readers})`,
      );
    }
    this.key = new kms.Key(this, 'Key', {
      description:
        'Encrypts the Aurora cluster, its backups and Performance Insights',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const securityGroup = clientSecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'MySQL from the node subnets',
      clientCidrs: props.clientCidrs,
      port: 3306,
      label: 'MySQL',
    });
    const major = /^(\d+\.\d+)\.mysql_aurora\.\d+\.\d+\.\d+$/.exec(
      props.engineVersion,
    );
    if (!major) {
      throw new Error(
        `AuroraMysql: engineVersion '${props.engineVersion}' is not a full Aurora MySQL version such as 8.0.mysql_aurora.3.08.0`,
      );
    }
    const engine = rds.DatabaseClusterEngine.auroraMysql({
      version: rds.AuroraMysqlEngineVersion.of(props.engineVersion, major[1]),
    });
    const instanceType = new ec2.InstanceType(
      props.instanceClass.replace(/^db\./, ''),
    );
    const instance = (name: string) =>
      rds.ClusterInstance.provisioned(name, {
        instanceType,
        enablePerformanceInsights: true,
        performanceInsightEncryptionKey: this.key,
        autoMinorVersionUpgrade: true,
      });
    this.cluster = new rds.DatabaseCluster(this, 'Cluster', {
      clusterIdentifier: props.clusterIdentifier,
      engine,
      vpc: props.vpc,
      vpcSubnets: { subnets: props.subnets },
      securityGroups: [securityGroup],
      writer: instance('Writer'),
      readers: Array.from({ length: props.readers }, (_, i) =>
        instance(`Reader${i + 1}`),
      ),
      ...auroraBaseline({
        key: this.key,
        deletionProtection: props.deletionProtection,
        backupRetentionDays: props.backupRetentionDays,
      }),
      enableDataApi: props.enableDataApi || undefined,
      cloudwatchLogsExports: [...AURORA_LOG_EXPORTS],
      parameters: {
        server_audit_logging: '1',
        server_audit_events: 'CONNECT,QUERY_DDL,QUERY_DCL',
        require_secure_transport: 'ON',
      },
    });
    this.logGroups = {};
    for (const type of AURORA_LOG_EXPORTS) {
      const group = new logs.LogGroup(this, `Logs${type}`, {
        logGroupName: `/aws/rds/cluster/${props.clusterIdentifier}/${type}`,
        retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      this.cluster.node.addDependency(group);
      this.logGroups[type] = group;
    }
    const cfnCluster = this.cluster.node.defaultChild as rds.CfnDBCluster;
    this.secretArn = cfnCluster.attrMasterUserSecretSecretArn;

    Validations.of(this.cluster).acknowledge(
      {
        id: 'AwsSolutions-RDS11',
        reason:
          'The cluster keeps the standard MySQL port because it is reachable only from the node subnets and a different port adds no protection.',
      },
      {
        id: 'AwsSolutions-RDS14',
        reason:
          'Recovery relies on automated backups with point-in-time restore; backtrack is not enabled because it cannot be turned on later without a restore and adds cost to every write.',
      },
      ...(props.deletionProtection
        ? []
        : [
            {
              id: 'AwsSolutions-RDS10',
              reason:
                'Deletion protection follows the registry, which turns it off for non-production spokes so they can be torn down; production spokes always have it on.',
            },
          ]),
    );

    if (props.readers > 0 && maxReaders > props.readers) {
      // Aurora auto scaling needs at least one provisioned reader to clone.
      const target = new appscaling.ScalableTarget(this, 'ReaderScaling', {
        serviceNamespace: appscaling.ServiceNamespace.RDS,
        scalableDimension: 'rds:cluster:ReadReplicaCount',
        resourceId: `cluster:${this.cluster.clusterIdentifier}`,
        minCapacity: props.readers,
        maxCapacity: maxReaders,
      });
      target.scaleToTrackMetric('ReaderCpu', {
        predefinedMetric:
          appscaling.PredefinedMetric.RDS_READER_AVERAGE_CPU_UTILIZATION,
        targetValue: 70,
        scaleInCooldown: Duration.minutes(10),
        scaleOutCooldown: Duration.minutes(5),
      });
    }
  }
}
