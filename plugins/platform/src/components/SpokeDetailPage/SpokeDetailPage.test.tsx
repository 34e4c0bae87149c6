import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { SpokeHistoryResponse } from '@internal/plugin-platform-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PlatformHealthApi, platformHealthApiRef } from '../../api';
import {
  fakeHealthApi,
  httpError,
  sampleSpokes,
  spokeDetail,
  ALLOW,
} from '../../__testUtils__/fixtures';
import { rootRouteRef } from '../../routes';
import { SpokeDetailPage } from './SpokeDetailPage';

jest.setTimeout(30_000);

const history: SpokeHistoryResponse = {
  spoke: 'staging',
  items: [
    {
      refreshedAt: '2026-11-23T10:00:00.000Z',
      status: 'critical',
      summary: 'Transit Gateway: Route to the spoke CIDR: blackhole',
      components: { eks: 'ok', 'tgw-attachment': 'critical', aurora: 'ok' },
    },
    {
      refreshedAt: '2026-11-23T09:55:00.000Z',
      status: 'ok',
      summary: 'All 4 components ok',
      components: { eks: 'ok', 'tgw-attachment': 'ok', aurora: 'ok' },
    },
  ],
};

function renderDetail(
  api: PlatformHealthApi,
  options: {
    spoke?: string;
    refresh?: typeof ALLOW;
  } = {},
) {
  return renderInTestApp(<SpokeDetailPage />, {
    apis: [
      [platformHealthApiRef, api],
      mockApis.permission({
        authorize: options.refresh ?? ALLOW,
      }),
    ],
    mountPath: '/spokes/:name',
    initialRouteEntries: [`/spokes/${options.spoke ?? 'staging'}`],
    mountedRoutes: {
      '/spokes': rootRouteRef,
      '/catalog/:namespace/:kind/:name': entityRouteRef,
    },
  });
}

function checkRow(table: HTMLElement, title: string): HTMLElement {
  return within(table).getByRole('rowheader', { name: title }).closest('tr')!;
}

