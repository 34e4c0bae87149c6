import { Duration, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { AwsCall } from './aws-call';
import {
  ECR_PULL_ACTIONS,
  ecrKey,
  pullableRepository,
} from './container-registry';
import { acknowledgeWildcards } from './nag';

/*
 * A service's hub half, in its own stack (`platform-service-<name>-hub`): the ECR
 * repository its CI pushes to with the push role, or, for an image built elsewhere,
 * the pull-through cache rule that mirrors it. Each has its own KMS key, so nothing
 * here references the `platform-hub` stack.
 */

const SERVICE_NAME = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;

/** Throws naming the construct and property unless `value` is a lower-case DNS label. */
export function checkServiceName(
  construct: string,
  prop: string,
  value: string,
) {
  if (!SERVICE_NAME.test(value)) {
    throw new Error(
      `${construct}: ${prop} '${value}' is not a lower-case DNS label`,
    );
  }
}

/** A KMS key spoke accounts may use only through ECR, to decrypt the layers they pull. */
function sortedAccounts(construct: string, name: string, accounts: string[]) {
  const sorted = [...new Set(accounts)].sort();
  if (sorted.length === 0) {
    throw new Error(
      `${construct}: pullAccounts is empty for '${name}'; a service runs on at least one spoke`,
    );
  }
  return sorted;
}

/** Properties for {@link ServiceImage}. */
export interface ServiceImageProps {
  /** ECR repository name (the service name). */
  readonly repositoryName: string;
  /** Account ids of the spokes the service runs on: the only ones that may pull. */
  readonly pullAccounts: string[];
  /**
   * Untagged images older than this are expired.
   * @default Duration.days(14)
   */
  readonly untaggedImageAge?: Duration;
  /** The GitHub repository whose build job pushes the image through OIDC. */
  readonly ci?: {
    /** ARN of the hub's GitHub OIDC provider (built from the account; never a stack reference). */
    readonly oidcProviderArn: string;
    readonly organization: string;
    readonly repository: string;
    /** Fixed so the workflow can name it without a lookup: `github-push-<name>`. */
    readonly roleName: string;
    /** The GitHub environment of the push job, `service-<name>-build`: the only subject trusted. */
    readonly environment: string;
  };
}

/**
 * A service's image repository in the hub ECR: immutable tags, its own KMS key,
 * scan on push, pull access for its spokes only, and a push role only its build
 * job's GitHub environment can assume. The lifecycle expires untagged images only:
 * ECR rules select an image when any of its tags matches, so a count rule on build
 * tags could expire the digest prod runs; tagged images are kept.
 */
export class ServiceImage extends Construct {
  readonly key: kms.Key;
  readonly repository: ecr.Repository;
  readonly pushRole?: iam.Role;

  constructor(scope: Construct, id: string, props: ServiceImageProps) {
    super(scope, id);
    checkServiceName('ServiceImage', 'repositoryName', props.repositoryName);
    const accounts = sortedAccounts(
      'ServiceImage',
      props.repositoryName,
      props.pullAccounts,
    );
    this.key = ecrKey(
      this,
      `Encrypts the images of ${props.repositoryName}`,
      accounts,
    );
    this.repository = pullableRepository(this, 'Repository', {
      repositoryName: props.repositoryName,
      key: this.key,
      pullAccounts: accounts,
      untaggedImageAge: props.untaggedImageAge ?? Duration.days(14),
    });

    if (props.ci) {
      const { organization, repository, environment } = props.ci;
      if (!/^[A-Za-z0-9._-]+$/.test(repository)) {
        throw new Error(
          `ServiceImage: ci.repository '${repository}' is not a GitHub repository name`,
        );
      }
      this.pushRole = new iam.Role(this, 'PushRole', {
        roleName: props.ci.roleName,
        description: `GitHub Actions on ${organization}/${repository} in environment ${environment} push ${props.repositoryName}`,
        maxSessionDuration: Duration.hours(1),
        assumedBy: new iam.WebIdentityPrincipal(props.ci.oidcProviderArn, {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            // Only jobs in this service's build environment: another service's
            // workflow in the same monorepo runs in its own environment.
            'token.actions.githubusercontent.com:sub': `repo:${organization}/${repository}:environment:${environment}`,
          },
        }),
      });
      this.repository.grantPullPush(this.pushRole);
      acknowledgeWildcards(
        this.pushRole,
        ['*'],
        'The ECR action GetAuthorizationToken has no resource-level permissions, so the push role is granted it on every resource; pushes themselves are limited to this one repository.',
      );
    }
  }
}

