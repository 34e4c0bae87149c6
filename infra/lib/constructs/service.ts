import {
  Duration,
  RemovalPolicy,
  SecretValue,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { AwsCall } from './aws-call';
import { ECR_PULL_ACTIONS } from './container-registry';
import { acknowledgeWildcards } from './nag';

/*
 * A service created by the New service template (`config/services/<name>.yaml`):
 * `ServiceImage` is its hub half (ECR repository, CI push role) and `ServiceRuntime`
 * its half in each spoke it runs on (config secret, pod identity role, database user).
 */

const SERVICE_NAME = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;
const MYSQL_IDENTIFIER = /^[a-z][a-z0-9_]*$/;

function checkName(construct: string, prop: string, value: string) {
  if (!SERVICE_NAME.test(value)) {
    throw new Error(
      `${construct}: ${prop} '${value}' is not a lower-case DNS label`,
    );
  }
}

/** Properties for {@link ServiceImage}. */
export interface ServiceImageProps {
  /** ECR repository name (the service name). */
  readonly repositoryName: string;
  /** The hub registry's key; its policy already lets spoke accounts decrypt through ECR. */
  readonly encryptionKey: kms.IKey;
  /** Account ids of the spokes the service runs on: the only ones that may pull. */
  readonly pullAccounts: string[];
  /**
   * How many images the repository keeps.
   * @default 30
   */
  readonly maxImageCount?: number;
  /**
   * Untagged images older than this are expired.
   * @default Duration.days(14)
   */
  readonly untaggedImageAge?: Duration;
  /**
   * The GitHub repository whose workflow builds and pushes the image through OIDC.
   * @default - no push role (the image is built elsewhere)
   */
  readonly ci?: {
    /** The hub's GitHub OIDC provider. */
    readonly oidcProviderArn: string;
    readonly organization: string;
    readonly repository: string;
    /** Fixed so the workflow can name it without a lookup, e.g. `github-push-<name>`. */
    readonly roleName: string;
    /**
     * The only branch whose workflow runs may push.
     * @default 'main'
     */
    readonly branch?: string;
  };
}

/**
 * A service's image repository in the central ECR: immutable tags, KMS, scan on
 * push, lifecycle rules, pull access for its spokes only, and a push role that only
 * its repository's main branch can assume.
 */
export class ServiceImage extends Construct {
  readonly repository: ecr.Repository;
  readonly pushRole?: iam.Role;

  constructor(scope: Construct, id: string, props: ServiceImageProps) {
    super(scope, id);
    checkName('ServiceImage', 'repositoryName', props.repositoryName);
    const accounts = [...new Set(props.pullAccounts)].sort();
    if (accounts.length === 0) {
      throw new Error(
        `ServiceImage: pullAccounts is empty for '${props.repositoryName}'; a service runs on at least one spoke`,
      );
    }
    this.repository = new ecr.Repository(this, 'Repository', {
      repositoryName: props.repositoryName,
      imageScanOnPush: true,
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      encryption: ecr.RepositoryEncryption.KMS,
      encryptionKey: props.encryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          rulePriority: 1,
          description: 'Expire untagged images',
          tagStatus: ecr.TagStatus.UNTAGGED,
          maxImageAge: props.untaggedImageAge ?? Duration.days(14),
        },
        {
          rulePriority: 2,
          description: 'Keep the newest images',
          tagStatus: ecr.TagStatus.ANY,
          maxImageCount: props.maxImageCount ?? 30,
        },
      ],
    });
    this.repository.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'SpokePull',
        principals: accounts.map(a => new iam.AccountPrincipal(a)),
        actions: ECR_PULL_ACTIONS,
      }),
    );

    if (props.ci) {
      const { organization, repository, branch = 'main' } = props.ci;
      if (!/^[A-Za-z0-9._-]+$/.test(repository)) {
        throw new Error(
          `ServiceImage: ci.repository '${repository}' is not a GitHub repository name`,
        );
      }
      this.pushRole = new iam.Role(this, 'PushRole', {
        roleName: props.ci.roleName,
        description: `GitHub Actions on ${organization}/${repository}@${branch} push ${props.repositoryName}`,
        maxSessionDuration: Duration.hours(1),
        assumedBy: new iam.WebIdentityPrincipal(props.ci.oidcProviderArn, {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            'token.actions.githubusercontent.com:sub': `repo:${organization}/${repository}:ref:refs/heads/${branch}`,
          },
        }),
      });
      this.repository.grantPullPush(this.pushRole);
      acknowledgeWildcards(
        this.pushRole,
        ['*'],
        'The ECR action GetAuthorizationToken has no resource-level permissions, so the push role is granted it on every resource; pushes themselves are limited to this one repository.',
      );
    }
  }
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
   * A schema and an IAM-authenticated user in the spoke's Aurora cluster, created
   * through the RDS Data API (the cluster must have it enabled).
   * @default - no database
   */
  readonly database?: {
    readonly cluster: rds.DatabaseCluster;
    /** ARN of the cluster's RDS-managed master secret, used only by the Data API calls. */
    readonly masterSecretArn: string;
    readonly schema: string;
    readonly user: string;
  };
}

