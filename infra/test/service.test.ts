import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseServices } from '@internal/plugin-platform-common';
import { loadRegistry } from '@internal/plugin-platform-common/node';
import { buildApp, serviceStackName } from '../lib/app';
import { ServiceImage, ServiceRuntime } from '../lib/constructs/service';
import { InfraRegistry } from '../lib/registry';
import { SERVICE_TAG_KEYS } from '../lib/stacks/service-stacks';
import { CONFIG_DIR, resourcesOf } from './helpers';

// Three services as the New service template writes them: an own image with CI and
// an IAM database on dev and prod; an external image with a password database and
// DDL on dev; neither on staging.
const base = loadRegistry(CONFIG_DIR);
const services = parseServices(base, [
  {
    path: 'services/orders.yaml',
    content: `name: orders
owner: group:default/storefront-team
system: system:default/storefront
environments: [dev, prod]
ci: { repository: orders }
database: { schema: orders, user: orders }
`,
  },
  {
    path: 'services/shop.yaml',
    content: `name: shop
owner: group:default/storefront-team
environments: [dev]
image: { source: external, reference: zylwin/phl-store:latest }
database: { schema: shop, user: shop, auth: password, ddl: true }
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
const built = buildApp(registry, { nag: false });
const assembly = built.app.synth();
const stackNames = (a: typeof assembly) =>
  a.stacks.map(s => s.stackName).sort();
const template = (name: string) =>
  Template.fromJSON(assembly.getStackByName(name).template);
const account = (name: string) =>
  registry.spokes.find(s => s.name === name)!.account;

// The same registry without any service: the platform stacks must not differ.
const bare = buildApp(base, { nag: false }).app.synth();

const ACCESS_ENTRY_TYPES = new Set([
  'AWS::EKS::AccessEntry',
  'AWS::EKS::AccessPolicyAssociation',
]);
/** A template without its EKS access entries and access policy associations. */
function withoutAccessEntries(stackTemplate: any) {
  const resources = Object.fromEntries(
    Object.entries(stackTemplate.Resources ?? {}).filter(
      ([, r]: [string, any]) => !ACCESS_ENTRY_TYPES.has(r.Type),
    ),
  );
  return { ...stackTemplate, Resources: resources };
}

describe('per-service stacks', () => {
  it('creates one stack in the hub and one per target spoke for each service', () => {
    const names = assembly.stacks.map(s => s.stackName).sort();
    expect(names).toEqual(
      [
        // The CI/CD access stacks: hub.yaml names the platform repository.
        'platform-cicd-hub',
        'platform-cicd-dev',
        'platform-cicd-prod',
        'platform-cicd-staging',
        'platform-hub',
        'platform-spoke-dev',
        'platform-spoke-prod',
        'platform-spoke-staging',
        'platform-service-orders-hub',
        'platform-service-orders-dev',
        'platform-service-orders-prod',
        'platform-service-shop-hub',
        'platform-service-shop-dev',
        'platform-service-catalog-api-hub',
        'platform-service-catalog-api-staging',
      ].sort(),
    );
    expect(
      assembly.getStackByName('platform-service-orders-prod').environment
        .account,
    ).toBe(account('prod'));
    expect(
      assembly.getStackByName('platform-service-orders-hub').environment
        .account,
    ).toBe(registry.hub.account);
  });

  it.each(['platform-hub', 'platform-cicd-hub', 'platform-cicd-dev'])(
    'leaves %s exactly as it is without services',
    stackName => {
      expect(assembly.getStackByName(stackName).template).toEqual(
        bare.getStackByName(stackName).template,
      );
    },
  );

  it('builds only the service stacks without the platform stacks', () => {
    const servicesOnly = buildApp(registry, {
      nag: false,
      platformStacks: false,
    });
    expect(servicesOnly.hub).toBeUndefined();
    expect(servicesOnly.spokes).toEqual({});
    expect(servicesOnly.cicd).toEqual({});
    expect(
      servicesOnly.app
        .synth()
        .stacks.map(s => s.stackName)
        .sort(),
    ).toEqual(
      stackNames(assembly).filter(n => n.startsWith('platform-service-')),
    );
  });

  // A service's owning team gets an access entry to its namespace in the spoke stack
  // (the cluster's access entries belong to the cluster's stack, docs/adr/0021), so
  // those entries, with their access policy associations, are the one legitimate
  // difference; everything else of the spoke stack must not move.
  it.each(['platform-spoke-dev', 'platform-spoke-staging'])(
    'leaves %s exactly as it is without services, apart from team access entries',
    stackName => {
      expect(
        withoutAccessEntries(assembly.getStackByName(stackName).template),
      ).toEqual(withoutAccessEntries(bare.getStackByName(stackName).template));
    },
  );

  it("gives each service's owning team edit access to its namespace in the spoke stack", () => {
    template('platform-spoke-dev').hasResourceProperties(
      'AWS::EKS::AccessEntry',
      {
        PrincipalArn: 'arn:aws:iam::222233334444:role/storefront-team',
        AccessPolicies: [
          Match.objectLike({
            AccessScope: {
              Type: 'namespace',
              Namespaces: ['orders', 'shop'],
            },
          }),
        ],
      },
    );
    expect(
      Object.values(
        resourcesOf(
          Template.fromJSON(bare.getStackByName('platform-spoke-dev').template),
          'AWS::EKS::AccessEntry',
        ),
      ).filter(r => JSON.stringify(r).includes('role/storefront-team')),
    ).toEqual([]);
  });

  it('references no other stack (no imports, no cross-stack outputs)', () => {
    for (const stack of assembly.stacks) {
      expect(JSON.stringify(stack.template)).not.toContain('Fn::ImportValue');
      // Asset manifests are not stacks; no stack depends on another.
      const stackDeps = stack.dependencies
        .map(d => d.id)
        .filter(id => !id.endsWith('.assets'));
      expect([stack.stackName, stackDeps]).toEqual([stack.stackName, []]);
    }
  });

  it('reads the spoke ids from the SSM parameters the spoke stack publishes', () => {
    const spoke = template('platform-spoke-dev');
    for (const name of [
      '/platform/spoke/vpc-id',
      '/platform/spoke/private-subnet-ids',
      '/platform/spoke/aurora/endpoint',
      '/platform/spoke/aurora/resource-id',
      '/platform/spoke/aurora/master-secret-arn',
    ]) {
      spoke.hasResourceProperties('AWS::SSM::Parameter', { Name: name });
    }
    const params = JSON.stringify(
      template('platform-service-shop-dev').toJSON().Parameters,
    );
    expect(params).toContain('/platform/spoke/aurora/master-secret-arn');
    expect(params).toContain('/platform/spoke/private-subnet-ids');
  });

  it('turns the Data API on in every spoke, with or without services', () => {
    for (const spoke of ['dev', 'staging', 'prod']) {
      template(`platform-spoke-${spoke}`).hasResourceProperties(
        'AWS::RDS::DBCluster',
        { EnableHttpEndpoint: true },
      );
    }
  });
});

describe('tags (seed 000)', () => {
  const TAGGABLE = [
    'AWS::ECR::Repository',
    'AWS::KMS::Key',
    'AWS::IAM::Role',
    'AWS::SecretsManager::Secret',
    'AWS::Lambda::Function',
    'AWS::EC2::SecurityGroup',
    'AWS::EKS::PodIdentityAssociation',
  ];

  it.each(
    assembly.stacks
      .filter(s => s.stackName.startsWith('platform-service-'))
      .map(s => s.stackName),
  )('puts the five tags on every taggable resource of %s', stackName => {
    const env = stackName.replace(
      /^platform-service-[a-z-]+?-(hub|dev|staging|prod)$/,
      '$1',
    );
    const resources = Object.entries(
      assembly.getStackByName(stackName).template.Resources as Record<
        string,
        any
      >,
    ).filter(([, r]) => TAGGABLE.includes(r.Type));
    expect(resources.length).toBeGreaterThan(1);
    for (const [id, r] of resources) {
      const raw = r.Properties.Tags ?? [];
      const tags: Record<string, string> = Array.isArray(raw)
        ? Object.fromEntries(raw.map((t: any) => [t.Key, t.Value]))
        : raw;
      expect([id, SERVICE_TAG_KEYS.filter(k => !tags[k])]).toEqual([id, []]);
      expect(tags.Environment).toBe(env);
      expect(tags.Project).toBe('piksel');
      expect(tags.Owner).toBe('storefront-team');
    }
  });

  it('tags with the service, and the System as tenant when it names one', () => {
    template('platform-service-orders-dev').hasResourceProperties(
      'AWS::SecretsManager::Secret',
      {
        Name: 'services/orders/config',
        Tags: Match.arrayWith([
          { Key: 'Service', Value: 'orders' },
          { Key: 'Tenant', Value: 'storefront' },
        ]),
      },
    );
    template('platform-service-catalog-api-staging').hasResourceProperties(
      'AWS::SecretsManager::Secret',
      { Tags: Match.arrayWith([{ Key: 'Tenant', Value: 'storefront-team' }]) },
    );
  });

  it('tags the repositories the pull-through cache creates', () => {
    template('platform-service-shop-hub').hasResourceProperties(
      'AWS::ECR::RepositoryCreationTemplate',
      {
        Prefix: 'mirror/shop',
        ResourceTags: Match.arrayWith([
          { Key: 'Service', Value: 'shop' },
          { Key: 'Environment', Value: 'hub' },
        ]),
      },
    );
  });
});

describe('service image (hub)', () => {
  const hub = template('platform-service-orders-hub');

  it('creates an immutable, scanned repository with its own KMS key', () => {
    hub.hasResourceProperties('AWS::ECR::Repository', {
      RepositoryName: 'orders',
      ImageScanningConfiguration: { ScanOnPush: true },
      ImageTagMutability: 'IMMUTABLE',
      EncryptionConfiguration: {
        EncryptionType: 'KMS',
        KmsKey: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ImageKey'), 'Arn'] },
      },
    });
  });

  it('never expires a tagged image (the one prod runs is tagged)', () => {
    const repo = Object.values(resourcesOf(hub, 'AWS::ECR::Repository'))[0];
    const rules = JSON.parse(
      repo.Properties.LifecyclePolicy.LifecyclePolicyText,
    ).rules;
    expect(rules.map((r: any) => r.selection.tagStatus)).toEqual(['untagged']);
  });

  it('lets only the target spoke accounts pull', () => {
    const repo = Object.values(resourcesOf(hub, 'AWS::ECR::Repository'))[0];
    const statement = repo.Properties.RepositoryPolicyText.Statement[0];
    const principals = JSON.stringify(statement.Principal);
    expect(principals).toContain(account('dev'));
    expect(principals).toContain(account('prod'));
    expect(principals).not.toContain(account('staging'));
    expect(statement.Action).not.toContain('ecr:PutImage');
  });

  it("trusts only the service's build environment of its repository", () => {
    hub.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'github-push-orders',
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: 'sts:AssumeRoleWithWebIdentity',
            Principal: {
              Federated: {
                'Fn::Join': [
                  '',
                  Match.arrayWith([
                    Match.stringLikeRegexp(
                      ':oidc-provider/token.actions.githubusercontent.com$',
                    ),
                  ]),
                ],
              },
            },
            Condition: {
              StringEquals: {
                'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
                'token.actions.githubusercontent.com:sub':
                  'repo:piksel-ina/orders:environment:service-orders-build',
              },
            },
          }),
        ],
      },
    });
  });

  it('creates no push role for a service without CI', () => {
    const roles = resourcesOf(
      template('platform-service-catalog-api-hub'),
      'AWS::IAM::Role',
    );
    expect(Object.keys(roles)).toEqual([]);
  });

  it('mirrors an external image through a pull-through cache rule scoped to the service', () => {
    const shop = template('platform-service-shop-hub');
    shop.resourceCountIs('AWS::ECR::Repository', 0);
    shop.hasResourceProperties('AWS::ECR::PullThroughCacheRule', {
      EcrRepositoryPrefix: 'mirror/shop',
      UpstreamRegistryUrl: 'registry-1.docker.io',
      CredentialArn: registry.hub.ecr.upstreamCredentials!['docker.io'],
    });
    shop.hasResourceProperties('AWS::ECR::RepositoryCreationTemplate', {
      AppliedFor: ['PULL_THROUGH_CACHE'],
      EncryptionConfiguration: { EncryptionType: 'KMS' },
    });
    const warm = Object.values(resourcesOf(shop, 'Custom::AWS'))[0];
    expect(JSON.stringify(warm.Properties.Create)).toContain(
      'mirror/shop/zylwin/phl-store',
    );
  });
});

describe('service runtime (spoke)', () => {
  const dev = template('platform-service-orders-dev');
  const shop = template('platform-service-shop-dev');

  it('puts only platform-owned database facts in the config secret', () => {
    const secret = Object.values(
      resourcesOf(dev, 'AWS::SecretsManager::Secret'),
    ).find(r => r.Properties.Name === 'services/orders/config')!;
    const text = JSON.stringify(secret.Properties.SecretString);
    expect(text).toContain('SsmParameterValueplatformspokeauroraendpoint');
    expect(text).toContain('\\"auth\\":\\"iam\\"');
    expect(text).not.toMatch(/password/i);
  });

  it('trusts only Pod Identity for this service account on this cluster', () => {
    dev.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'pods.eks.amazonaws.com' },
            Condition: {
              StringEquals: {
                'aws:RequestTag/eks-cluster-name': 'dev',
                'aws:RequestTag/kubernetes-namespace': 'orders',
                'aws:RequestTag/kubernetes-service-account': 'orders',
              },
            },
          }),
        ],
      },
    });
    dev.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      ClusterName: 'dev',
      Namespace: 'orders',
      ServiceAccount: 'orders',
    });
  });

  it('lets an IAM-auth pod role connect as its one user', () => {
    const text = JSON.stringify(
      Object.values(resourcesOf(dev, 'AWS::IAM::Policy')).map(
        p => p.Properties.PolicyDocument,
      ),
    );
    expect(text).toContain('rds-db:connect');
    expect(text).toMatch(
      /:dbuser:",\{"Ref":"SsmParameterValueplatformspokeauroraresourceid[^"]*"\},"\/orders"/,
    );
  });

  it('creates the IAM user with data privileges only, and takes DDL away', () => {
    const sql = Object.values(resourcesOf(dev, 'Custom::AWS')).map(
      r => JSON.stringify(r.Properties.Create).match(/"sql\\":\\"(.*?)\\"/)![1],
    );
    expect(sql).toEqual([
      'CREATE DATABASE IF NOT EXISTS `orders`',
      "CREATE USER IF NOT EXISTS 'orders'@'%' IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL",
      "GRANT SELECT, INSERT, UPDATE, DELETE ON `orders`.* TO 'orders'@'%'",
      expect.stringMatching(
        /^REVOKE IF EXISTS CREATE, ALTER, DROP, .* FROM 'orders'@'%'$/,
      ),
    ]);
  });

  it('keeps a password user in its own secret, rotated by the hosted MySQL single-user function in the VPC', () => {
    shop.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'services/shop/database',
      GenerateSecretString: Match.objectLike({
        GenerateStringKey: 'password',
        ExcludePunctuation: true,
      }),
    });
    shop.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      HostedRotationLambda: Match.objectLike({
        RotationType: 'MySQLSingleUser',
        VpcSubnetIds: Match.anyValue(),
        VpcSecurityGroupIds: Match.anyValue(),
      }),
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
    expect(shop.toJSON().Transform).toMatch(/^AWS::SecretsManager-/);
  });

  it('creates the password user without the password in the template', () => {
    const [user] = Object.values(
      resourcesOf(shop, 'Custom::MysqlPasswordUser'),
    );
    const statements: string[] = user.Properties.Statements;
    expect(statements).toEqual(
      expect.arrayContaining([
        "CREATE USER IF NOT EXISTS 'shop'@'%' IDENTIFIED BY '{{password}}' REQUIRE SSL",
        "GRANT CREATE, ALTER, DROP, INDEX, REFERENCES, CREATE TEMPORARY TABLES, LOCK TABLES ON `shop`.* TO 'shop'@'%'",
      ]),
    );
    expect(JSON.stringify(shop.toJSON())).not.toMatch(/resolve:secretsmanager/);
    // The rotation waits for the user.
    const [schedule] = Object.values(
      resourcesOf(shop, 'AWS::SecretsManager::RotationSchedule'),
    );
    expect(JSON.stringify(schedule.DependsOn)).toMatch(/DatabaseUser/);
  });

  it('lets the pod role read both secrets and grants no rds-db:connect in password mode', () => {
    const text = JSON.stringify(
      Object.values(resourcesOf(shop, 'AWS::IAM::Policy'))
        .filter(p => JSON.stringify(p.Properties.Roles).includes('PodRole'))
        .map(p => p.Properties.PolicyDocument),
    );
    expect(text).toContain('RuntimeConfig');
    expect(text).toContain('RuntimeDatabaseSecret');
    expect(text).not.toContain('rds-db:connect');
  });

  it('grants no database access without a database', () => {
    const staging = template('platform-service-catalog-api-staging');
    expect(JSON.stringify(staging.toJSON())).not.toContain('rds-db');
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
    expect(
      () =>
        new ServiceImage(stack(), 'Image', {
          repositoryName: 'phl-store',
          pullAccounts: [],
        }),
    ).toThrow(/ServiceImage: pullAccounts is empty for 'phl-store'/);
  });

  it('names repositoryName when it is not a lower-case DNS label', () => {
    expect(
      () =>
        new ServiceImage(stack(), 'Image', {
          repositoryName: 'PhlStore',
          pullAccounts: ['222233334444'],
        }),
    ).toThrow(/ServiceImage: repositoryName 'PhlStore'/);
  });

  it('names database.user when it is not a MySQL identifier', () => {
    const s = stack();
    expect(
      () =>
        new ServiceRuntime(s, 'Bad', {
          serviceName: 'bad',
          clusterName: 'dev',
          secretName: 'services/bad/config',
          database: {
            target: {
              clusterArn: 'arn:aws:rds:ap-southeast-3:111111111111:cluster:x',
              clusterResourceId: 'cluster-X',
              endpoint: 'x',
              masterSecretArn: 'arn',
              vpc: new ec2.Vpc(s, 'Vpc'),
            },
            schema: 'bad',
            user: "x'; DROP USER root; --",
          },
        }),
    ).toThrow(/ServiceRuntime: database\.user/);
  });

  it('names the service stack after the service and the account', () => {
    expect(serviceStackName('phl-store', 'hub')).toBe(
      'platform-service-phl-store-hub',
    );
  });
});
