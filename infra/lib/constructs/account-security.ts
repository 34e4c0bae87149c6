import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Properties for {@link AccountSecurity}. */
export interface AccountSecurityProps {
  /** Used in descriptions (the hub's or spoke's name). */
  readonly accountLabel: string;
  /**
   * How long the trail's CloudWatch log group keeps events (the bucket keeps them
   * for `bucketRetentionDays`).
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Days before trail objects expire from the bucket.
   * @default 2555 (7 years)
   */
  readonly bucketRetentionDays?: number;
}

/**
 * Per-account detective controls: a GuardDuty detector with EKS audit-log
 * monitoring and EKS runtime monitoring (GuardDuty manages its security agent
 * add-on), and a multi-region CloudTrail trail with log file validation, KMS
 * encryption, a TLS-only versioned bucket and a CloudWatch log group.
 *
 * When an organisation administrator already runs GuardDuty or an organisation
 * trail for this account, the detector or trail duplicates it: see
 * infra/README.md ("Security monitoring") for how to switch them off then.
 */
export class AccountSecurity extends Construct {
  readonly detector: guardduty.CfnDetector;
  readonly trail: cloudtrail.Trail;
  readonly trailKey: kms.Key;
  readonly trailBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: AccountSecurityProps) {
    super(scope, id);
    this.detector = new guardduty.CfnDetector(this, 'Detector', {
      enable: true,
      findingPublishingFrequency: 'FIFTEEN_MINUTES',
      features: [
        { name: 'EKS_AUDIT_LOGS', status: 'ENABLED' },
        {
          name: 'RUNTIME_MONITORING',
          status: 'ENABLED',
          additionalConfiguration: [
            { name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' },
          ],
        },
      ],
    });

    this.trailKey = new kms.Key(this, 'TrailKey', {
      description: `Encrypts the CloudTrail trail of ${props.accountLabel}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.trailBucket = new s3.Bucket(this, 'TrailBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          expiration: Duration.days(props.bucketRetentionDays ?? 2555),
          noncurrentVersionExpiration: Duration.days(30),
        },
      ],
    });
    Validations.of(this.trailBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket only receives CloudTrail log files, and the trail itself records every API call on it; server access logs would need a second bucket that logs nothing new.',
    });
    const logGroup = new logs.LogGroup(this, 'TrailLogs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.trail = new cloudtrail.Trail(this, 'Trail', {
      bucket: this.trailBucket,
      encryptionKey: this.trailKey,
      enableFileValidation: true,
      includeGlobalServiceEvents: true,
      isMultiRegionTrail: true,
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: logGroup,
    });
    // CloudTrail encrypts with the key; the key policy must allow it (CDK adds it
    // for the trail, this statement covers log file validation digests reads).
    this.trailKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudTrailDescribeKey',
        actions: ['kms:DescribeKey'],
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        resources: ['*'],
      }),
    );
  }
}
