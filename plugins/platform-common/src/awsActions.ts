/**
 * Every AWS action spoke health calls in a spoke account with the portal's read-only
 * role, and nothing else. One list for the three places that must agree: the role
 * the spoke stacks create (infra `PortalReadOnlyRole`), the local AWS endpoint, which
 * refuses any other action to that role as IAM would, and the platform backend's
 * README. The hub-side calls (Transit Gateway, version calendars) are made once for
 * all spokes with the portal's own identity and are not in this list.
 */
export const SPOKE_HEALTH_ROLE_ACTIONS = [
  'eks:DescribeCluster',
  'eks:ListNodegroups',
  'eks:DescribeNodegroup',
  'eks:ListAddons',
  'eks:DescribeAddon',
  'eks:ListCapabilities',
  'eks:DescribeCapability',
  'eks:ListInsights',
  'rds:DescribeDBClusters',
  'rds:DescribeDBInstances',
  'rds:DescribePendingMaintenanceActions',
  'secretsmanager:DescribeSecret',
  'secretsmanager:ListSecrets',
  // Aurora replica lag (AuroraReplicaLag of the cluster's replicas).
  'cloudwatch:GetMetricData',
] as const;
