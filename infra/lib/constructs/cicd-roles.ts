import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { GITHUB_OIDC_URL } from './github-oidc';
import { acknowledgeManagedPolicies, acknowledgeWildcards } from './nag';

/** Role names the pipeline's workflows and CLI address in every account. */
export const CICD_ROLE_NAMES = {
  deploy: 'platform-cicd-deploy',
  diff: 'platform-cicd-diff',
  handshake: 'platform-cicd-handshake',
  networkReader: 'platform-cicd-network-reader',
} as const;

/** The CDK bootstrap qualifier the app synthesizes for (the default). */
const CDK_QUALIFIER = 'hnb659fds';

/** Properties for {@link CicdRoles}. */
export interface CicdRolesProps {
  /** The platform repository, `owner/name`. */
  readonly repository: string;
  /** Its default branch, whose scheduled jobs (drift) use the diff role. @default 'main' */
  readonly defaultBranch?: string;
  /** The GitHub environment of this account (`hub`, or the spoke's name). */
  readonly environment: string;
  /**
   * The account's GitHub OIDC provider, when another stack already owns it (the
   * hub stack does in the hub account).
   * @default - this construct creates the provider
   */
  readonly existingProviderArn?: string;
  /**
   * Hub only: the spoke accounts whose network reader role the handshake role may
   * assume. Setting it creates the handshake role.
   * @default - no handshake role
   */
  readonly handshakeSpokeAccounts?: readonly string[];
  /**
   * Spoke only: the hub account, whose handshake role may read this account's
   * VPCs. Setting it creates the network reader role.
   * @default - no network reader role
   */
  readonly hubAccount?: string;
}

/**
 * The pipeline's access to one account, all through GitHub OIDC (no stored keys):
 *
 * - `platform-cicd-deploy`: trusted only by jobs in this account's GitHub
 *   environment (`repo:<owner>/<repo>:environment:<env>`; the environment itself
 *   admits only the default branch); may only assume the CDK bootstrap roles,
 *   which do the deploying.
 * - `platform-cicd-diff`: trusted by pull requests and the default branch (the
 *   scheduled drift job); reads, creates/describes/deletes change sets and runs
 *   drift detection, may assume the bootstrap lookup and file-publishing roles,
 *   and can never execute a change set or read a secret.
 * - hub: `platform-cicd-handshake` (environment `hub`): the Transit Gateway
 *   handshake calls, and reading spoke VPCs through their network reader role.
 * - spoke: `platform-cicd-network-reader`: `ec2:DescribeVpcs`, for the hub's
 *   handshake role only.
 */
export class CicdRoles extends Construct {
  readonly provider: iam.IOidcProvider;
  readonly deployRole: iam.Role;
  readonly diffRole: iam.Role;
  readonly handshakeRole?: iam.Role;
  readonly networkReaderRole?: iam.Role;

  constructor(scope: Construct, id: string, props: CicdRolesProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(props.repository)) {
      throw new Error(
        `CicdRoles: repository '${props.repository}' must be owner/name`,
      );
    }
    const stack = Stack.of(this);
    const { account, region } = stack;
    const branch = props.defaultBranch ?? 'main';
    this.provider = props.existingProviderArn
      ? iam.OidcProviderNative.fromOidcProviderArn(
          this,
          'Provider',
          props.existingProviderArn,
        )
      : new iam.OidcProviderNative(this, 'Provider', {
          url: GITHUB_OIDC_URL,
          clientIds: ['sts.amazonaws.com'],
        });
    const github = (subjects: string[]) =>
      new iam.WebIdentityPrincipal(this.provider.oidcProviderArn, {
        StringEquals: {
          'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
          'token.actions.githubusercontent.com:sub':
            subjects.length === 1 ? subjects[0] : subjects,
        },
      });
    const repo = `repo:${props.repository}`;
    const bootstrapRole = (kind: string) =>
      `arn:${stack.partition}:iam::${account}:role/cdk-${CDK_QUALIFIER}-${kind}-role-${account}-${region}`;

