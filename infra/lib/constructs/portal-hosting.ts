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
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { AwsCall } from './aws-call';
import { auroraBaseline, clientSecurityGroup } from './database-baseline';
import { acknowledgeWildcards } from './nag';

/**
 * The keys of the portal's application secret; the Helm chart
 * (deploy/helm/platform-portal) hands each to the container as the environment
 * variable of the same name.
 */
export const PORTAL_SECRET_KEYS = [
  'AUTH_SESSION_SECRET',
  'BACKEND_EXTERNAL_TOKEN',
  'AUTH_GITHUB_CLIENT_ID',
  'AUTH_GITHUB_CLIENT_SECRET',
  'GITHUB_TOKEN',
  'PLATFORM_PORTAL_EXTERNAL_ID',
] as const;

/** The calls spoke health makes in the hub account with the portal's own identity. */
export const PORTAL_HUB_ACTIONS = [
  'ec2:DescribeTransitGateways',
  'ec2:DescribeTransitGatewayAttachments',
  'ec2:SearchTransitGatewayRoutes',
  'eks:DescribeClusterVersions',
  'eks:DescribeAddonVersions',
  'rds:DescribeDBMajorEngineVersions',
] as const;

/** Properties for {@link PortalHosting}. */
export interface PortalHostingProps {
  /** The hub VPC. */
  readonly vpc: ec2.IVpc;
  /** Private subnets for the database and the cache, one per zone. */
  readonly subnets: ec2.ISubnet[];
  /** CIDRs the portal's pods connect from (the hub VPC). */
  readonly clientCidrs: string[];
  /** The portal's IAM role name; spokes trust exactly this role's ARN. */
  readonly roleName: string;
  /** The EKS cluster the portal runs on, and its namespace and service account. */
  readonly podIdentity: {
    readonly clusterName: string;
    readonly namespace: string;
    readonly serviceAccount: string;
  };
  /** ARNs of the spoke roles the portal assumes (read-only, runbook secret writer). */
  readonly spokeRoleArns: string[];
  readonly database: {
    /** Aurora PostgreSQL version, e.g. `16.6`. */
    readonly engineVersion: string;
    /** Serverless v2 capacity range in ACUs. */
    readonly minCapacity: number;
    readonly maxCapacity: number;
    readonly deletionProtection: boolean;
  };
  /**
   * An ElastiCache Redis replication group shared by the replicas.
   * @default - none (each replica keeps its own memory cache)
   */
  readonly redis?: { readonly nodeType: string };
  /**
   * The database user the portal logs in as with IAM authentication.
   * @default 'platform_portal'
   */
  readonly databaseUser?: string;
}

/**
 * The AWS side of the portal in the hub account: Aurora PostgreSQL Serverless v2
 * (KMS, IAM authentication, TLS only, RDS-managed rotated master secret), an optional
 * ElastiCache Redis (TLS, AUTH token), the portal's application secret, and the
 * portal's own IAM role, bound to its Kubernetes service account by EKS Pod Identity.
 * The role may assume the spokes' read-only roles, read its own secrets, log in to its
 * database as one user, and make the hub-side health calls; nothing else.
 */
export class PortalHosting extends Construct {
  readonly role: iam.Role;
  readonly database: rds.DatabaseCluster;
  readonly key: kms.Key;
  readonly appSecret: secretsmanager.Secret;
  readonly redis?: {
    readonly group: elasticache.CfnReplicationGroup;
    readonly secret: secretsmanager.Secret;
  };
  readonly databaseUser: string;

  constructor(scope: Construct, id: string, props: PortalHostingProps) {
    super(scope, id);
    const { database } = props;
    if (database.minCapacity > database.maxCapacity) {
      throw new Error(
        `PortalHosting: database.minCapacity (${database.minCapacity}) is above maxCapacity (${database.maxCapacity})`,
      );
    }
    if (props.subnets.length < 2) {
      throw new Error(
        `PortalHosting: subnets must span at least two zones, got ${props.subnets.length}`,
      );
    }
    this.databaseUser = props.databaseUser ?? 'platform_portal';
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(this.databaseUser)) {
      throw new Error(
        `PortalHosting: databaseUser '${this.databaseUser}' must be a lower-case PostgreSQL identifier`,
      );
    }

