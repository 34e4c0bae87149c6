import { App, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseServices } from '@internal/plugin-platform-common';
import { loadRegistry } from '@internal/plugin-platform-common/node';
import { buildApp } from '../lib/app';
import { ServiceImage, ServiceRuntime } from '../lib/constructs/service';
import { InfraRegistry } from '../lib/registry';
import { CONFIG_DIR, resourcesOf, synth } from './helpers';

// Two services as the New service template writes them: one with CI and a database
// on dev and prod, one without either on staging.
const base = loadRegistry(CONFIG_DIR);
const services = parseServices(base, [
  {
    path: 'services/phl-store.yaml',
    content: `name: phl-store
owner: group:default/storefront-team
environments: [dev, prod]
ci: { repository: phl-store }
database: { schema: phl_store, user: phl_store }
`,
  },
  {
    path: 'services/catalog-api.yaml',
    content: `name: catalog-api
owner: group:default/storefront-team
environments: [staging]
`,
  },
]);
const registry: InfraRegistry = { ...base, services };
const { hub, spoke, built } = synth(registry);
const account = (name: string) =>
  registry.spokes.find(s => s.name === name)!.account;

describe('service image (hub)', () => {
  it('creates an immutable, scanned, KMS-encrypted repository with lifecycle rules', () => {
    hub.hasResourceProperties('AWS::ECR::Repository', {
      RepositoryName: 'phl-store',
      ImageScanningConfiguration: { ScanOnPush: true },
      ImageTagMutability: 'IMMUTABLE',
      EncryptionConfiguration: {
        EncryptionType: 'KMS',
        KmsKey: Match.anyValue(),
      },
      LifecyclePolicy: {
        LifecyclePolicyText: Match.stringLikeRegexp('imageCountMoreThan'),
      },
    });
  });

  it('lets only the target spoke accounts pull', () => {
    const repo = Object.values(resourcesOf(hub, 'AWS::ECR::Repository')).find(
      r => r.Properties.RepositoryName === 'phl-store',
    )!;
    const statement = repo.Properties.RepositoryPolicyText.Statement[0];
    const principals = JSON.stringify(statement.Principal);
    expect(principals).toContain(account('dev'));
    expect(principals).toContain(account('prod'));
    expect(principals).not.toContain(account('staging'));
    expect(statement.Action).toEqual(
      expect.arrayContaining(['ecr:BatchGetImage']),
    );
    expect(statement.Action).not.toContain('ecr:PutImage');
  });

  it('gives CI a push role that only the main branch of its repository can assume', () => {
    hub.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'github-push-phl-store',
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: {
                'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
                'token.actions.githubusercontent.com:sub':
                  'repo:piksel-ina/phl-store:ref:refs/heads/main',
              },
            },
          }),
        ],
      },
    });
  });

  it('creates no push role for a service without CI', () => {
    const names = Object.values(resourcesOf(hub, 'AWS::IAM::Role')).map(
      r => r.Properties.RoleName,
    );
    expect(names).toContain('github-push-phl-store');
    expect(names).not.toContain('github-push-catalog-api');
  });
});

