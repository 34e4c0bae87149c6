import { Match } from 'aws-cdk-lib/assertions';
import { MANDATORY_SECRET_TAGS } from '@internal/plugin-platform-common';
import { sampleRegistry, synth } from './helpers';

const registry = sampleRegistry();
const { spoke } = synth(registry);
const t = spoke('dev');
const project = registry.hub.project;

const writerStatements = () =>
  Object.values(t.findResources('AWS::IAM::Policy')).find(r =>
    r.Properties.Roles.some((role: any) =>
      role.Ref?.startsWith('RunbookSecretsRole'),
    ),
  )!.Properties.PolicyDocument.Statement as any[];

const statement = (sid: string) => writerStatements().find(s => s.Sid === sid)!;

describe('runbook secret writer', () => {
  it("is assumed only by the portal's own role with the external id, under the registry name", () => {
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: registry.hub.portal.secretWriterRoleName,
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: 'sts:AssumeRole',
            Principal: {
              AWS: {
                'Fn::Join': [
                  '',
                  [
                    'arn:',
                    { Ref: 'AWS::Partition' },
                    `:iam::${registry.hub.account}:role/${registry.hub.portal.hosting.roleName}`,
                  ],
                ],
              },
            },
            Condition: {
              StringEquals: {
                'sts:ExternalId': `{{resolve:secretsmanager:${registry.hub.portal.externalIdName}:SecretString:::}}`,
              },
            },
          }),
        ],
      },
    });
  });

  it('creates and tags only under <project>/<environment>/ and only with the five mandatory tags', () => {
    const create = statement('CreateTaggedSecrets');
    expect(create.Effect).toBe('Allow');
    expect([create.Action].flat().sort()).toEqual([
      'secretsmanager:CreateSecret',
      'secretsmanager:TagResource',
    ]);
    expect(JSON.stringify(create.Resource)).toContain(
      `:secret:${project}/dev/*`,
    );
    expect(create.Condition.StringEquals).toEqual({
      'aws:RequestTag/Project': project,
      'aws:RequestTag/Environment': 'dev',
    });
    expect(create.Condition.Null).toEqual(
      Object.fromEntries(
        MANDATORY_SECRET_TAGS.map(tag => [`aws:RequestTag/${tag}`, 'false']),
      ),
    );
    expect(create.Condition['ForAllValues:StringEquals']).toEqual({
      'aws:TagKeys': [...MANDATORY_SECRET_TAGS],
    });
  });

  it('can never read a value', () => {
    const actions = writerStatements()
      .filter(s => s.Effect === 'Allow')
      .flatMap(s => [s.Action].flat());
    expect(actions).not.toContain('secretsmanager:GetSecretValue');
    expect(actions.every(a => !/\*/.test(a))).toBe(true);
    expect(actions.sort()).toEqual([
      'kms:Decrypt',
      'kms:GenerateDataKey',
      'secretsmanager:CreateSecret',
      'secretsmanager:DescribeSecret',
      'secretsmanager:TagResource',
    ]);
  });

  it('refuses secrets without a key and uses the environment key only through Secrets Manager', () => {
    expect(statement('OnlyTheEnvironmentKey')).toMatchObject({
      Effect: 'Deny',
      Action: 'secretsmanager:CreateSecret',
      Condition: { Null: { 'secretsmanager:KmsKeyArn': 'true' } },
    });
    const kms = statement('EncryptThroughSecretsManager');
    expect(kms.Resource).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^RunbookSecretsKey/), 'Arn'],
    });
    expect(kms.Condition).toEqual({
      StringEquals: {
        'kms:ViaService': `secretsmanager.${registry.spokes[0].region}.amazonaws.com`,
      },
    });
  });

  it('keeps a rotating key under the alias the portal names', () => {
    t.hasResourceProperties('AWS::KMS::Key', {
      Description: `Runbook secrets of ${project} in dev`,
      EnableKeyRotation: true,
    });
    t.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: `alias/${project}-runbook-secrets`,
    });
  });
});