/** Privileges the service user gets on its own schema; nothing outside it. */
export const SERVICE_DB_PRIVILEGES = [
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'CREATE',
  'ALTER',
  'DROP',
  'INDEX',
  'REFERENCES',
  'CREATE TEMPORARY TABLES',
  'LOCK TABLES',
];

/**
 * A service's part of one spoke: the secret holding its `/config/config.json`
 * (customer managed key), an EKS Pod Identity role bound to its service account that
 * may read that secret and connect as its database user, and, when asked, the
 * schema and user in the spoke's Aurora cluster.
 */
export class ServiceRuntime extends Construct {
  readonly key: kms.Key;
  readonly secret: secretsmanager.Secret;
  readonly role: iam.Role;
  readonly association: eks.CfnPodIdentityAssociation;

  constructor(scope: Construct, id: string, props: ServiceRuntimeProps) {
    super(scope, id);
    checkName('ServiceRuntime', 'serviceName', props.serviceName);
    const namespace = props.namespace ?? props.serviceName;
    const serviceAccount = props.serviceAccount ?? props.serviceName;
    const db = props.database;
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
    }

    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the config secret of ${props.serviceName}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Only facts the platform owns go in here, and the value is constant, so
    // CloudFormation never overwrites the keys the service team puts next to them.
    const initial = db
      ? {
          database: {
            host: db.cluster.clusterEndpoint.hostname,
            port: 3306,
            name: db.schema,
            user: db.user,
            auth: 'iam',
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
        'The secret holds application configuration that the service team edits, not a credential the platform can regenerate; database access uses IAM authentication, so there is no password to rotate.',
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
    if (db) db.cluster.grantConnect(this.role, db.user);

    this.association = new eks.CfnPodIdentityAssociation(this, 'Identity', {
      clusterName: props.clusterName,
      namespace,
      serviceAccount,
      roleArn: this.role.roleArn,
    });

    if (db) this.createDatabaseUser(db);
  }

  /**
   * Schema, user and grant through the RDS Data API with the master secret, at
   * deploy time in the same stack as the role, so ordering is CloudFormation's and
   * no credential leaves AWS. Each statement is idempotent; deleting the service
   * keeps its data (no DROP).
   */
  private createDatabaseUser(db: NonNullable<ServiceRuntimeProps['database']>) {
    const statements = [
      ['Schema', `CREATE DATABASE IF NOT EXISTS \`${db.schema}\``],
      [
        'User',
        `CREATE USER IF NOT EXISTS '${db.user}'@'%' IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL`,
      ],
      [
        'Grant',
        `GRANT ${SERVICE_DB_PRIVILEGES.join(', ')} ON \`${db.schema}\`.* TO '${
          db.user
        }'@'%'`,
      ],
    ];
    let previous: Construct = db.cluster;
    for (const [id, sql] of statements) {
      const call = new AwsCall(this, `Db${id}`, {
        onCreate: {
          service: 'RDSDataService',
          action: 'executeStatement',
          parameters: {
            resourceArn: db.cluster.clusterArn,
            secretArn: db.masterSecretArn,
            sql,
          },
          physicalResourceId: { id: `${db.schema}/${db.user}/${id}` },
          outputPaths: ['numberOfRecordsUpdated'],
        },
        statements: [
          new iam.PolicyStatement({
            actions: ['rds-data:ExecuteStatement'],
            resources: [db.cluster.clusterArn],
          }),
          new iam.PolicyStatement({
            actions: ['secretsmanager:GetSecretValue'],
            resources: [db.masterSecretArn],
          }),
        ],
      });
      // The Data API needs the writer instance, not just the cluster resource.
      call.node.addDependency(previous);
      previous = call;
    }
  }
}
