import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { acknowledgeFindings } from './nag';

/** One spoke subdomain under a hub public zone. */
export interface DelegatedSubdomain {
  /** The hub's public zone (the parent). */
  readonly parent: route53.IPublicHostedZone;
  /** The subdomain the spoke owns, e.g. `dev.app.example.com`. */
  readonly zoneName: string;
}

/** Properties for {@link PublicZoneDelegation}. */
export interface PublicZoneDelegationProps {
  /** The hub role's name (the spoke builds its ARN from it). */
  readonly roleName: string;
  /** The spoke account, the only one trusted. */
  readonly spokeAccount: string;
  /** The spoke's subdomains, each in its parent zone. */
  readonly subdomains: DelegatedSubdomain[];
}

/**
 * A role in the hub that one spoke's stack assumes (through CDK's
 * `CrossAccountZoneDelegationRecord`) to write the NS records delegating its own
 * subdomains: `zone.grantDelegation` with `delegatedZoneNames`, so it may only UPSERT
 * or DELETE NS records named exactly after that spoke's subdomains, in their parent
 * zones. The trust names the spoke account only: the delegation custom resource's
 * role gets a name CloudFormation generates, so no principal ARN can be pinned; the
 * permissions are what keep the role small.
 */
export class PublicZoneDelegation extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: PublicZoneDelegationProps) {
    super(scope, id);
    if (props.subdomains.length === 0) {
      throw new Error(
        'PublicZoneDelegation: subdomains must list at least one subdomain',
      );
    }
    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      description: `Account ${props.spokeAccount} delegating its public subdomains (NS records only)`,
      assumedBy: new iam.AccountPrincipal(props.spokeAccount),
    });
    for (const { parent, zoneName } of props.subdomains) {
      parent.grantDelegation(this.role, { delegatedZoneNames: [zoneName] });
    }
    acknowledgeFindings(
      this.role,
      'AwsSolutions-IAM5',
      ['Resource::*'],
      'The route53:ListHostedZonesByName call has no resource-level permissions; the delegation custom resource uses it to find the parent zone by name, and every record change is limited to NS records of the spoke subdomains.',
    );
  }
}