/** Properties for {@link ServiceImageMirror}. */
export interface ServiceImageMirrorProps {
  readonly serviceName: string;
  /** Repository prefix of the rule, e.g. `mirror/phl-store`. */
  readonly prefix: string;
  /** Upstream registry URL, e.g. `registry-1.docker.io`. */
  readonly upstreamRegistryUrl: string;
  /** Secret ARN (`ecr-pullthroughcache/...`) when the upstream needs a credential. */
  readonly credentialArn?: string;
  /** Upstream repository path and tag warmed at deploy time, e.g. `zylwin/phl-store`, `latest`. */
  readonly upstreamPath: string;
  readonly tag: string;
  readonly pullAccounts: string[];
  /** Resource tags for the repositories the cache creates (CloudFormation does not create them). */
  readonly tags: Record<string, string>;
}

/**
 * An image built outside the platform, mirrored into the hub ECR by a pull-through
 * cache rule scoped to this service, so spokes pull it from the hub over the
 * Transit Gateway and never from the internet. A repository creation template gives
 * the repositories the cache creates the key, tags, scanning and pull policy; a
 * deploy-time pull warms the mirror so the first sync finds the image.
 */
export class ServiceImageMirror extends Construct {
  readonly key: kms.Key;
  readonly rule: ecr.CfnPullThroughCacheRule;
  /** `mirror/<service>/<upstream path>`: the repository spokes pull from. */
  readonly repositoryName: string;

  constructor(scope: Construct, id: string, props: ServiceImageMirrorProps) {
    super(scope, id);
    checkServiceName('ServiceImageMirror', 'serviceName', props.serviceName);
    const accounts = sortedAccounts(
      'ServiceImageMirror',
      props.serviceName,
      props.pullAccounts,
    );
    const stack = Stack.of(this);
    this.key = ecrKey(
      this,
      `Encrypts the mirrored images of ${props.serviceName}`,
      accounts,
    );
    this.repositoryName = `${props.prefix}/${props.upstreamPath}`;
    const template = new ecr.CfnRepositoryCreationTemplate(this, 'Template', {
      prefix: props.prefix,
      description: `Repositories mirrored for ${props.serviceName}`,
      appliedFor: ['PULL_THROUGH_CACHE'],
      // Upstream tags move (e.g. latest); the mirror follows them.
      imageTagMutability: 'MUTABLE',
      encryptionConfiguration: {
        encryptionType: 'KMS',
        kmsKey: this.key.keyArn,
      },
      resourceTags: Object.entries(props.tags).map(([key, value]) => ({
        key,
        value,
      })),
      repositoryPolicy: stack.toJsonString({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'SpokePull',
            Effect: 'Allow',
            Principal: {
              AWS: accounts.map(a => `arn:${stack.partition}:iam::${a}:root`),
            },
            Action: ECR_PULL_ACTIONS,
          },
        ],
      }),
      lifecyclePolicy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: 'Expire untagged images',
            selection: {
              tagStatus: 'untagged',
              countType: 'sinceImagePushed',
              countUnit: 'days',
              countNumber: 14,
            },
            action: { type: 'expire' },
          },
        ],
      }),
    });
    this.rule = new ecr.CfnPullThroughCacheRule(this, 'Rule', {
      ecrRepositoryPrefix: props.prefix,
      upstreamRegistryUrl: props.upstreamRegistryUrl,
      credentialArn: props.credentialArn,
    });
    this.rule.node.addDependency(template);

    const repositoryArn = stack.formatArn({
      service: 'ecr',
      resource: 'repository',
      resourceName: `${props.prefix}/*`,
    });
    // The first pull through the rule creates the repository and imports the image.
    const warm = new AwsCall(this, 'Warm', {
      onCreate: {
        service: 'ECR',
        action: 'batchGetImage',
        parameters: {
          repositoryName: this.repositoryName,
          imageIds: [{ imageTag: props.tag }],
        },
        physicalResourceId: {
          id: `${this.repositoryName}:${props.tag}`,
        },
        outputPaths: ['images.0.imageId.imageDigest'],
      },
      statements: [
        new iam.PolicyStatement({
          actions: [
            'ecr:BatchGetImage',
            'ecr:BatchImportUpstreamImage',
            'ecr:CreateRepository',
            'ecr:TagResource',
          ],
          resources: [repositoryArn],
        }),
        new iam.PolicyStatement({
          actions: ['kms:CreateGrant', 'kms:DescribeKey', 'kms:Decrypt'],
          resources: [this.key.keyArn],
        }),
      ],
      acknowledgements: [
        {
          id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecr:${stack.region}:${stack.account}:repository/${props.prefix}/*]`,
          reason:
            'The pull-through cache creates repositories under this service prefix only; their full names follow the upstream path.',
        },
      ],
    });
    warm.node.addDependency(this.rule);
  }
}
