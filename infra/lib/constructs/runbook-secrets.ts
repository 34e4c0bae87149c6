import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { MANDATORY_SECRET_TAGS } from '@internal/plugin-platform-common';
import { acknowledgeWildcards } from './nag';

/** Properties for {@link RunbookSecretWriter}. */
export interface RunbookSecretWriterProps {
  /** The principal the portal runs as in the hub account (a role ARN, or the hub account id). */
  readonly portalPrincipal: string;
  /** The external id the portal presents when it assumes the role. */
  readonly externalId: string;
  /** The role's name, which the portal builds its ARN from. */
  readonly roleName: string;
  /** The `Project` tag value and the first segment of every secret name. */
  readonly project: string;
  /** The spoke's name: the `Environment` tag value and the second name segment. */
  readonly environment: string;
}

/**
 * The environment's key and role for runbook secrets (seed 000's "Add Secret to AWS
 * Secrets Manager", done by the portal's New secret template). The role may create and
 * tag secrets only under `<project>/<environment>/`, only with the five mandatory tags
 * (IAM conditions on `aws:RequestTag`), only encrypted with this environment's key, and
 * may never read a value back.
 */
export class RunbookSecretWriter extends Construct {
  readonly key: kms.Key;
  readonly role: iam.Role;
  /** The alias the portal names the key by, since the key id is only known after deploy. */
  readonly keyAlias: string;

  constructor(scope: Construct, id: string, props: RunbookSecretWriterProps) {
    super(scope, id);
    if (props.externalId.length < 2) {
      throw new Error('RunbookSecretWriter: externalId must not be empty');
    }
    const stack = Stack.of(this);
    this.keyAlias = `alias/${props.project}-runbook-secrets`;
    this.key = new kms.Key(this, 'Key', {
      description: `Runbook secrets of ${props.project} in ${props.environment}`,
      enableKeyRotation: true,
      alias: this.keyAlias,
      // Deleting the key would make every secret it encrypts unreadable.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const principal = /^\d{12}$/.test(props.portalPrincipal)
      ? new iam.AccountPrincipal(props.portalPrincipal)
      : new iam.ArnPrincipal(props.portalPrincipal);
    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      description:
        'Lets the platform portal create tagged runbook secrets; it can never read a value',
      assumedBy: principal,
      externalIds: [props.externalId],
    });

    const namePrefixArn = stack.formatArn({
      service: 'secretsmanager',
      resource: 'secret',
      resourceName: `${props.project}/${props.environment}/*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const requiredTags = {
      StringEquals: {
        'aws:RequestTag/Project': props.project,
        'aws:RequestTag/Environment': props.environment,
      },
      Null: Object.fromEntries(
        MANDATORY_SECRET_TAGS.map(tag => [`aws:RequestTag/${tag}`, 'false']),
      ),
      'ForAllValues:StringEquals': {
        'aws:TagKeys': [...MANDATORY_SECRET_TAGS],
      },
    };
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'CreateTaggedSecrets',
        actions: ['secretsmanager:CreateSecret', 'secretsmanager:TagResource'],
        resources: [namePrefixArn],
        conditions: requiredTags,
      }),
    );
    // Without a key in the request Secrets Manager would use the account's default key,
    // which needs no KMS permission: refuse that, so only this environment's key is used.
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'OnlyTheEnvironmentKey',
        effect: iam.Effect.DENY,
        actions: ['secretsmanager:CreateSecret'],
        resources: ['*'],
        conditions: { Null: { 'secretsmanager:KmsKeyArn': 'true' } },
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'SeeWhetherANameIsTaken',
        actions: ['secretsmanager:DescribeSecret'],
        resources: [namePrefixArn],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'EncryptThroughSecretsManager',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [this.key.keyArn],
        conditions: {
          StringEquals: {
            'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com`,
          },
        },
      }),
    );
    acknowledgeWildcards(
      this.role,
      [`secretsmanager:secret:${props.project}/${props.environment}/*`, '*'],
      'Secret names are chosen at request time, so the role is scoped to the naming convention prefix of this environment; the unscoped statement is a Deny.',
    );
  }
}
