import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { SPOKE_HEALTH_ROLE_ACTIONS } from '@internal/plugin-platform-common';
import { acknowledgeWildcards } from './nag';

/** Properties for {@link PortalReadOnlyRole}. */
export interface PortalReadOnlyRoleProps {
  /**
   * The role the portal runs as in the hub account (its Pod Identity role): the only
   * principal trusted, by ARN, never the hub account as a whole.
   */
  readonly portalRole: { readonly account: string; readonly roleName: string };
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
 * Every action spoke health calls in a spoke account, and nothing else (one list,
 * in platform-common, which the local AWS endpoint enforces too). The hub-side calls
 * (Transit Gateway listing, version calendars) are made once for all spokes in the
 * hub account with the portal's own identity, so the spoke role does not carry them
 * (plugins/platform-backend/README.md lists both policies).
 */
export const PORTAL_ACTIONS = SPOKE_HEALTH_ROLE_ACTIONS;

/**
 * The read-only role the portal assumes in a spoke for health checks: trusted only
 * for the portal's own role in the hub (by ARN) presenting the external id, allowed only the Describe and
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
    if (!/^\d{12}$/.test(props.portalRole.account)) {
      throw new Error(
        `PortalReadOnlyRole: portalRole.account must be 12 digits, got '${props.portalRole.account}'`,
      );
    }
    if (!/^[A-Za-z0-9+=,.@_-]{1,64}$/.test(props.portalRole.roleName)) {
      throw new Error(
        `PortalReadOnlyRole: portalRole.roleName '${props.portalRole.roleName}' is not an IAM role name`,
      );
    }
    // IAM checks that the role exists when this policy is written: the hub stack
    // (which creates it) deploys before the spokes.
    const principal = new iam.ArnPrincipal(
      stack.formatArn({
        service: 'iam',
        region: '',
        account: props.portalRole.account,
        resource: 'role',
        resourceName: props.portalRole.roleName,
      }),
    );
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
          // Upgrade insights of this cluster.
          'eks:ListInsights',
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
        // ListSecrets returns names and tags, never values; GetMetricData reads
        // metrics (Aurora replica lag). Neither has a resource scope.
        actions: [
          'rds:DescribePendingMaintenanceActions',
          'secretsmanager:ListSecrets',
          'cloudwatch:GetMetricData',
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
      'The pending maintenance and secret listings and metric reads have no resource-level permissions, and node groups, add-ons, capabilities and auto scaled readers get names at runtime, so those are scoped by wildcard under this spoke only; every action is read-only.',
    );
  }
}
