import {
  ArnFormat,
  Duration,
  RemovalPolicy,
  SecretValue,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { AwsCall } from './aws-call';
import { databaseGrants, PasswordDatabaseUser } from './database-user';
import { checkServiceName } from './service-image';

export {
  ServiceImage,
  ServiceImageMirror,
  checkServiceName,
} from './service-image';
export type {
  ServiceImageProps,
  ServiceImageMirrorProps,
} from './service-image';
export {
  SERVICE_DDL_PRIVILEGES,
  SERVICE_DML_PRIVILEGES,
  databaseGrants,
} from './database-user';

/*
 * A service's part of one spoke, in its own stack (`platform-service-<name>-<spoke>`):
 * the config secret, the pod identity role and, when asked, the database user. The
 * spoke's Aurora cluster, VPC and EKS cluster are named by plain strings (the SSM
 * parameters the spoke stack publishes, the registry), never by stack references,
 * so adding or changing a service never touches the spoke stack.
 */

const MYSQL_IDENTIFIER = /^[a-z][a-z0-9_]*$/;

/** The spoke's Aurora cluster as a service stack sees it. */
export interface ServiceDatabaseTarget {
  /** `arn:aws:rds:<region>:<account>:cluster:<id>` */
  readonly clusterArn: string;
  /** `cluster-ABC...`: the resource id `rds-db:connect` names. */
  readonly clusterResourceId: string;
  /** The writer endpoint host name. */
  readonly endpoint: string;
  /** The cluster's RDS-managed master secret, used only by the Data API calls. */
  readonly masterSecretArn: string;
  /** Where the rotation function runs: a subnet the cluster admits on 3306. */
  readonly vpc: ec2.IVpc;
}

/** Properties for {@link ServiceRuntime}. */
export interface ServiceRuntimeProps {
  /** The service name; also its namespace and service account unless given. */
  readonly serviceName: string;
  /** The spoke's EKS cluster name. */
  readonly clusterName: string;
  /** @default serviceName */
  readonly namespace?: string;
  /** @default serviceName */
  readonly serviceAccount?: string;
  /** Name of the Secrets Manager secret mounted as `/config/config.json`. */
  readonly secretName: string;
  /**
   * A schema and a user in the spoke's Aurora cluster, created through the RDS Data
   * API (the spoke stack turns it on).
   * @default - no database
   */
  readonly database?: {
    readonly target: ServiceDatabaseTarget;
    readonly schema: string;
    readonly user: string;
    /** @default 'iam' */
    readonly auth?: 'iam' | 'password';
    /** Grant DDL on the schema. @default false */
    readonly ddl?: boolean;
    /** `password` auth: the secret holding the user's credentials. */
    readonly secretName?: string;
    /**
     * `password` auth: days between rotations.
     * @default 30
     */
    readonly rotationDays?: number;
  };
}

/**
 * A service's part of one spoke: the secret holding its `/config/config.json`
 * (its own KMS key), an EKS Pod Identity role bound to its service account that may
 * read that secret and reach its database user, and, when asked, the schema and
 * user: IAM-authenticated, or with a password in Secrets Manager rotated by the
 * hosted MySQL single-user rotation function in the spoke's VPC.
 */
export class ServiceRuntime extends Construct {
  readonly key: kms.Key;
  readonly secret: secretsmanager.Secret;
  readonly role: iam.Role;
  readonly association: eks.CfnPodIdentityAssociation;
  /** `password` auth only. */
  readonly databaseSecret?: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: ServiceRuntimeProps) {
    super(scope, id);
    checkServiceName('ServiceRuntime', 'serviceName', props.serviceName);
    const namespace = props.namespace ?? props.serviceName;
    const serviceAccount = props.serviceAccount ?? props.serviceName;
    const db = props.database;
    const auth = db?.auth ?? 'iam';
    if (db) {
      for (const [prop, value] of [
        ['database.schema', db.schema],
        ['database.user', db.user],
      ]) {
        if (!MYSQL_IDENTIFIER.test(value)) {
          throw new Error(
            `ServiceRuntime: ${prop} '${value}' must be a-z, 0-9 and _, starting with a letter`,
          );
        }
      }
      if (auth === 'password' && !db.secretName) {
        throw new Error(
          'ServiceRuntime: database.secretName is required when database.auth is password',
        );
      }
    }

    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the secrets of ${props.serviceName}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Only facts the platform owns go in here, and the value is constant, so
    // CloudFormation never overwrites the keys the service team puts next to them.
    const initial = db
      ? {
          database: {
            host: db.target.endpoint,
            port: 3306,
            name: db.schema,
            user: db.user,
            auth,
            ...(auth === 'password' ? { secret: db.secretName } : {}),
          },
        }
      : {};
    this.secret = new secretsmanager.Secret(this, 'Config', {
      secretName: props.secretName,
      description: `/config/config.json of ${props.serviceName}; the service team sets its keys`,
      encryptionKey: this.key,
      secretStringValue: SecretValue.unsafePlainText(
        Stack.of(this).toJsonString(initial),
      ),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The secret holds application configuration that the service team edits, not a credential the platform can regenerate; a database password lives in its own rotated secret.',
    });

    this.role = new iam.Role(this, 'PodRole', {
      description: `Pods of ${namespace}/${serviceAccount} on ${props.clusterName}`,
      maxSessionDuration: Duration.hours(1),
      assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com')
        .withConditions({
          // Pod Identity passes these as session tags: only this service account
          // on this cluster can use the role, even if another association named it.
          StringEquals: {
            'aws:RequestTag/eks-cluster-name': props.clusterName,
            'aws:RequestTag/kubernetes-namespace': namespace,
            'aws:RequestTag/kubernetes-service-account': serviceAccount,
          },
        })
        .withSessionTags(),
    });
    this.secret.grantRead(this.role);

    this.association = new eks.CfnPodIdentityAssociation(this, 'Identity', {
      clusterName: props.clusterName,
      namespace,
      serviceAccount,
      roleArn: this.role.roleArn,
    });

    if (db && auth === 'password') {
      this.databaseSecret = this.createPasswordUser(db, props.serviceName);
      this.databaseSecret.grantRead(this.role);
    } else if (db) {
      const stack = Stack.of(this);
      this.role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['rds-db:connect'],
          resources: [
            stack.formatArn({
              service: 'rds-db',
              resource: 'dbuser',
              resourceName: `${db.target.clusterResourceId}/${db.user}`,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          ],
        }),
      );
      this.createIamUser(db);
    }
  }

  /**
   * Schema, IAM-authenticated user and grants through the RDS Data API with the
   * master secret, at deploy time in the same stack as the role, so ordering is
   * CloudFormation's and no credential leaves AWS. Each statement is idempotent;
   * deleting the service keeps its data (no DROP).
   */
  private createIamUser(db: NonNullable<ServiceRuntimeProps['database']>) {
    const statements: Array<[string, string]> = [
      ['Schema', `CREATE DATABASE IF NOT EXISTS \`${db.schema}\``],
      [
        'User',
        `CREATE USER IF NOT EXISTS '${db.user}'@'%' IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL`,
      ],
      ...databaseGrants(db.schema, db.user, db.ddl ?? false).map(
        (sql, i) => [`Grant${i + 1}`, sql] as [string, string],
      ),
    ];
    let previous: Construct | undefined;
    for (const [id, sql] of statements) {
      const call = new AwsCall(this, `Db${id}`, {
        onCreate: {
          service: 'RDSDataService',
          action: 'executeStatement',
          parameters: {
            resourceArn: db.target.clusterArn,
            secretArn: db.target.masterSecretArn,
            sql,
          },
          physicalResourceId: { id: `${db.schema}/${db.user}/${id}` },
          outputPaths: ['numberOfRecordsUpdated'],
        },
        statements: [
          new iam.PolicyStatement({
            actions: ['rds-data:ExecuteStatement'],
            resources: [db.target.clusterArn],
          }),
          new iam.PolicyStatement({
            actions: ['secretsmanager:GetSecretValue'],
            resources: [db.target.masterSecretArn],
          }),
        ],
      });
      if (previous) call.node.addDependency(previous);
      previous = call;
    }
  }

  /**
   * The user's secret (the JSON the hosted rotation function reads: engine, host,
   * port, username, password, dbname), the user itself with that password, and the
   * rotation schedule. Letters and digits only, so the password needs no escaping
   * in SQL or in the connection string the chart builds.
   */
  private createPasswordUser(
    db: NonNullable<ServiceRuntimeProps['database']>,
    serviceName: string,
  ): secretsmanager.Secret {
    const secret = new secretsmanager.Secret(this, 'DatabaseSecret', {
      secretName: db.secretName,
      description: `MySQL credentials of ${serviceName} (user ${db.user}), rotated by Secrets Manager`,
      encryptionKey: this.key,
      generateSecretString: {
        secretStringTemplate: Stack.of(this).toJsonString({
          engine: 'mysql',
          host: db.target.endpoint,
          port: 3306,
          username: db.user,
          dbname: db.schema,
        }),
        generateStringKey: 'password',
        excludePunctuation: true,
        passwordLength: 32,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const user = new PasswordDatabaseUser(this, 'DatabaseUser', {
      clusterArn: db.target.clusterArn,
      masterSecretArn: db.target.masterSecretArn,
      schema: db.schema,
      user: db.user,
      ddl: db.ddl ?? false,
      userSecret: secret,
    });
    const rotationSecurityGroup = new ec2.SecurityGroup(
      this,
      'RotationSecurityGroup',
      {
        vpc: db.target.vpc,
        description: `Rotation function of ${serviceName}'s database secret`,
        allowAllOutbound: true,
      },
    );
    const schedule = secret.addRotationSchedule('Rotation', {
      hostedRotation: secretsmanager.HostedRotation.mysqlSingleUser({
        vpc: db.target.vpc,
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        securityGroups: [rotationSecurityGroup],
        // The same alphabet as the first password: letters and digits.
        excludeCharacters: ' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
      }),
      automaticallyAfter: Duration.days(db.rotationDays ?? 30),
      // The user must exist with the first password before the first rotation.
      rotateImmediatelyOnUpdate: false,
    });
    schedule.node.addDependency(user);
    return secret;
  }
}