describe('service runtime (spoke)', () => {
  const dev = spoke('dev');

  it('creates the config secret under its fixed name with its own KMS key', () => {
    dev.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'services/phl-store/config',
      KmsKeyId: {
        'Fn::GetAtt': [Match.stringLikeRegexp('^ServicePhlStoreKey'), 'Arn'],
      },
    });
    dev.hasResourceProperties('AWS::KMS::Key', {
      Description: 'Encrypts the config secret of phl-store',
      EnableKeyRotation: true,
    });
  });

  it('puts only platform-owned database facts in the initial secret value', () => {
    const secret = Object.values(
      resourcesOf(dev, 'AWS::SecretsManager::Secret'),
    ).find(r => r.Properties.Name === 'services/phl-store/config')!;
    const text = JSON.stringify(secret.Properties.SecretString);
    expect(text).toContain('Endpoint.Address');
    expect(text).toContain('\\"auth\\":\\"iam\\"');
    expect(text).not.toMatch(/password/i);
  });

  it('trusts only Pod Identity for this service account on this cluster', () => {
    dev.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'pods.eks.amazonaws.com' },
            Action: ['sts:AssumeRole', 'sts:TagSession'],
            Condition: {
              StringEquals: {
                'aws:RequestTag/eks-cluster-name': { Ref: Match.anyValue() },
                'aws:RequestTag/kubernetes-namespace': 'phl-store',
                'aws:RequestTag/kubernetes-service-account': 'phl-store',
              },
            },
          },
        ],
      },
    });
  });

  it('lets the pod role read its one secret and connect as its one database user', () => {
    const policies = Object.values(resourcesOf(dev, 'AWS::IAM::Policy')).filter(
      p =>
        JSON.stringify(p.Properties.Roles).includes('ServicePhlStorePodRole'),
    );
    expect(policies).toHaveLength(1);
    const statements = policies[0].Properties.PolicyDocument.Statement;
    expect(statements).toHaveLength(2);
    expect(statements[0]).toEqual({
      Effect: 'Allow',
      Action: [
        'secretsmanager:GetSecretValue',
        'secretsmanager:DescribeSecret',
      ],
      Resource: { Ref: expect.stringMatching(/^ServicePhlStoreConfig/) },
    });
    expect(statements[1].Action).toBe('rds-db:connect');
    expect(JSON.stringify(statements[1].Resource)).toMatch(
      /dbuser:.*DBClusterResourceId.*\/phl_store"/,
    );
  });

  it('associates the role with the service account on the spoke cluster', () => {
    dev.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      ClusterName: { Ref: Match.stringLikeRegexp('^EksCluster') },
      Namespace: 'phl-store',
      ServiceAccount: 'phl-store',
      RoleArn: {
        'Fn::GetAtt': [
          Match.stringLikeRegexp('^ServicePhlStorePodRole'),
          'Arn',
        ],
      },
    });
  });

  it('creates the schema, the IAM-authenticated user and its grant in order through the Data API', () => {
    dev.hasResourceProperties('AWS::RDS::DBCluster', {
      EnableHttpEndpoint: true,
    });
    const calls = Object.entries(resourcesOf(dev, 'Custom::AWS')).filter(
      ([id]) => id.startsWith('ServicePhlStoreDb'),
    );
    const sql = calls.map(
      ([, r]) =>
        JSON.stringify(r.Properties.Create).match(/"sql\\":\\"(.*?)\\"/)![1],
    );
    expect(sql).toEqual([
      'CREATE DATABASE IF NOT EXISTS `phl_store`',
      "CREATE USER IF NOT EXISTS 'phl_store'@'%' IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL",
      expect.stringMatching(
        /^GRANT SELECT, .* ON `phl_store`\.\* TO 'phl_store'@'%'$/,
      ),
    ]);
    const [schema, user, grant] = calls;
    expect(schema[1].DependsOn).toEqual(
      expect.arrayContaining([expect.stringMatching(/^AuroraClusterWriter/)]),
    );
    expect(user[1].DependsOn).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ServicePhlStoreDbSchema/),
      ]),
    );
    expect(grant[1].DependsOn).toEqual(
      expect.arrayContaining([expect.stringMatching(/^ServicePhlStoreDbUser/)]),
    );
    expect(sql.join(' ')).not.toMatch(/DROP DATABASE|DROP USER/);
  });

  it('creates a service only on the spokes it lists', () => {
    expect(Object.keys(built.spokes.dev.services)).toEqual(['phl-store']);
    expect(Object.keys(built.spokes.staging.services)).toEqual(['catalog-api']);
    expect(Object.keys(built.spokes.prod.services)).toEqual(['phl-store']);
  });

  it('leaves the Data API off and grants no database access without a database', () => {
    const staging = spoke('staging');
    const cluster = Object.values(
      resourcesOf(staging, 'AWS::RDS::DBCluster'),
    )[0];
    expect(cluster.Properties.EnableHttpEndpoint).toBeUndefined();
    expect(JSON.stringify(staging.toJSON())).not.toContain('rds-db:connect');
    staging.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'services/catalog-api/config',
      SecretString: '{}',
    });
  });
});

describe('cdk-nag with services', () => {
  it('has no unacknowledged findings', () => {
    const { app } = buildApp(registry, { nag: false });
    const report = new AwsSolutionsChecks().validateScope(app);
    const findings = report.violations.flatMap(v =>
      v.violatingResources.map(r => `${v.ruleName} at ${r.constructPath}`),
    );
    expect(findings).toEqual([]);
  });
});

describe('construct props', () => {
  const stack = () =>
    new Stack(new App(), 'Test', {
      env: { account: '111111111111', region: 'ap-southeast-3' },
    });

  it('names pullAccounts when a service runs on no spoke', () => {
    const s = stack();
    expect(
      () =>
        new ServiceImage(s, 'Image', {
          repositoryName: 'phl-store',
          encryptionKey: new kms.Key(s, 'Key'),
          pullAccounts: [],
        }),
    ).toThrow(/ServiceImage: pullAccounts is empty for 'phl-store'/);
  });

  it('names repositoryName when it is not a lower-case DNS label', () => {
    const s = stack();
    expect(
      () =>
        new ServiceImage(s, 'Image', {
          repositoryName: 'PhlStore',
          encryptionKey: new kms.Key(s, 'Key'),
          pullAccounts: ['222233334444'],
        }),
    ).toThrow(/ServiceImage: repositoryName 'PhlStore'/);
  });

  it('names database.user when it is not a MySQL identifier', () => {
    const built2 = buildApp(registry, { nag: false });
    expect(
      () =>
        new ServiceRuntime(built2.spokes.dev, 'Bad', {
          serviceName: 'bad',
          clusterName: 'dev',
          secretName: 'services/bad/config',
          database: {
            cluster: built2.spokes.dev.database.cluster,
            masterSecretArn: built2.spokes.dev.database.secretArn,
            schema: 'bad',
            user: "x'; DROP USER root; --",
          },
        }),
    ).toThrow(/ServiceRuntime: database\.user/);
  });
});
