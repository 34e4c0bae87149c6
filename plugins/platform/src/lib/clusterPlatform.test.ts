import { HealthCheckResult } from '@internal/plugin-platform-common';
import { clusterPlatformRows } from './clusterPlatform';

const check = (
  id: string,
  status: HealthCheckResult['status'],
  summary: string,
  details: HealthCheckResult['details'],
): HealthCheckResult => ({
  id,
  component: 'eks',
  title: id,
  status,
  summary,
  details,
});

describe('clusterPlatformRows', () => {
  it('lists each add-on and capability with its state, version and issues, then what is missing', () => {
    const rows = clusterPlatformRows([
      check('eks.cluster-status', 'ok', 'ACTIVE', {}),
      check('eks.addons', 'warning', '1 platform add-on not installed', {
        installed: ['external-dns'],
        missing: ['metrics-server'],
      }),
      check('eks.addon:external-dns', 'warning', 'DEGRADED v0.19.0', {
        kind: 'addon',
        name: 'external-dns',
        state: 'DEGRADED',
        version: 'v0.19.0',
        issues: [
          {
            code: 'InsufficientNumberOfReplicas',
            message: '0 of 2 replicas',
            resourceIds: [],
          },
        ],
      }),
      check('eks.capabilities', 'ok', '1 capability installed', {
        installed: ['argocd'],
        missing: [],
      }),
      check('eks.capability:argocd', 'critical', 'Argo CD CREATE_FAILED', {
        kind: 'capability',
        name: 'argocd',
        state: 'CREATE_FAILED',
        version: null,
        issues: [{ code: 'AccessDenied', message: null, resourceIds: [] }],
      }),
    ]);
    expect(rows).toEqual([
      {
        key: 'eks.addon:external-dns',
        kind: 'Add-on',
        name: 'external-dns',
        status: 'warning',
        summary: 'DEGRADED v0.19.0',
        state: 'DEGRADED',
        version: 'v0.19.0',
        issues: [
          { code: 'InsufficientNumberOfReplicas', message: '0 of 2 replicas' },
        ],
      },
      {
        key: 'missing:Add-on:metrics-server',
        kind: 'Add-on',
        name: 'metrics-server',
        status: 'warning',
        summary: 'Add-on metrics-server is not installed on the cluster',
        state: 'not installed',
        version: null,
        issues: [],
      },
      {
        key: 'eks.capability:argocd',
        kind: 'Capability',
        name: 'argocd',
        status: 'critical',
        summary: 'Argo CD CREATE_FAILED',
        state: 'CREATE_FAILED',
        version: null,
        issues: [{ code: 'AccessDenied', message: null }],
      },
    ]);
  });

  it('says when a listing could not be read, and an add-on whose describe failed is unknown', () => {
    const rows = clusterPlatformRows([
      check('eks.addon:coredns', 'unknown', 'eks:DescribeAddon timed out', {
        failure: { kind: 'timeout' },
      }),
      check('eks.capabilities', 'unknown', 'eks:ListCapabilities was denied', {
        failure: { kind: 'access-denied' },
      }),
    ]);
    expect(rows.map(r => [r.name, r.status, r.summary, r.state])).toEqual([
      ['coredns', 'unknown', 'eks:DescribeAddon timed out', null],
      ['All capabilities', 'unknown', 'eks:ListCapabilities was denied', null],
    ]);
  });
});
