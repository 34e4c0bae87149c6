import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { platformHealthApiRef, PlatformHealthApi } from '../../api';
import {
  entities,
  fakeHealthApi,
  httpError,
  listOf,
  sampleSpokes,
  spokeDetail,
  ALLOW,
  DENY,
} from '../../__testUtils__/fixtures';
import { healthFixtures } from '@internal/plugin-platform-common';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { fakeSignalApi } from '../../__testUtils__/signals';
import { rootRouteRef } from '../../routes';
import { SpokesPage } from './SpokesPage';

function renderPage(
  api: PlatformHealthApi,
  options: {
    refresh?: typeof ALLOW;
    signals?: ReturnType<typeof fakeSignalApi>;
  } = {},
) {
  return renderInTestApp(<SpokesPage />, {
    apis: [
      [platformHealthApiRef, api],
      ...(options.signals ? ([[signalApiRef, options.signals]] as const) : []),
      catalogApiMock({ entities: [entities.hub] }),
      mockApis.permission({
        authorize: options.refresh ?? ALLOW,
      }),
    ],
    mountedRoutes: {
      '/spokes': rootRouteRef,
      '/catalog/:namespace/:kind/:name': entityRouteRef,
    },
  });
}

async function rowOf(name: string) {
  const table = await screen.findByRole('table', { name: 'Spokes' });
  const header = await within(table).findByRole('rowheader', {
    name: new RegExp(`^${name}\\b`),
  });
  return header.closest('tr') as HTMLElement;
}

// Whole-page renders with MUI tables are slow on a loaded two-core machine.
jest.setTimeout(30_000);

