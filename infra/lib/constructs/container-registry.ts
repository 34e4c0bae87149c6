import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { pascal } from './names';

/** Properties for {@link ContainerRegistry}. */
export interface ContainerRegistryProps {
  /** Repository names, e.g. `platform/portal`. */
  readonly repositories: string[];
  /** Spoke account ids allowed to pull every repository. */
  readonly pullAccounts: string[];
  /**
   * Untagged images older than this are expired.
   * @default Duration.days(14)
   */
  readonly untaggedImageAge?: Duration;
  /**
   * How many images each repository keeps.
   * @default 200
   */
  readonly maxImageCount?: number;
}

/** The ECR pull actions a spoke needs (image manifest and layers). */
export const ECR_PULL_ACTIONS = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
];

/**
 * The central ECR: immutable-tag repositories encrypted with a customer managed key,
 * scanned on push, expired by lifecycle rules, and pullable by the spoke accounts.
 */
export class ContainerRegistry extends Construct {
  readonly key: kms.Key;
  readonly repositories: ecr.Repository[];

  constructor(scope: Construct, id: string, props: ContainerRegistryProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = new kms.Key(this, 'Key', {
      description: 'Encrypts the central ECR repositories',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const accounts = [...new Set(props.pullAccounts)].sort();
    if (accounts.length > 0) {
      // Layers are stored encrypted with this key; spoke pulls decrypt through ECR.
      this.key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'SpokePullThroughEcr',
          principals: accounts.map(a => new iam.AccountPrincipal(a)),
          actions: ['kms:Decrypt', 'kms:DescribeKey'],
          resources: ['*'],
          conditions: {
            StringEquals: {
              'kms:ViaService': `ecr.${stack.region}.amazonaws.com`,
            },
          },
        }),
      );
    }
    this.repositories = props.repositories.map(repositoryName => {
      const repo = new ecr.Repository(this, pascal(repositoryName), {
        repositoryName,
        imageScanOnPush: true,
        imageTagMutability: ecr.TagMutability.IMMUTABLE,
        encryption: ecr.RepositoryEncryption.KMS,
        encryptionKey: this.key,
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
            maxImageCount: props.maxImageCount ?? 200,
          },
        ],
      });
      if (accounts.length > 0) {
        repo.addToResourcePolicy(
          new iam.PolicyStatement({
            sid: 'SpokePull',
            principals: accounts.map(a => new iam.AccountPrincipal(a)),
            actions: ECR_PULL_ACTIONS,
          }),
        );
      }
      return repo;
    });
  }
}