    this.key = new kms.Key(this, 'Key', {
      description:
        'Encrypts the portal database, its cache, its secrets and Performance Insights',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.database = this.createDatabase(props);
    this.createDatabaseUser();

    this.appSecret = new secretsmanager.Secret(this, 'AppSecret', {
      secretName: 'platform-portal/app',
      description:
        'Portal settings read by the pods through the Secrets Store CSI driver; operators fill the GitHub and external id values',
      encryptionKey: this.key,
      generateSecretString: {
        // The cookie-signing secret (AUTH_SESSION_SECRET) is generated; the rest are set by operators
        // (docs in deploy/helm/platform-portal/README.md).
        secretStringTemplate: JSON.stringify(
          Object.fromEntries(
            PORTAL_SECRET_KEYS.filter(k => k !== 'AUTH_SESSION_SECRET').map(
              k => [k, ''],
            ),
          ),
        ),
        generateStringKey: 'AUTH_SESSION_SECRET',
        passwordLength: 64,
        excludePunctuation: true,
      },
    });
    Validations.of(this.appSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The secret holds a GitHub OAuth app secret, a GitHub token and the spokes external id, which are issued outside AWS and changed by operators; a rotation Lambda could not renew them.',
    });

    if (props.redis) this.redis = this.createRedis(props, props.redis);

    this.role = this.createRole(props);
  }

  private createDatabase(props: PortalHostingProps): rds.DatabaseCluster {
    const { database } = props;
    const securityGroup = clientSecurityGroup(this, 'DatabaseSecurityGroup', {
      vpc: props.vpc,
      description: 'PostgreSQL from the portal pods',
      clientCidrs: props.clientCidrs,
      port: 5432,
      label: 'PostgreSQL',
    });
    const major = database.engineVersion.split('.')[0];
    const engine = rds.DatabaseClusterEngine.auroraPostgres({
      version: rds.AuroraPostgresEngineVersion.of(
        database.engineVersion,
        major,
      ),
    });
    const instance = (name: string, scaleWithWriter: boolean) =>
      rds.ClusterInstance.serverlessV2(name, {
        scaleWithWriter,
        enablePerformanceInsights: true,
        performanceInsightEncryptionKey: this.key,
        autoMinorVersionUpgrade: true,
      });
    const cluster = new rds.DatabaseCluster(this, 'Database', {
      clusterIdentifier: 'platform-portal',
      engine,
      vpc: props.vpc,
      vpcSubnets: { subnets: props.subnets },
      securityGroups: [securityGroup],
      writer: instance('Writer', false),
      // A reader in another zone that scales with the writer: failover keeps capacity.
      readers: [instance('Reader', true)],
      serverlessV2MinCapacity: database.minCapacity,
      serverlessV2MaxCapacity: database.maxCapacity,
      ...auroraBaseline({
        key: this.key,
        deletionProtection: database.deletionProtection,
      }),
      // Only the user-creation call below reads the master secret.
      enableDataApi: true,
      cloudwatchLogsExports: ['postgresql'],
      parameters: {
        'rds.force_ssl': '1',
        log_connections: '1',
        log_disconnections: '1',
      },
    });
    Validations.of(cluster).acknowledge(
      {
        id: 'AwsSolutions-RDS11',
        reason:
          'The cluster keeps the standard PostgreSQL port because it is reachable only from the hub VPC and a different port adds no protection.',
      },
      ...(database.deletionProtection
        ? []
        : [
            {
              id: 'AwsSolutions-RDS10',
              reason:
                'Deletion protection follows hub.yaml, which may turn it off for a disposable hub; the sample registry keeps it on.',
            },
          ]),
    );
    return cluster;
  }

  /** ARN of the RDS-managed master user secret. */
  get masterSecretArn(): string {
    return (this.database.node.defaultChild as rds.CfnDBCluster)
      .attrMasterUserSecretSecretArn;
  }

