import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  PlatformRequestDetail,
  PlatformRequestSummary,
} from '@internal/plugin-platform-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { PlatformRequestsApi, platformRequestsApiRef } from '../../api';
import { fakeSignalApi } from '../../__testUtils__/signals';
import { requestsRouteRef } from '../../routes';
import { RequestDetailPage } from './RequestDetailPage';
import { RequestsPage } from './RequestsPage';

jest.setTimeout(30_000);

const summary = (
  over: Partial<PlatformRequestSummary> = {},
): PlatformRequestSummary => ({
  id: '0b6f3c1e-4d7a-4a55-9e0b-6a1f0c2d3e4f',
  requester: 'user:default/ana',
  owner: 'group:default/team-a',
  repository: 'acme/platform',
  host: 'github.com',
  number: 12,
  pullRequestUrl: 'https://github.com/acme/platform/pull/12',
  title: 'platform: add spoke qa (nonprod)',
  entityRef: 'system:default/qa',
  entityKind: 'System',
  stage: 'deploying',
  ended: false,
  stuck: 'waiting 26 h for prod approval',
  failed: false,
  createdAt: '2026-12-01T09:00:00Z',
  updatedAt: '2026-12-02T10:00:00Z',
  ...over,
});

const detail: PlatformRequestDetail = {
  ...summary({ stuck: 'deploy failed at platform-hub', failed: true }),
  timeline: [
    {
      id: 'opened',
      title: 'Opened',
      state: 'done',
      at: '2026-12-01T09:00:00Z',
      url: 'https://github.com/acme/platform/pull/12',
    },
    { id: 'checks', title: 'Checks', state: 'done' },
    { id: 'reviews', title: 'Review', state: 'done', detail: 'approved by cy' },
    { id: 'merged', title: 'Merged', state: 'done' },
    {
      id: 'deployed',
      title: 'Deployed',
      state: 'failed',
      detail: 'deploy failed at platform-hub',
      children: [
        {
          id: 'deploy / platform-hub',
          title: 'deploy / platform-hub',
          state: 'failed',
          url: 'https://github.com/acme/platform/runs/9',
        },
      ],
    },
  ],
};

function fakeApi(): PlatformRequestsApi & { calls: unknown[] } {
  const calls: unknown[] = [];
  return {
    calls,
    async listRequests(options) {
      calls.push(options);
      return {
        items:
          options?.scope === 'mine'
            ? [summary()]
            : [summary(), summary({ id: 'x', number: 13, title: 'orders' })],
      };
    },
    async getRequest() {
      return detail;
    },
  };
}

describe('RequestsPage', () => {
  it('lists my requests with the stage and what each waits on, and switches scope', async () => {
    const api = fakeApi();
    await renderInTestApp(
      <Routes>
        <Route path="/requests" element={<RequestsPage />} />
      </Routes>,
      {
        apis: [[platformRequestsApiRef, api]],
        mountedRoutes: { '/requests': requestsRouteRef },
        initialRouteEntries: ['/requests'],
      },
    );
    const table = await screen.findByRole('table');
    expect(
      within(table)
        .getAllByTestId('stage')
        .map(s => s.textContent),
    ).toEqual(['deploying']);
    expect(
      within(table).getByText('waiting 26 h for prod approval'),
    ).toBeInTheDocument();
    expect(
      within(table).getByRole('link', { name: /^acme\/platform#12/ }),
    ).toHaveAttribute('href', 'https://github.com/acme/platform/pull/12');
    expect(api.calls).toEqual([{ scope: 'mine' }]);

    await userEvent.click(
      screen.getByRole('button', { name: 'All I can see' }),
    );
    expect(await screen.findByText('orders')).toBeInTheDocument();
    expect(api.calls).toContainEqual({ scope: 'all' });
  });

  it('reads the list again when the backend signals a changed request', async () => {
    let stage: PlatformRequestSummary['stage'] = 'deploying';
    const listRequests = jest.fn(async () => ({ items: [summary({ stage })] }));
    const signals = fakeSignalApi();
    await renderInTestApp(
      <Routes>
        <Route path="/requests" element={<RequestsPage />} />
      </Routes>,
      {
        apis: [
          [platformRequestsApiRef, { ...fakeApi(), listRequests }],
          [signalApiRef, signals],
        ],
        mountedRoutes: { '/requests': requestsRouteRef },
        initialRouteEntries: ['/requests'],
      },
    );
    expect(await screen.findByTestId('stage')).toHaveTextContent('deploying');

    stage = 'deployed';
    await signals.publish('platform:requests', { ids: [summary().id] });
    await waitFor(() =>
      expect(screen.getByTestId('stage')).toHaveTextContent('deployed'),
    );
    expect(listRequests).toHaveBeenCalledTimes(2);
  });

  it('shows one request’s timeline with the failure in words', async () => {
    await renderInTestApp(
      <Routes>
        <Route path="/requests/:id" element={<RequestDetailPage />} />
      </Routes>,
      {
        apis: [[platformRequestsApiRef, fakeApi()]],
        mountedRoutes: { '/requests': requestsRouteRef },
        initialRouteEntries: [`/requests/${detail.id}`],
      },
    );
    expect(await screen.findByTestId('request-stage')).toHaveTextContent(
      'deploying',
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'deploy failed at platform-hub',
    );
    const timeline = screen.getByRole('list', { name: 'Timeline' });
    expect(
      within(timeline)
        .getAllByRole('listitem')
        .map(li => [li.dataset.testid, li.dataset.state]),
    ).toEqual([
      ['step-opened', 'done'],
      ['step-checks', 'done'],
      ['step-reviews', 'done'],
      ['step-merged', 'done'],
      ['step-deployed', 'failed'],
      ['step-deploy / platform-hub', 'failed'],
    ]);
    expect(
      within(timeline).getByRole('link', { name: /^deploy \/ platform-hub/ }),
    ).toHaveAttribute('href', 'https://github.com/acme/platform/runs/9');
  });
});
