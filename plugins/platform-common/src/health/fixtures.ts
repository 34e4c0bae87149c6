import { rollUpChecks } from './rollUp';
import { HealthCheckResult, SpokeHealth, SpokeHealthSummary } from './types';

const REFRESHED_AT = '2026-11-23T10:00:00.000Z';

function check(
  id: string,
  component: HealthCheckResult['component'],
  title: string,
  status: HealthCheckResult['status'] = 'ok',
  summary = `${title} ok`,
  details: HealthCheckResult['details'] = {},
): HealthCheckResult {
  return { id, component, title, status, summary, details };
}

function healthyChecks(): HealthCheckResult[] {
  return [
    check('eks.cluster-status', 'eks', 'Cluster status', 'ok', 'ACTIVE'),
    check(
      'eks.nodegroup:system',
      'eks',
      'Node group system',
      'ok',
      'ACTIVE, 2 of 2-4 nodes',
    ),
    check(
      'tgw.attachment',
      'tgw-attachment',
      'VPC attachment',
      'ok',
      'available',
    ),
    check(
      'aurora.cluster-status',
      'aurora',
      'Cluster status',
      'ok',
      'available',
    ),
    check(
      'drift.eks-version',
      'drift',
      'EKS version',
      'ok',
      '1.35 as in the registry',
    ),
  ];
}

/**
 * Spoke health shapes for tests and dev pages of the platform plugins: a healthy
 * `dev`, a `staging` with a blackholed route and an unreadable Aurora, and the list
 * entries for both. Every call returns fresh objects.
 */
export const healthFixtures = {
  refreshedAt: REFRESHED_AT,
  healthy(spoke = 'dev'): SpokeHealth {
    return rollUpChecks(
      {
        spoke,
        entityRef: `system:default/${spoke}`,
        environmentClass: 'non-prod',
        accountId: '222233334444',
        region: 'ap-southeast-3',
      },
      healthyChecks(),
      REFRESHED_AT,
    );
  },
  degraded(spoke = 'staging'): SpokeHealth {
    const checks = healthyChecks().map(c => {
      if (c.id === 'tgw.attachment') {
        return check(
          'tgw.route',
          'tgw-attachment',
          'Route to the spoke CIDR',
          'critical',
          'Route to 10.2.0.0/16 in tgw-rtb-0a1b2c3d4e5f60001 is a blackhole',
          { cidr: '10.2.0.0/16', state: 'blackhole' },
        );
      }
      if (c.id === 'aurora.cluster-status') {
        return check(
          'aurora.cluster-status',
          'aurora',
          'Cluster status',
          'unknown',
          'rds:DescribeDBClusters in account 333344445555 (ap-southeast-3) failed: AccessDenied',
        );
      }
      return c;
    });
    return rollUpChecks(
      {
        spoke,
        entityRef: `system:default/${spoke}`,
        environmentClass: 'non-prod',
        accountId: '333344445555',
        region: 'ap-southeast-3',
      },
      checks,
      REFRESHED_AT,
    );
  },
  /** A snapshot as `GET /spokes` lists it. */
  summary(health: SpokeHealth, stale = false): SpokeHealthSummary {
    return {
      ...health,
      stale,
      components: health.components.map(({ checks: _checks, ...c }) => c),
    };
  },
};
