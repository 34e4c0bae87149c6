import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { PlatformRequestDetail } from '@internal/plugin-platform-common';
import { act, screen, waitFor } from '@testing-library/react';
import { PlatformRequestsApi, platformRequestsApiRef } from '../api';
import { entities } from '../__testUtils__/fixtures';
import { requestsRouteRef } from '../routes';
import { RequestCard } from './RequestCard';

jest.setTimeout(30_000);

const open: PlatformRequestDetail = {
  id: '0b6f3c1e-4d7a-4a55-9e0b-6a1f0c2d3e4f',
  requester: 'user:default/ana',
  repository: 'acme/platform',
  host: 'github.com',
  number: 12,
  pullRequestUrl: 'https://github.com/acme/platform/pull/12',
  title: 'platform: add spoke dev',
  entityRef: 'system:default/dev',
  entityKind: 'System',
  stage: 'deploying',
  ended: false,
  stuck: 'waiting 3 h for dev approval',
  failed: false,
  createdAt: '2026-12-01T09:00:00Z',
  updatedAt: '2026-12-01T12:00:00Z',
  timeline: [
    { id: 'opened', title: 'Opened', state: 'done' },
    { id: 'deployed', title: 'Deployed', state: 'waiting' },
  ],
};

function api(items: PlatformRequestDetail[]) {
  const asked: unknown[] = [];
  const fake: PlatformRequestsApi = {
    async listRequests(options) {
      asked.push(options);
      return { items };
    },
    async getRequest() {
      return items[0];
    },
  };
  return { fake, asked };
}

async function renderCard(fake: PlatformRequestsApi) {
  return renderInTestApp(
    <EntityProvider entity={entities.spokeSystem('dev')}>
      <RequestCard />
    </EntityProvider>,
    {
      apis: [[platformRequestsApiRef, fake]],
      mountedRoutes: { '/requests': requestsRouteRef },
    },
  );
}

describe('RequestCard', () => {
  it('shows the open request that creates the entity, with what it waits on', async () => {
    const { fake, asked } = api([open]);
    await renderCard(fake);
    expect(await screen.findByText('Request: deploying')).toBeInTheDocument();
    expect(
      screen.getByText('waiting 3 h for dev approval'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'platform: add spoke dev' }),
    ).toHaveAttribute('href', `/requests/${open.id}`);
    expect(asked).toEqual([{ entityRef: 'system:default/dev', open: true }]);
  });

  it('shows nothing when no request for the entity is open', async () => {
    const { fake, asked } = api([]);
    const { container } = await renderCard(fake);
    await waitFor(() => expect(asked).toHaveLength(1));
    // Let the answer (no open request) render.
    await act(async () => {});
    expect(container.textContent).toBe('');
  });
});
