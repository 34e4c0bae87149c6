import { CustomResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/** Privileges a service user always gets on its own schema: data, no structure. */
export const SERVICE_DML_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];

/** Privileges added when the service manages its own tables (`database.ddl: true`). */
export const SERVICE_DDL_PRIVILEGES = [
  'CREATE',
  'ALTER',
  'DROP',
  'INDEX',
  'REFERENCES',
  'CREATE TEMPORARY TABLES',
  'LOCK TABLES',
];

/** The grants of one service user: its schema only, DDL only when asked. */
export function databaseGrants(
  schema: string,
  user: string,
  ddl: boolean,
): string[] {
  const to = `\`${schema}\`.* TO '${user}'@'%'`;
  const from = `\`${schema}\`.* FROM '${user}'@'%'`;
  return [
    `GRANT ${SERVICE_DML_PRIVILEGES.join(', ')} ON ${to}`,
    ddl
      ? `GRANT ${SERVICE_DDL_PRIVILEGES.join(', ')} ON ${to}`
      : // Turning DDL off later takes it away again (MySQL 8.0.30+: IF EXISTS).
        `REVOKE IF EXISTS ${SERVICE_DDL_PRIVILEGES.join(', ')} ON ${from}`,
  ];
}

/*
 * The handler reads the user's password from its secret itself, so the password is
 * never a CloudFormation property, never in the template, the event or a log line
 * (AwsCustomResource logs its whole event). It answers CloudFormation through the
 * pre-signed URL, so no provider framework (and no extra functions) is needed.
 */
const HANDLER = `
const https = require('https');
const { RDSDataClient, ExecuteStatementCommand } = require('@aws-sdk/client-rds-data');
const { SecretsManagerClient, GetSecretValueCommand } = require('@aws-sdk/client-secrets-manager');

function respond(event, status, reason) {
  const body = JSON.stringify({
    Status: status, Reason: reason, PhysicalResourceId: event.ResourceProperties.PhysicalId,
    StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId,
  });
  const url = new URL(event.ResponseURL);
  return new Promise((resolve, reject) => {
    const req = https.request({ hostname: url.hostname, path: url.pathname + url.search, method: 'PUT',
      headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) } }, res => { res.resume(); res.on('end', resolve); });
    req.on('error', reject);
    req.end(body);
  });
}

exports.handler = async event => {
  const p = event.ResourceProperties;
  let password = '';
  try {
    // Deleting the service keeps the user and its data (no DROP).
    if (event.RequestType !== 'Delete') {
      const secret = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: p.UserSecretArn }));
      password = JSON.parse(secret.SecretString).password || '';
      if (!/^[A-Za-z0-9]{16,}$/.test(password)) throw new Error('the password must be at least 16 letters and digits');
      const rds = new RDSDataClient({});
      for (const sql of p.Statements) {
        await rds.send(new ExecuteStatementCommand({
          resourceArn: p.ClusterArn, secretArn: p.MasterSecretArn,
          sql: sql.split('{{password}}').join(password),
        }));
      }
    }
    await respond(event, 'SUCCESS', 'ok');
  } catch (e) {
    const reason = String((e && e.name) + ': ' + (e && e.message)).split(password || '\\u0000').join('***');
    console.log('database user failed: ' + reason);
    await respond(event, 'FAILED', reason.slice(0, 500));
  }
};
`;

/** Properties for {@link PasswordDatabaseUser}. */
export interface PasswordDatabaseUserProps {
  /** `arn:aws:rds:<region>:<account>:cluster:<id>` */
  readonly clusterArn: string;
  /** The cluster's RDS-managed master secret (Data API credentials). */
  readonly masterSecretArn: string;
  readonly schema: string;
  readonly user: string;
  readonly ddl: boolean;
  /** The user's secret (`username`, `password`, ...), rotated by Secrets Manager. */
  readonly userSecret: secretsmanager.ISecret;
}

/**
 * A MySQL user with a password, created through the RDS Data API with the master
 * secret: schema, user (TLS required), password set to the secret's current value,
 * grants on the schema only. Idempotent; re-run on every change of its properties.
 */
export class PasswordDatabaseUser extends Construct {
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: PasswordDatabaseUserProps) {
    super(scope, id);
    const { schema, user } = props;
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(this, 'Role', {
      description: `Creates the MySQL user ${user} through the RDS Data API`,
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    logGroup.grantWrite(role);
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['rds-data:ExecuteStatement'],
        resources: [props.clusterArn],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [props.masterSecretArn],
      }),
    );
    props.userSecret.grantRead(role);
    const fn = new lambda.Function(this, 'Function', {
      description: `Creates the MySQL user ${user} with the password in its secret`,
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(HANDLER),
      timeout: Duration.minutes(2),
      role,
      logGroup,
    });
    fn.node.addDependency(role);

    const statements = [
      `CREATE DATABASE IF NOT EXISTS \`${schema}\``,
      `CREATE USER IF NOT EXISTS '${user}'@'%' IDENTIFIED BY '{{password}}' REQUIRE SSL`,
      // Also when the user existed (e.g. with IAM authentication before).
      `ALTER USER '${user}'@'%' IDENTIFIED WITH mysql_native_password BY '{{password}}' REQUIRE SSL`,
      ...databaseGrants(schema, user, props.ddl),
    ];
    this.resource = new CustomResource(this, 'User', {
      serviceToken: fn.functionArn,
      resourceType: 'Custom::MysqlPasswordUser',
      properties: {
        PhysicalId: `${schema}/${user}`,
        ClusterArn: props.clusterArn,
        MasterSecretArn: props.masterSecretArn,
        UserSecretArn: props.userSecret.secretArn,
        Statements: statements,
      },
    });
  }
}