describe('SpokeDetailPage', () => {
  it('shows every check with its status, reason and details', async () => {
    await renderDetail(fakeHealthApi(undefined, { staging: history }));

    const tgw = await screen.findByRole('table', {
      name: 'Transit Gateway checks',
    });
    const route = checkRow(tgw, 'Route to the spoke CIDR');
    expect(route).toHaveTextContent('Critical');
    expect(route).toHaveTextContent(
      'Route to 10.2.0.0/16 in tgw-rtb-0a1b2c3d4e5f60001 is a blackhole',
    );
    expect(route).toHaveTextContent('cidr10.2.0.0/16');
    expect(route).toHaveTextContent('stateblackhole');
    expect(checkRow(tgw, 'Hub transit gateway')).toHaveTextContent('OK');

    const eks = screen.getByRole('table', { name: 'EKS checks' });
    expect(checkRow(eks, 'Cluster status')).toHaveTextContent('OK');
    expect(checkRow(eks, 'Node group system')).toHaveTextContent(
      'ACTIVE, 2 of 2-4 nodes',
    );

    expect(
      screen.getByRole('link', { name: 'System in the catalog' }),
    ).toHaveAttribute('href', '/catalog/default/system/staging');
  });

  it('shows every add-on and the Argo CD capability with status, state and issues', async () => {
    const spokes = sampleSpokes();
    const eksCheck = (
      id: string,
      status: 'ok' | 'warning' | 'critical',
      summary: string,
      details: Record<string, any>,
    ) => ({
      id,
      component: 'eks' as const,
      title: id,
      status,
      summary,
      details,
    });
    const checks = [
      ...spokes.dev.components.flatMap(c => c.checks),
      eksCheck('eks.addons', 'ok', '2 add-ons installed', {
        installed: ['vpc-cni', 'external-dns'],
        missing: [],
      }),
      eksCheck('eks.addon:vpc-cni', 'ok', 'ACTIVE v1.20.4-eksbuild.1', {
        kind: 'addon',
        name: 'vpc-cni',
        state: 'ACTIVE',
        version: 'v1.20.4-eksbuild.1',
        issues: [],
      }),
      eksCheck(
        'eks.addon:external-dns',
        'warning',
        'DEGRADED v0.19.0-eksbuild.1; InsufficientNumberOfReplicas: 0 of 2 replicas',
        {
          kind: 'addon',
          name: 'external-dns',
          state: 'DEGRADED',
          version: 'v0.19.0-eksbuild.1',
          issues: [
            {
              code: 'InsufficientNumberOfReplicas',
              message: '0 of 2 replicas',
              resourceIds: [],
            },
          ],
        },
      ),
      eksCheck('eks.capabilities', 'ok', '1 capability installed', {
        installed: ['argocd'],
        missing: [],
      }),
      eksCheck(
        'eks.capability:argocd',
        'critical',
        'Argo CD CREATE_FAILED v3.1.8-eks-1; AccessDenied: role cannot be assumed',
        {
          kind: 'capability',
          name: 'argocd',
          type: 'ARGOCD',
          state: 'CREATE_FAILED',
          version: 'v3.1.8-eks-1',
          issues: [
            {
              code: 'AccessDenied',
              message: 'role cannot be assumed',
              resourceIds: [],
            },
          ],
        },
      ),
    ];
    const dev = spokeDetail({
      ...spokes.dev,
      components: [{ ...spokes.dev.components[0], checks }],
    });
    await renderDetail(fakeHealthApi({ dev }), { spoke: 'dev' });
    const table = await screen.findByRole('table', {
      name: 'Add-ons and capabilities',
    });
    const rows = within(table)
      .getAllByRole('rowheader')
      .map(h => h.textContent);
    expect(rows).toEqual(['vpc-cni', 'external-dns', 'argocd']);
    const dns = checkRow(table, 'external-dns');
    expect(dns).toHaveTextContent('Add-on');
    expect(dns).toHaveTextContent('Warning');
    expect(dns).toHaveTextContent('DEGRADED');
    expect(dns).toHaveTextContent('v0.19.0-eksbuild.1');
    expect(dns).toHaveTextContent(
      'InsufficientNumberOfReplicas: 0 of 2 replicas',
    );
    const argocd = checkRow(table, 'argocd');
    expect(argocd).toHaveTextContent('Capability');
    expect(argocd).toHaveTextContent('Critical');
    expect(argocd).toHaveTextContent('CREATE_FAILED');
    expect(argocd).toHaveTextContent('AccessDenied: role cannot be assumed');
    expect(checkRow(table, 'vpc-cni')).toHaveTextContent('None');
  });

  it('says which role in which account to fix for a check that could not run', async () => {
    await renderDetail(fakeHealthApi());
    const aurora = await screen.findByRole('table', { name: 'Aurora checks' });
    const status = checkRow(aurora, 'Cluster status');
    expect(status).toHaveTextContent('Unknown');
    expect(status).toHaveTextContent(
      'What to do: Check that role arn:aws:iam::333344445555:role/portal-read-only exists in account 333344445555',
    );
    expect(status).toHaveTextContent('rds:DescribeDBClusters');
  });

  it('lists drift findings first, in words', async () => {
    const spokes = sampleSpokes();
    const checks = spokes.dev.components
      .flatMap(c => c.checks)
      .map(c =>
        c.id === 'drift.eks-version'
          ? {
              ...c,
              status: 'warning' as const,
              summary: 'EKS runs 1.32, the registry says 1.33',
              details: { live: '1.32', registry: '1.33' },
            }
          : c,
      );
    const drifted = spokeDetail({
      ...spokes.dev,
      components: [{ ...spokes.dev.components[0], checks }],
    });
    await renderDetail(fakeHealthApi({ dev: drifted }), { spoke: 'dev' });
    const findings = await screen.findByRole('list', {
      name: 'Drift findings',
    });
    expect(findings).toHaveTextContent('EKS version');
    expect(findings).toHaveTextContent('Warning');
    expect(findings).toHaveTextContent('EKS runs 1.32, the registry says 1.33');
  });

  it('says there is no drift when live AWS matches the registry', async () => {
    await renderDetail(fakeHealthApi());
    expect(
      await screen.findByText(/No drift: live AWS matches the registry/),
    ).toBeInTheDocument();
  });

  it('charts the status over time and lists each change', async () => {
    const api = fakeHealthApi(undefined, { staging: history });
    await renderDetail(api);
    const changes = await screen.findByRole('list', { name: 'Status changes' });
    const items = within(changes).getAllByRole('listitem');
    expect(items.map(i => i.textContent)).toEqual([
      '2026-11-23 10:00 UTC: Overall OK → Critical (Transit Gateway: Route to the spoke CIDR: blackhole)',
      '2026-11-23 10:00 UTC: Transit Gateway OK → Critical',
    ]);
    expect(
      screen.getByText(/2 refreshes from 2026-11-23 09:55 UTC/),
    ).toBeInTheDocument();
    expect(api.getSpokeHistory).toHaveBeenCalledWith(
      'staging',
      expect.anything(),
    );
  });

  it('pages to older refreshes with the cursor until there are none', async () => {
    const api = fakeHealthApi(undefined, {
      staging: { ...history, nextCursor: 'c1' },
    });
    api.getSpokeHistory.mockImplementation(async (_name, options) => {
      if (options?.cursor === 'c1') {
        return {
          spoke: 'staging',
          items: [
            {
              refreshedAt: '2026-11-16T08:05:00.000Z',
              status: 'warning',
              summary: 'Aurora: replica lag 4 s',
              components: {
                eks: 'ok',
                'tgw-attachment': 'ok',
                aurora: 'warning',
              },
              samples: 12,
            },
          ],
        };
      }
      return { ...history, nextCursor: 'c1' };
    });
    await renderDetail(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Show older refreshes' }),
    );
    expect(
      await screen.findByText(
        /14 refreshes from 2026-11-16 08:05 UTC to 2026-11-23 10:00 UTC\. Past a week, each point is the worst refresh of its hour\./,
      ),
    ).toBeInTheDocument();
    expect(api.getSpokeHistory).toHaveBeenLastCalledWith('staging', {
      limit: 288,
      cursor: 'c1',
    });
    const changes = screen.getByRole('list', { name: 'Status changes' });
    expect(within(changes).getAllByRole('listitem')).toHaveLength(4);
    // The last page has no cursor: nothing older to show.
    expect(
      screen.queryByRole('button', { name: 'Show older refreshes' }),
    ).not.toBeInTheDocument();
  });

  it('says when there is no history yet', async () => {
    await renderDetail(fakeHealthApi());
    expect(await screen.findByText(/No history yet/)).toBeInTheDocument();
  });

  it('refreshes this spoke for people who may, and shows the new snapshot', async () => {
    const spokes = sampleSpokes();
    const api = fakeHealthApi(spokes);
    // The backend answers 202 at once; the snapshot lands a moment later.
    api.refresh.mockImplementation(async () => {
      spokes.staging = {
        ...spokes.staging,
        refreshedAt: '2026-11-23T10:30:00.000Z',
      };
    });
    await renderDetail(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Refresh staging' }),
    );
    expect(await screen.findByText('Refreshed staging.')).toBeInTheDocument();
    expect(api.refresh).toHaveBeenCalledWith({ spoke: 'staging' });
  });

  it('says so, with a way back, for a spoke it does not know', async () => {
    await renderDetail(fakeHealthApi(), { spoke: 'nope' });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('No spoke named nope');
    expect(
      within(alert).getByRole('link', { name: 'All spokes' }),
    ).toHaveAttribute('href', '/spokes');
  });

  it('says what to do when the backend fails', async () => {
    const api = fakeHealthApi();
    api.getSpoke.mockRejectedValue(httpError(503, 'database unreachable'));
    await renderDetail(api);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The spoke health store is unavailable',
    );
  });
});
