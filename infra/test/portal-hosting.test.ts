import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { PortalHosting } from '../lib/constructs/portal-hosting';
import { portalClusterNameOf } from '../lib/stacks/hub-stack';
import { portalVariantRegistry, sampleRegistry, synth } from './helpers';

const registry = sampleRegistry();
const { hub } = synth(registry);
const hosting = registry.hub.portal.hosting;

function portalRole(t: Template) {
  const [role] = Object.entries(
    t.findResources('AWS::IAM::Role', {
      Properties: { RoleName: hosting.roleName },
    }),
  );
  expect(role).toBeDefined();
  return role;
}

function portalStatements(t: Template): any[] {
  const [logicalId] = portalRole(t);
  return Object.values(t.findResources('AWS::IAM::Policy'))
    .filter(p => p.Properties.Roles.some((r: any) => r.Ref === logicalId))
    .flatMap(p => p.Properties.PolicyDocument.Statement);
}

describe('portal hosting in the hub', () => {
  it('runs Aurora PostgreSQL Serverless v2, encrypted, IAM auth, TLS only, in private subnets', () => {
    hub.hasResourceProperties('AWS::RDS::DBCluster', {
      DBClusterIdentifier: 'platform-portal',
      Engine: 'aurora-postgresql',
      EngineVersion: hosting.database.engineVersion,
      StorageEncrypted: true,
      KmsKeyId: Match.anyValue(),
      EnableIAMDatabaseAuthentication: true,
      ManageMasterUserPassword: true,
      DeletionProtection: true,
      BackupRetentionPeriod: 35,
      ServerlessV2ScalingConfiguration: {
        MinCapacity: hosting.database.minCapacity,
        MaxCapacity: hosting.database.maxCapacity,
      },
    });
    const instances = Object.values(
      hub.findResources('AWS::RDS::DBInstance', {
        Properties: { Engine: 'aurora-postgresql' },
      }),
    );
    expect(instances.map(i => i.Properties.DBInstanceClass)).toEqual([
      'db.serverless',
      'db.serverless',
    ]);
    for (const i of instances) {
      expect(i.Properties.PubliclyAccessible).toBe(false);
    }
    const [params] = Object.values(
      hub.findResources('AWS::RDS::DBClusterParameterGroup', {
        Properties: { Family: 'aurora-postgresql16' },
      }),
    );
    expect(params.Properties.Parameters['rds.force_ssl']).toBe('1');
    // Only the hub VPC reaches the database.
    hub.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'PostgreSQL from the portal pods',
      SecurityGroupIngress: [
        Match.objectLike({
          CidrIp: registry.hub.network.cidr,
          FromPort: 5432,
          ToPort: 5432,
        }),
      ],
    });
  });

  it('creates the IAM-authenticated database user through the Data API', () => {
    const calls = Object.values(hub.findResources('Custom::AWS')).map(r =>
      JSON.stringify(r.Properties.Create),
    );
    const create = calls.find(c => c.includes('CREATE ROLE platform_portal'));
    expect(create).toContain('GRANT rds_iam TO platform_portal');
    expect(create).toContain('CREATEDB');
  });

  it('gives the portal its own role, assumed only by EKS Pod Identity in the hub account', () => {
    const [, role] = portalRole(hub);
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Effect: 'Allow',
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': registry.hub.account },
        },
      },
    ]);
    hub.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      ClusterName: Match.anyValue(),
      Namespace: hosting.namespace,
      ServiceAccount: hosting.serviceAccount,
      RoleArn: { 'Fn::GetAtt': [portalRole(hub)[0], 'Arn'] },
    });
    hub.hasResourceProperties('AWS::EKS::Cluster', {
      Name: portalClusterNameOf(registry.hub.name),
      ResourcesVpcConfig: Match.objectLike({ EndpointPublicAccess: false }),
    });
  });

  it("may assume exactly the spokes' read-only and runbook secret roles", () => {
    const assume = portalStatements(hub).find(
      s => s.Sid === 'AssumeSpokeRoles',
    );
    expect(assume.Action).toBe('sts:AssumeRole');
    const arns = [assume.Resource]
      .flat()
      .map((r: any) =>
        r['Fn::Join'][1]
          .map((p: any) => (typeof p === 'string' ? p : '<partition>'))
          .join(''),
      );
    expect(arns.sort()).toEqual(
      registry.spokes
        .flatMap(s => [
          `arn:<partition>:iam::${s.account}:role/${registry.hub.portal.roleName}`,
          `arn:<partition>:iam::${s.account}:role/${registry.hub.portal.secretWriterRoleName}`,
        ])
        .sort(),
    );
  });

  it('reads only its own secrets and logs in to its database as its own user', () => {
    const statements = portalStatements(hub);
    const secrets = statements.find(s => s.Sid === 'OwnSecrets');
    expect(secrets.Action).toEqual([
      'secretsmanager:GetSecretValue',
      'secretsmanager:DescribeSecret',
    ]);
    expect([secrets.Resource].flat()).toEqual([
      { Ref: expect.stringMatching(/^PortalAppSecret/) },
    ]);
    const login = statements.find(s => s.Sid === 'DatabaseLogin');
    expect(login.Action).toBe('rds-db:connect');
    expect(JSON.stringify(login.Resource)).toContain('DBClusterResourceId');
    expect(JSON.stringify(login.Resource)).toContain('/platform_portal');
    const actions = statements.flatMap(s => [s.Action].flat()).sort();
    expect(actions).toEqual(
      [
        'ec2:DescribeTransitGatewayAttachments',
        'ec2:DescribeTransitGateways',
        'ec2:SearchTransitGatewayRoutes',
        'eks:DescribeAddonVersions',
        'eks:DescribeClusterVersions',
        'kms:Decrypt',
        'rds-db:connect',
        'rds:DescribeDBMajorEngineVersions',
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        'sts:AssumeRole',
      ].sort(),
    );
  });

  it('encrypts the application secret with its own key and generates the cookie-signing secret', () => {
    hub.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'platform-portal/app',
      KmsKeyId: Match.anyValue(),
      GenerateSecretString: Match.objectLike({
        GenerateStringKey: 'AUTH_SESSION_SECRET',
      }),
    });
    hub.resourceCountIs('AWS::ElastiCache::ReplicationGroup', 0);
  });
});