describe('SpokesPage', () => {
  it('lists the hub first, then every spoke with each status in words and its reason', async () => {
    await renderPage(fakeHealthApi());

    const table = await screen.findByRole('table', { name: 'Spokes' });
    await rowOf('hub');
    const headers = within(table)
      .getAllByRole('columnheader')
      .map(h => h.textContent);
    expect(headers).toEqual([
      'Spoke',
      'EKS',
      'Transit Gateway',
      'Aurora',
      'Overall',
      'Last refreshed',
    ]);
    const names = within(table)
      .getAllByRole('rowheader')
      .map(h => h.querySelector('a')?.textContent);
    expect(names).toEqual(['hub', 'dev', 'prod', 'staging']);

    const staging = await rowOf('staging');
    const cells = within(staging).getAllByRole('cell');
    // Transit Gateway: critical with the blackhole reason, as text not colour.
    expect(cells[1]).toHaveTextContent('Critical');
    expect(cells[1]).toHaveTextContent(
      'Route to 10.2.0.0/16 in tgw-rtb-0a1b2c3d4e5f60001 is a blackhole',
    );
    // Aurora: unknown, naming the role and the account it could not use.
    expect(cells[2]).toHaveTextContent('Unknown');
    expect(cells[2]).toHaveTextContent('333344445555');
    expect(cells[3]).toHaveTextContent('Critical');

    const dev = await rowOf('dev');
    expect(within(dev).getAllByRole('cell')[3]).toHaveTextContent('OK');
    expect(within(dev).getByRole('link', { name: 'dev' })).toHaveAttribute(
      'href',
      '/spokes/dev',
    );
  });

  it("shows the hub's Transit Gateway from the newest spoke refresh, and no EKS or Aurora", async () => {
    await renderPage(fakeHealthApi());
    const hub = await rowOf('hub');
    await waitFor(() =>
      expect(within(hub).getAllByRole('cell')[1]).toHaveTextContent(
        'Transit gateway tgw-0123456789abcdef0 is available',
      ),
    );
    const cells = within(hub).getAllByRole('cell');
    expect(cells[0]).toHaveTextContent('Not applicable');
    expect(cells[2]).toHaveTextContent('Not applicable');
    expect(cells[3]).toHaveTextContent('OK');
    expect(within(hub).getByRole('link', { name: 'hub' })).toHaveAttribute(
      'href',
      '/catalog/default/system/hub',
    );
  });

  it('reads the list again when the backend signals a stored refresh, without a reload', async () => {
    const spokes = sampleSpokes();
    const api = fakeHealthApi(spokes);
    const signals = fakeSignalApi();
    await renderPage(api, { signals });
    const overall = async () =>
      within(await rowOf('dev')).getAllByRole('cell')[3];
    expect(await overall()).toHaveTextContent('OK');
    expect(api.listSpokes).toHaveBeenCalledTimes(1);

    spokes.dev = spokeDetail(healthFixtures.degraded('dev'));
    await signals.publish('platform:health', {
      refreshedAt: spokes.dev.refreshedAt,
    });
    await waitFor(async () =>
      expect(await overall()).toHaveTextContent('Critical'),
    );
    expect(api.listSpokes).toHaveBeenCalledTimes(2);
  });

  it('says when a snapshot is stale and what stale means', async () => {
    const spokes = sampleSpokes();
    spokes.prod.stale = true;
    await renderPage(fakeHealthApi(spokes));
    const prod = await rowOf('prod');
    expect(within(prod).getAllByRole('cell')[4]).toHaveTextContent(
      'Stale older than 15 min: is the refresh schedule running?',
    );
    expect(
      within(await rowOf('dev')).getAllByRole('cell')[4],
    ).not.toHaveTextContent('Stale');
    expect(
      screen.getByText(
        /\(3 spokes, 1\.2 s, 1 of 45 AWS calls failed\)\. Snapshots older than 15 min are marked stale\./,
      ),
    ).toBeInTheDocument();
  });

  it('filters by environment class with a keyboard-usable select', async () => {
    await renderPage(fakeHealthApi());
    await rowOf('hub');
    const select = screen.getByRole('combobox', { name: 'Environment class' });
    expect(
      within(select)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['All', 'hub', 'non-prod', 'prod']);

    await userEvent.selectOptions(select, 'prod');
    const table = screen.getByRole('table', { name: 'Spokes' });
    expect(
      within(table)
        .getAllByRole('rowheader')
        .map(h => h.querySelector('a')?.textContent),
    ).toEqual(['prod']);

    await userEvent.selectOptions(select, '');
    expect(within(table).getAllByRole('rowheader')).toHaveLength(4);
  });

  it('filters by overall status, and says when nothing matches', async () => {
    await renderPage(fakeHealthApi());
    await rowOf('hub');
    const status = screen.getByRole('combobox', { name: 'Status' });
    await userEvent.selectOptions(status, 'critical');
    const table = screen.getByRole('table', { name: 'Spokes' });
    expect(
      within(table)
        .getAllByRole('rowheader')
        .map(h => h.querySelector('a')?.textContent),
    ).toEqual(['staging']);
    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Environment class' }),
      'prod',
    );
    expect(
      screen.getByText(
        /No spoke matches the environment class prod and the status critical/,
      ),
    ).toBeInTheDocument();
  });

  it('filters by owning team beside class and status', async () => {
    await renderPage(fakeHealthApi());
    await rowOf('hub');
    const owner = screen.getByRole('combobox', { name: 'Owner' });
    expect(
      within(owner)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['All', 'payments-team', 'platform-team', 'storefront-team']);

    await userEvent.selectOptions(owner, 'group:default/platform-team');
    const table = screen.getByRole('table', { name: 'Spokes' });
    // The hub's owner comes from its catalog System.
    expect(
      within(table)
        .getAllByRole('rowheader')
        .map(h => h.querySelector('a')?.textContent),
    ).toEqual(['hub', 'dev']);
    // Each row says its owner under its name.
    expect(
      within(within(table).getAllByRole('rowheader')[1]).getByText(
        /^non-prod · platform-team · /,
      ),
    ).toBeInTheDocument();

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Status' }),
      'critical',
    );
    expect(
      screen.getByText(
        'No spoke matches the status critical and the owner platform-team. Choose other filters or All.',
      ),
    ).toBeInTheDocument();
  });

  it('pages the filtered list: the owner filter and the page work together', async () => {
    // 70 spokes: every fifth one is team-b's, the other 56 team-a's.
    const many = Object.fromEntries(
      Array.from({ length: 70 }, (_, i) => {
        const name = `spoke-${String(i + 1).padStart(3, '0')}`;
        const owner = `group:default/team-${i % 5 === 4 ? 'b' : 'a'}`;
        return [name, spokeDetail(healthFixtures.healthy(name), { owner })];
      }),
    );
    await renderPage(fakeHealthApi(many));
    await rowOf('hub');
    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Owner' }),
      'group:default/team-a',
    );
    expect(screen.getByText('1-50 of 56')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    const table = screen.getByRole('table', { name: 'Spokes' });
    await waitFor(() =>
      expect(
        within(table)
          .getAllByRole('rowheader')
          .map(h => h.querySelector('a')?.textContent),
      ).toEqual([
        'spoke-063',
        'spoke-064',
        'spoke-066',
        'spoke-067',
        'spoke-068',
        'spoke-069',
      ]),
    );
  });

  it('shows 50 spokes a page with a way to the next', async () => {
    const many = Object.fromEntries(
      Array.from({ length: 60 }, (_, i) => {
        const name = `spoke-${String(i + 1).padStart(3, '0')}`;
        return [name, spokeDetail(healthFixtures.healthy(name))];
      }),
    );
    await renderPage(fakeHealthApi(many));
    await rowOf('hub');
    const table = screen.getByRole('table', { name: 'Spokes' });
    expect(within(table).getAllByRole('rowheader')).toHaveLength(50);
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() =>
      expect(within(table).getAllByRole('rowheader')).toHaveLength(11),
    );
    expect(screen.getByText('51-61 of 61')).toBeInTheDocument();
  });

  it('refreshes every spoke and shows the new results once the run finished', async () => {
    const spokes = sampleSpokes();
    const api = fakeHealthApi(spokes);
    const before = listOf(Object.values(spokes));
    api.listSpokes.mockResolvedValue(before);
    api.refresh.mockImplementation(async () => {
      // The backend accepts (202); the run finishes a moment later.
      api.listSpokes.mockResolvedValue({
        ...before,
        items: before.items.map(i =>
          i.spoke === 'staging'
            ? { ...i, status: 'ok' as const, summary: 'All 4 components ok' }
            : i,
        ),
        // Started after the previous run finished: every partition ran again.
        lastRefresh: {
          ...before.lastRefresh!,
          id: 8,
          trigger: 'schedule',
          startedAt: new Date(
            Date.parse(before.lastRefresh!.finishedAt) + 1000,
          ).toISOString(),
        },
      });
    });
    await renderPage(api);
    expect(
      within(await rowOf('staging')).getAllByRole('cell')[3],
    ).toHaveTextContent('Critical');

    const button = screen.getByRole('button', { name: 'Refresh now' });
    button.focus();
    await userEvent.keyboard('{Enter}');

    expect(
      await screen.findByText('Every spoke refreshed.'),
    ).toBeInTheDocument();
    expect(api.refresh).toHaveBeenCalledWith();
    await waitFor(async () =>
      expect(
        within(await rowOf('staging')).getAllByRole('cell')[3],
      ).toHaveTextContent('All 4 components ok'),
    );
  });

  it('says why a refresh failed', async () => {
    const api = fakeHealthApi();
    api.refresh.mockRejectedValue(
      new Error('Request failed with 403 Forbidden'),
    );
    await renderPage(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Refresh now' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Refresh failed: Request failed with 403 Forbidden',
    );
  });

  it('explains where spokes come from when there are none', async () => {
    const api = fakeHealthApi({});
    api.listSpokes.mockResolvedValue(listOf([], { lastRefresh: undefined }));
    await renderPage(api);
    expect(
      await screen.findByText('No spokes to show yet'),
    ).toBeInTheDocument();
    expect(screen.getByText(/New environment template/)).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('says what to do when the backend cannot be read, and retries', async () => {
    const api = fakeHealthApi();
    api.listSpokes.mockRejectedValueOnce(
      httpError(503, 'The health store did not answer'),
    );
    await renderPage(api);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The spoke health store is unavailable');
    expect(alert).toHaveTextContent('recovers by itself');

    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByRole('table', { name: 'Spokes' }),
    ).toBeInTheDocument();
  });

  it('names the missing permission when reading is not allowed', async () => {
    const api = fakeHealthApi();
    api.listSpokes.mockRejectedValue(httpError(403, 'Forbidden'));
    await renderPage(api, { refresh: DENY });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'platform.health.read',
    );
  });
});
