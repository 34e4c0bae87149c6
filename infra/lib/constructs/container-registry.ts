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
 * A customer managed key for ECR repositories that the given spoke accounts may use
 * to decrypt layers, only through ECR (`kms:ViaService`).
 */
export function ecrKey(
  scope: Construct,
  description: string,
  pullAccounts: string[],
): kms.Key {
  const key = new kms.Key(scope, 'Key', {
    description,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  if (pullAccounts.length > 0) {
    // Layers are stored encrypted with this key; spoke pulls decrypt through ECR.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'SpokePullThroughEcr',
        principals: pullAccounts.map(a => new iam.AccountPrincipal(a)),
        actions: ['kms:Decrypt', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: {
          StringEquals: {
            'kms:ViaService': `ecr.${Stack.of(scope).region}.amazonaws.com`,
          },
        },
      }),
    );
  }
  return key;
}

/** Properties for {@link pullableRepository}. */
export interface PullableRepositoryProps {
  readonly repositoryName: string;
  /** Its key (from {@link ecrKey}). */
  readonly key: kms.IKey;
  /** Spoke accounts that may pull; none gives no resource policy. */
  readonly pullAccounts: string[];
  /** Untagged images older than this are expired. */
  readonly untaggedImageAge: Duration;
  /**
   * How many images it keeps.
   * @default - no count limit
   */
  readonly maxImageCount?: number;
}

/**
 * An ECR repository as every platform repository is: immutable tags, scan on push,
 * KMS encryption, kept on stack deletion, untagged images expired, and pulls for the
 * spoke accounts.
 */
export function pullableRepository(
  scope: Construct,
  id: string,
  props: PullableRepositoryProps,
): ecr.Repository {
  const lifecycleRules: ecr.LifecycleRule[] = [
    {
      rulePriority: 1,
      description: 'Expire untagged images',
      tagStatus: ecr.TagStatus.UNTAGGED,
      maxImageAge: props.untaggedImageAge,
    },
  ];
  if (props.maxImageCount !== undefined) {
    lifecycleRules.push({
      rulePriority: 2,
      description: 'Keep the newest images',
      tagStatus: ecr.TagStatus.ANY,
      maxImageCount: props.maxImageCount,
    });
  }
  const repo = new ecr.Repository(scope, id, {
    repositoryName: props.repositoryName,
    imageScanOnPush: true,
    imageTagMutability: ecr.TagMutability.IMMUTABLE,
    encryption: ecr.RepositoryEncryption.KMS,
    encryptionKey: props.key,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules,
  });
  if (props.pullAccounts.length > 0) {
    repo.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'SpokePull',
        principals: props.pullAccounts.map(a => new iam.AccountPrincipal(a)),
        actions: ECR_PULL_ACTIONS,
      }),
    );
  }
  return repo;
}

/**
 * The central ECR: immutable-tag repositories encrypted with a customer managed key,
 * scanned on push, expired by lifecycle rules, and pullable by the spoke accounts.
 */
export class ContainerRegistry extends Construct {
  readonly key: kms.Key;
  readonly repositories: ecr.Repository[];

  constructor(scope: Construct, id: string, props: ContainerRegistryProps) {
    super(scope, id);
    const accounts = [...new Set(props.pullAccounts)].sort();
    this.key = ecrKey(this, 'Encrypts the central ECR repositories', accounts);
    this.repositories = props.repositories.map(repositoryName =>
      pullableRepository(this, pascal(repositoryName), {
        repositoryName,
        key: this.key,
        pullAccounts: accounts,
        untaggedImageAge: props.untaggedImageAge ?? Duration.days(14),
        maxImageCount: props.maxImageCount ?? 200,
      }),
    );
  }
}