    this.deployRole = new iam.Role(this, 'DeployRole', {
      roleName: CICD_ROLE_NAMES.deploy,
      description: `Platform deploys from ${props.repository}, GitHub environment ${props.environment} only`,
      maxSessionDuration: Duration.hours(2),
      assumedBy: github([`${repo}:environment:${props.environment}`]),
    });
    this.deployRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        resources: [
          'deploy',
          'file-publishing',
          'image-publishing',
          'lookup',
        ].map(bootstrapRole),
      }),
    );

    this.diffRole = new iam.Role(this, 'DiffRole', {
      roleName: CICD_ROLE_NAMES.diff,
      description: `Read-only previews and drift detection for ${props.repository}`,
      maxSessionDuration: Duration.hours(1),
      assumedBy: github([
        `${repo}:pull_request`,
        `${repo}:ref:refs/heads/${branch}`,
      ]),
      // Drift detection reads every resource with the caller's own permissions.
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess'),
      ],
    });
    const stacks = `arn:${stack.partition}:cloudformation:${region}:${account}:stack/platform-*/*`;
    this.diffRole.addToPolicy(
      new iam.PolicyStatement({
        actions: [
          'cloudformation:CreateChangeSet',
          'cloudformation:DeleteChangeSet',
          'cloudformation:DescribeChangeSet',
          'cloudformation:DetectStackDrift',
          'cloudformation:DetectStackResourceDrift',
        ],
        resources: [
          stacks,
          `arn:${stack.partition}:cloudformation:${region}:${account}:changeSet/platform-pr-*/*`,
        ],
      }),
    );
    this.diffRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['sts:AssumeRole'],
        resources: ['lookup', 'file-publishing'].map(bootstrapRole),
      }),
    );
    this.diffRole.addToPolicy(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        actions: [
          'cloudformation:ExecuteChangeSet',
          'secretsmanager:GetSecretValue',
          'kms:Decrypt',
          'ssm:GetParameter*',
        ],
        resources: ['*'],
      }),
    );
    acknowledgeManagedPolicies(
      this.diffRole,
      ['ReadOnlyAccess'],
      'CloudFormation drift detection reads every resource type of the platform stacks with the caller’s permissions, which only the AWS managed read-only policy keeps complete; secrets, decryption and change set execution are explicitly denied.',
    );
    acknowledgeWildcards(
      this.diffRole,
      [
        'cloudformation:stack/platform-*/*',
        'cloudformation:changeSet/platform-pr-*/*',
      ],
      'The preview and drift calls are limited to the platform stacks by name prefix and to change sets the pipeline names, whose ids CloudFormation generates.',
    );
    Validations.of(this.diffRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'The only statement on every resource is an explicit deny of secret reads, decryption and change set execution, which narrows the role.',
    });

    if (props.handshakeSpokeAccounts) {
      this.handshakeRole = this.createHandshakeRole(
        github([`${repo}:environment:${props.environment}`]),
        props.handshakeSpokeAccounts,
      );
    }
    if (props.hubAccount) {
      this.networkReaderRole = new iam.Role(this, 'NetworkReaderRole', {
        roleName: CICD_ROLE_NAMES.networkReader,
        description:
          "Lets the hub's Transit Gateway handshake check this account's VPC CIDR",
        maxSessionDuration: Duration.hours(1),
        assumedBy: new iam.AccountPrincipal(props.hubAccount).withConditions({
          ArnEquals: {
            'aws:PrincipalArn': `arn:${stack.partition}:iam::${props.hubAccount}:role/${CICD_ROLE_NAMES.handshake}`,
          },
        }),
      });
      this.networkReaderRole.addToPolicy(
        new iam.PolicyStatement({
          actions: ['ec2:DescribeVpcs'],
          resources: ['*'],
        }),
      );
      Validations.of(this.networkReaderRole).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'The EC2 call DescribeVpcs has no resource-level permissions; the role can read VPC descriptions and nothing else.',
      });
    }
  }

  private createHandshakeRole(
    principal: iam.IPrincipal,
    spokeAccounts: readonly string[],
  ): iam.Role {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'HandshakeRole', {
      roleName: CICD_ROLE_NAMES.handshake,
      description:
        'Accepts, associates and routes registered spoke attachments on the hub Transit Gateway',
      maxSessionDuration: Duration.hours(1),
      assumedBy: principal,
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: [
          'ec2:DescribeTransitGateways',
          'ec2:DescribeTransitGatewayAttachments',
          'ec2:DescribeTransitGatewayRouteTables',
        ],
        resources: ['*'],
      }),
    );
    const arn = (resource: string) =>
      stack.formatArn({ service: 'ec2', resource, resourceName: '*' });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: [
          'ec2:AcceptTransitGatewayVpcAttachment',
          'ec2:AssociateTransitGatewayRouteTable',
          'ec2:CreateTransitGatewayRoute',
          'ec2:DeleteTransitGatewayRoute',
          'ec2:SearchTransitGatewayRoutes',
        ],
        resources: [
          arn('transit-gateway-attachment'),
          arn('transit-gateway-route-table'),
        ],
      }),
    );
    if (spokeAccounts.length) {
      role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['sts:AssumeRole'],
          resources: spokeAccounts.map(
            a =>
              `arn:${stack.partition}:iam::${a}:role/${CICD_ROLE_NAMES.networkReader}`,
          ),
        }),
      );
    }
    acknowledgeWildcards(
      role,
      ['ec2:transit-gateway-attachment/*', 'ec2:transit-gateway-route-table/*'],
      'Spoke attachment ids are created in the spoke accounts and not known when the hub deploys; the handshake itself accepts only attachments from registered accounts whose VPC CIDR matches the registry.',
    );
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'The Transit Gateway describe calls have no resource-level permissions; they only read.',
    });
    return role;
  }
}
