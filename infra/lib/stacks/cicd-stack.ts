import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CicdRoles } from '../constructs/cicd-roles';
import { InfraHub, InfraSpoke } from '../registry';

/** Properties for {@link CicdStack}. */
export interface CicdStackProps {
  readonly hub: InfraHub;
  /** The spoke this account belongs to; absent for the hub account. */
  readonly spoke?: InfraSpoke;
  /** Every spoke (the hub's handshake role reads their VPCs). */
  readonly spokes: readonly InfraSpoke[];
  /** The platform repository, `owner/name`. */
  readonly repository: string;
  readonly defaultBranch?: string;
}

/**
 * `platform-cicd-<account name>`: the pipeline's GitHub OIDC access to one
 * account. Deployed once by a person when the account joins (see
 * docs/runbooks/add-an-account.md), then by the pipeline like any other stack.
 */
export class CicdStack extends Stack {
  readonly roles: CicdRoles;

  constructor(scope: Construct, id: string, props: CicdStackProps) {
    const { hub, spoke } = props;
    const account = spoke?.account ?? hub.account;
    super(scope, id, {
      env: { account, region: spoke?.region ?? hub.region },
      description: `Platform CI/CD access (GitHub OIDC) for ${
        spoke ? `spoke ${spoke.name}` : 'the hub'
      }`,
    });
    this.roles = new CicdRoles(this, 'Cicd', {
      repository: props.repository,
      defaultBranch: props.defaultBranch,
      environment: spoke?.name ?? 'hub',
      // The hub stack owns the hub account's GitHub OIDC provider (image pushes).
      existingProviderArn: spoke
        ? undefined
        : `arn:aws:iam::${hub.account}:oidc-provider/token.actions.githubusercontent.com`,
      handshakeSpokeAccounts: spoke
        ? undefined
        : props.spokes.map(s => s.account),
      hubAccount: spoke ? hub.account : undefined,
    });
  }
}
