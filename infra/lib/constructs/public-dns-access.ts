import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { acknowledgeFindings } from './nag';

/** Properties for {@link PublicDnsAccess}. */
export interface PublicDnsAccessProps {
  /** The hub role's name (the spoke builds its ARN from it). */
  readonly roleName: string;
  /** The spoke account. */
  readonly spokeAccount: string;
  /** The only principal in the spoke account that may assume the role. */
  readonly spokeRoleName: string;
  /** The public zones the spoke may write records in. */
  readonly zones: route53.IPublicHostedZone[];
}

/**
 * A role in the hub that one spoke's external-dns assumes to write records in the
 * hub's public zones: trusted by that spoke account only for the named external-dns
 * role (a principal-ARN condition, so the trust policy is valid before the spoke
 * role exists), `route53:ChangeResourceRecordSets` on those zones only.
 */
export class PublicDnsAccess extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: PublicDnsAccessProps) {
    super(scope, id);
    if (props.zones.length === 0) {
      throw new Error('PublicDnsAccess: zones must list at least one zone');
    }
    const spokeRoleArn = `arn:aws:iam::${props.spokeAccount}:role/${props.spokeRoleName}`;
    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      description: `external-dns of account ${props.spokeAccount} writing its public records`,
      assumedBy: new iam.AccountPrincipal(props.spokeAccount).withConditions({
        ArnEquals: { 'aws:PrincipalArn': spokeRoleArn },
      }),
    });
    const zoneArns = props.zones.map(z => z.hostedZoneArn);
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ChangeRecords',
        actions: ['route53:ChangeResourceRecordSets'],
        resources: zoneArns,
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadRecords',
        actions: [
          'route53:ListResourceRecordSets',
          'route53:ListTagsForResource',
        ],
        resources: zoneArns,
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'FindZones',
        actions: ['route53:ListHostedZones'],
        resources: ['*'],
      }),
    );
    acknowledgeFindings(
      this.role,
      'AwsSolutions-IAM5',
      ['Resource::*'],
      'The route53:ListHostedZones call has no resource-level permissions; external-dns needs it to map its domain filter to zone ids, and every record change is limited to the listed zones.',
    );
  }
}