  /**
   * The portal's login, created through the RDS Data API with the master secret at
   * deploy time: IAM authentication (`rds_iam`) and CREATEDB, since Backstage creates
   * one database per plugin. Idempotent; deleting the stack keeps the role.
   */
  private createDatabaseUser() {
    const user = this.databaseUser;
    const sql = [
      'DO $$ BEGIN',
      `IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${user}') THEN CREATE ROLE ${user} WITH LOGIN CREATEDB; END IF;`,
      `GRANT rds_iam TO ${user};`,
      'END $$',
    ].join(' ');
    const call = new AwsCall(this, 'DatabaseUser', {
      onCreate: {
        service: 'RDSDataService',
        action: 'executeStatement',
        parameters: {
          resourceArn: this.database.clusterArn,
          secretArn: this.masterSecretArn,
          database: 'postgres',
          sql,
        },
        physicalResourceId: { id: `platform-portal/${user}` },
        outputPaths: ['numberOfRecordsUpdated'],
      },
      statements: [
        new iam.PolicyStatement({
          actions: ['rds-data:ExecuteStatement'],
          resources: [this.database.clusterArn],
        }),
        new iam.PolicyStatement({
          actions: ['secretsmanager:GetSecretValue'],
          resources: [this.masterSecretArn],
        }),
        new iam.PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [this.key.keyArn],
        }),
      ],
    });
    // The Data API needs the writer instance, not just the cluster resource.
    call.node.addDependency(this.database);
  }

  private createRedis(
    props: PortalHostingProps,
    redis: { nodeType: string },
  ): NonNullable<PortalHosting['redis']> {
    const secret = new secretsmanager.Secret(this, 'RedisSecret', {
      secretName: 'platform-portal/redis',
      description: 'AUTH token of the portal cache',
      encryptionKey: this.key,
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: 'authToken',
        // ElastiCache allows printable characters without @, " and /; URL-safe too.
        excludePunctuation: true,
        passwordLength: 64,
      },
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the AUTH token needs a coordinated ElastiCache modify (ROTATE then SET) and a portal restart; it is rotated by that runbook rather than a Lambda that would cut the replicas off the cache.',
    });
    const securityGroup = clientSecurityGroup(this, 'RedisSecurityGroup', {
      vpc: props.vpc,
      description: 'Redis from the portal pods',
      clientCidrs: props.clientCidrs,
      port: 6379,
      label: 'Redis',
    });
    const subnetGroup = new elasticache.CfnSubnetGroup(this, 'RedisSubnets', {
      description: 'Portal cache subnets',
      subnetIds: props.subnets.map(s => s.subnetId),
    });
    const group = new elasticache.CfnReplicationGroup(this, 'Redis', {
      replicationGroupDescription: 'Platform portal cache',
      engine: 'redis',
      engineVersion: '7.1',
      cacheNodeType: redis.nodeType,
      numCacheClusters: 2,
      multiAzEnabled: true,
      automaticFailoverEnabled: true,
      cacheSubnetGroupName: subnetGroup.ref,
      securityGroupIds: [securityGroup.securityGroupId],
      port: 6379,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      atRestEncryptionEnabled: true,
      kmsKeyId: this.key.keyId,
      authToken: SecretValue.secretsManager(secret.secretArn, {
        jsonField: 'authToken',
      }).unsafeUnwrap(), // a CloudFormation dynamic reference, resolved at deploy time
      snapshotRetentionLimit: 1,
    });
    Validations.of(group).acknowledge({
      id: 'AwsSolutions-AEC5',
      reason:
        'The cache keeps the standard Redis port because it is reachable only from the hub VPC, requires TLS and an AUTH token; a different port adds no protection.',
    });
    return { group, secret };
  }

  private createRole(props: PortalHostingProps): iam.Role {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      description:
        'The platform portal (EKS Pod Identity): spoke health, its database, cache and secrets',
      assumedBy: new iam.PrincipalWithConditions(
        new iam.SessionTagsPrincipal(
          new iam.ServicePrincipal('pods.eks.amazonaws.com'),
        ),
        { StringEquals: { 'aws:SourceAccount': stack.account } },
      ),
      maxSessionDuration: Duration.hours(1),
    });
    new eks.CfnPodIdentityAssociation(this, 'PodIdentity', {
      clusterName: props.podIdentity.clusterName,
      namespace: props.podIdentity.namespace,
      serviceAccount: props.podIdentity.serviceAccount,
      roleArn: role.roleArn,
    });

    if (props.spokeRoleArns.length > 0) {
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'AssumeSpokeRoles',
          actions: ['sts:AssumeRole'],
          resources: props.spokeRoleArns,
        }),
      );
    }
    const secrets = [
      this.appSecret,
      ...(this.redis ? [this.redis.secret] : []),
    ];
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'OwnSecrets',
        actions: [
          'secretsmanager:GetSecretValue',
          'secretsmanager:DescribeSecret',
        ],
        resources: secrets.map(s => s.secretArn),
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'OwnKey',
        actions: ['kms:Decrypt'],
        resources: [this.key.keyArn],
        conditions: {
          StringEquals: {
            'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com`,
          },
        },
      }),
    );
    const clusterResourceId = (
      this.database.node.defaultChild as rds.CfnDBCluster
    ).attrDbClusterResourceId;
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'DatabaseLogin',
        actions: ['rds-db:connect'],
        resources: [
          stack.formatArn({
            service: 'rds-db',
            resource: 'dbuser',
            resourceName: `${clusterResourceId}/${this.databaseUser}`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'HubTransitGateway',
        actions: [
          'ec2:DescribeTransitGateways',
          'ec2:DescribeTransitGatewayAttachments',
          // Calendars the same for every spoke, asked once per region: Kubernetes
          // versions, add-on versions and Aurora engine support dates.
          'eks:DescribeClusterVersions',
          'eks:DescribeAddonVersions',
          'rds:DescribeDBMajorEngineVersions',
        ],
        resources: ['*'],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'HubRoutes',
        actions: ['ec2:SearchTransitGatewayRoutes'],
        resources: [
          stack.formatArn({
            service: 'ec2',
            resource: 'transit-gateway-route-table',
            resourceName: '*',
          }),
        ],
      }),
    );
    acknowledgeWildcards(
      role,
      ['*', 'ec2:transit-gateway-route-table/*'],
      'EC2 Describe calls and the EKS version calendar have no resource-level permissions, and route tables are searched across the hub Transit Gateway; every one of these actions is read-only.',
    );
    return role;
  }
}
