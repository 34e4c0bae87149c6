import { Match } from 'aws-cdk-lib/assertions';
import { sampleRegistry, synth } from './helpers';

const registry = sampleRegistry();
const { spoke } = synth(registry);
const byName = (name: string) => registry.spokes.find(s => s.name === name)!;

describe('aurora', () => {
  it('runs Aurora MySQL in the database subnets with KMS encryption, IAM authentication and a managed master secret', () => {
    const t = spoke('staging');
    t.hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-mysql',
      EngineVersion: byName('staging').aurora.engineVersion,
      StorageEncrypted: true,
      KmsKeyId: Match.anyValue(),
      EnableIAMDatabaseAuthentication: true,
      ManageMasterUserPassword: true,
      EnableCloudwatchLogsExports: ['audit', 'error', 'slowquery'],
    });
    t.hasResourceProperties('AWS::RDS::DBSubnetGroup', {
      SubnetIds: Match.arrayWith([
        { Ref: Match.stringLikeRegexp('databaseSubnet1') },
      ]),
    });
    // RDS rotates the managed secret itself; no rotation Lambda is deployed.
    t.resourceCountIs('AWS::SecretsManager::Secret', 0);
  });

  it('enables Performance Insights with the cluster key on every instance', () => {
    const t = spoke('prod');
    t.resourcePropertiesCountIs(
      'AWS::RDS::DBInstance',
      {
        EnablePerformanceInsights: true,
        PerformanceInsightsKMSKeyId: Match.anyValue(),
      },
      1 + byName('prod').aurora.readers,
    );
  });

  it('keeps backups longer and turns deletion protection on where the registry asks for it', () => {
    spoke('prod').hasResourceProperties('AWS::RDS::DBCluster', {
      DeletionProtection: true,
      BackupRetentionPeriod: 35,
    });
    spoke('prod').hasResource('AWS::RDS::DBCluster', {
      DeletionPolicy: 'Retain',
    });
    spoke('dev').hasResourceProperties('AWS::RDS::DBCluster', {
      DeletionProtection: false,
      BackupRetentionPeriod: 7,
    });
    spoke('dev').hasResource('AWS::RDS::DBCluster', {
      DeletionPolicy: 'Snapshot',
    });
  });

  it('auto scales readers between the registry readers and maxReaders', () => {
    const staging = byName('staging').aurora;
    spoke('staging').hasResourceProperties(
      'AWS::ApplicationAutoScaling::ScalableTarget',
      {
        ScalableDimension: 'rds:cluster:ReadReplicaCount',
        MinCapacity: staging.readers,
        MaxCapacity: staging.maxReaders,
      },
    );
    spoke('staging').hasResourceProperties(
      'AWS::ApplicationAutoScaling::ScalingPolicy',
      {
        TargetTrackingScalingPolicyConfiguration: Match.objectLike({
          PredefinedMetricSpecification: {
            PredefinedMetricType: 'RDSReaderAverageCPUUtilization',
          },
        }),
      },
    );
    // Dev has no provisioned reader, and Aurora auto scaling needs one to clone.
    spoke('dev').resourceCountIs(
      'AWS::ApplicationAutoScaling::ScalableTarget',
      0,
    );
  });

  it('allows MySQL only from the node and pod subnets', () => {
    const t = spoke('dev');
    t.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'MySQL from the node subnets',
      SecurityGroupIngress: [
        '10.1.0.0/18',
        '10.1.64.0/18',
        '100.64.0.0/18',
        '100.64.64.0/18',
      ].map(CidrIp =>
        Match.objectLike({ CidrIp, FromPort: 3306, ToPort: 3306 }),
      ),
    });
  });
});
