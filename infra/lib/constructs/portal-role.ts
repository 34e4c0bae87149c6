import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeWildcards } from './nag';

/** Properties for {@link PortalReadOnlyRole}. */
export interface PortalReadOnlyRoleProps {
  /**
   * The principal the portal runs as in the hub account (a role ARN, or the hub
   * account id).
   */
  readonly portalPrincipal: string;
  /** The external id the portal presents when it assumes the role. */
  readonly externalId: string;
  /** The spoke's EKS cluster name. */
  readonly clusterName: string;
  /** The spoke's Aurora cluster identifier. */
  readonly dbClusterIdentifier: string;
  /** ARN of the Aurora master user secret (only described, never read). */
  readonly dbSecretArn: string;
  /**
   * The role name, so the portal can build its ARN from the account id.
   * @default 'platform-portal-read-only'
   */
  readonly roleName?: string;
}

/**
 * Every action spoke health calls in a spoke account, and nothing else. The hub-side
 * calls (Transit Gateway listing, EKS version calendar) are made once for all spokes
 * in the hub account with the portal's own identity, so the spoke role does not
 * carry them (plugins/platform-backend/README.md lists both policies).
 */
export const PORTAL_ACTIONS = [
  'eks:DescribeCluster',
  'eks:ListNodegroups',
  'eks:DescribeNodegroup',
  'eks:ListAddons',
  'eks:DescribeAddon',
  'eks:ListCapabilities',
  'eks:DescribeCapability',
  'rds:DescribeDBClusters',
  'rds:DescribeDBInstances',
  'rds:DescribePendingMaintenanceActions',
  'secretsmanager:DescribeSecret',
  'secretsmanager:ListSecrets',
] as const;

/**
 * The read-only role the portal assumes in a spoke for health checks: trusted only
 * for the hub's portal principal with the external id, allowed only the Describe and
 * List calls spoke health makes, scoped to this spoke's cluster and database where
 * the service supports it.
 */
export class PortalReadOnlyRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: PortalReadOnlyRoleProps) {
    super(scope, id);
    if (props.externalId.length < 2) {
      throw new Error('PortalReadOnlyRole: externalId must not be empty');
    }
    const stack = Stack.of(this);
    const principal = /^\d{12}$/.test(props.portalPrincipal)
      ? new iam.AccountPrincipal(props.portalPrincipal)
      : new iam.ArnPrincipal(props.portalPrincipal);
    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName ?? 'platform-portal-read-only',
      description:
        'Read-only access for the platform portal spoke health checks',
      assumedBy: principal,
      externalIds: [props.externalId],
    });
    const eksArn = (resource: string, name: string) =>
      stack.formatArn({ service: 'eks', resource, resourceName: name });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'EksCluster',
        actions: [
          'eks:DescribeCluster',
          'eks:ListNodegroups',
          'eks:DescribeNodegroup',
          'eks:ListAddons',
          'eks:DescribeAddon',
          'eks:ListCapabilities',
          'eks:DescribeCapability',
        ],
        resources: [
          eksArn('cluster', props.clusterName),
          eksArn('nodegroup', `${props.clusterName}/*`),
          eksArn('addon', `${props.clusterName}/*`),
          eksArn('capability', `${props.clusterName}/*`),
        ],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'Unscoped',
        // ListSecrets returns names and tags, never values; it has no resource scope.
        actions: [
          'rds:DescribePendingMaintenanceActions',
          'secretsmanager:ListSecrets',
        ],
        resources: ['*'],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'Aurora',
        actions: ['rds:DescribeDBClusters', 'rds:DescribeDBInstances'],
        resources: [
          stack.formatArn({
            service: 'rds',
            resource: 'cluster',
            resourceName: props.dbClusterIdentifier,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
          stack.formatArn({
            service: 'rds',
            resource: 'db',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'AuroraSecret',
        actions: ['secretsmanager:DescribeSecret'],
        resources: [props.dbSecretArn],
      }),
    );
    acknowledgeWildcards(
      this.role,
      [
        '*',
        `eks:nodegroup/${props.clusterName}/*`,
        `eks:addon/${props.clusterName}/*`,
        `eks:capability/${props.clusterName}/*`,
        'rds:db:*',
      ],
      'The pending maintenance and secret listings have no resource-level permissions, and node groups, add-ons, capabilities and auto scaled readers get names at runtime, so those are scoped by wildcard under this spoke only; every action is read-only.',
    );
  }
}