describe('portal hosting with Redis and without deletion protection', () => {
  const { hub: t } = synth(portalVariantRegistry());

  it('runs Redis over TLS with an AUTH token from Secrets Manager, encrypted, multi-AZ', () => {
    t.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      Engine: 'redis',
      TransitEncryptionEnabled: true,
      TransitEncryptionMode: 'required',
      AtRestEncryptionEnabled: true,
      MultiAZEnabled: true,
      AutomaticFailoverEnabled: true,
      NumCacheClusters: 2,
      AuthToken: {
        'Fn::Join': [
          '',
          [
            '{{resolve:secretsmanager:',
            { Ref: Match.stringLikeRegexp('^PortalRedisSecret') },
            ':SecretString:authToken::}}',
          ],
        ],
      },
    });
    const secrets = portalStatements(t).find(s => s.Sid === 'OwnSecrets');
    expect([secrets.Resource].flat()).toHaveLength(2);
  });

  it('follows hub.yaml for deletion protection', () => {
    t.hasResourceProperties('AWS::RDS::DBCluster', {
      DBClusterIdentifier: 'platform-portal',
      DeletionProtection: false,
      BackupRetentionPeriod: 7,
    });
  });
});

describe('PortalHosting input', () => {
  function build(override: object) {
    const stack = new Stack(new App(), 'S', {
      env: { account: '111122223333', region: 'ap-southeast-3' },
    });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    return () =>
      new PortalHosting(stack, 'P', {
        vpc,
        subnets: vpc.privateSubnets,
        clientCidrs: ['10.0.0.0/16'],
        roleName: 'platform-portal',
        podIdentity: { clusterName: 'c', namespace: 'n', serviceAccount: 's' },
        spokeRoleArns: [],
        database: {
          engineVersion: '16.6',
          minCapacity: 0.5,
          maxCapacity: 4,
          deletionProtection: true,
        },
        ...override,
      });
  }

  it('refuses a capacity range upside down, naming both ends', () => {
    expect(
      build({
        database: {
          engineVersion: '16.6',
          minCapacity: 8,
          maxCapacity: 4,
          deletionProtection: true,
        },
      }),
    ).toThrow('database.minCapacity (8) is above maxCapacity (4)');
  });

  it('refuses a database user that is not a PostgreSQL identifier', () => {
    expect(build({ databaseUser: 'portal; DROP' })).toThrow(
      /databaseUser 'portal; DROP'/,
    );
  });
});
