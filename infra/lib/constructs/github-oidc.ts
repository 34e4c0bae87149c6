import { Duration, Validations } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** The GitHub Actions OIDC issuer. */
export const GITHUB_OIDC_URL = 'https://token.actions.githubusercontent.com';

/** Properties for {@link GithubOidcPush}. */
export interface GithubOidcPushProps {
  /** The GitHub organisation whose repositories may push, e.g. `acme`. */
  readonly organization: string;
  /**
   * Repository name patterns within the organisation.
   * @default ['*'] - every repository of the organisation
   */
  readonly repositories?: string[];
  /** The repositories the role may push to. */
  readonly pushTo: ecr.IRepository[];
}

/**
 * The GitHub Actions OIDC provider and the image push role its workflows assume. The
 * trust is scoped to the organisation's repositories through the token's `sub` claim.
 */
export class GithubOidcPush extends Construct {
  readonly provider: iam.OidcProviderNative;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: GithubOidcPushProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(props.organization)) {
      throw new Error(
        `GithubOidcPush: organization '${props.organization}' is not a GitHub organisation name`,
      );
    }
    this.provider = new iam.OidcProviderNative(this, 'Provider', {
      url: GITHUB_OIDC_URL,
      clientIds: ['sts.amazonaws.com'],
    });
    const subjects = (props.repositories ?? ['*']).map(
      repo => `repo:${props.organization}/${repo}:*`,
    );
    this.role = new iam.Role(this, 'PushRole', {
      description: `GitHub Actions in ${props.organization} push images to the central ECR`,
      maxSessionDuration: Duration.hours(1),
      assumedBy: new iam.WebIdentityPrincipal(this.provider.oidcProviderArn, {
        StringEquals: {
          'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        },
        StringLike: { 'token.actions.githubusercontent.com:sub': subjects },
      }),
    });
    for (const repo of props.pushTo) repo.grantPullPush(this.role);
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'The ECR action GetAuthorizationToken has no resource-level permissions, so the push role is granted it on every resource; pushes themselves are limited to the listed repositories.',
    });
  }
}
