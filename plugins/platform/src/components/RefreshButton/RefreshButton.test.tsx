import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { act, render, screen, waitFor } from '@testing-library/react';
import { platformHealthApiRef } from '../../api';
import { entities, fakeHealthApi, DENY } from '../../__testUtils__/fixtures';
import { rootRouteRef } from '../../routes';
import { SpokeDetailPage } from '../SpokeDetailPage';
import { SpokesPage } from '../SpokesPage';
import { RefreshButton } from './RefreshButton';

// usePermission caches answers for the whole module (stale-while-revalidate), so
// the "deny" cases live in this file, where no test ever allows.
jest.setTimeout(30_000);

const deny = () => mockApis.permission({ authorize: DENY });
const mountedRoutes = {
  '/spokes': rootRouteRef,
  '/catalog/:namespace/:kind/:name': entityRouteRef,
};

describe('without the refresh permission', () => {
  it('the button renders nothing and asks the permission API', async () => {
    const permission = deny();
    const authorize = jest.spyOn(permission, 'authorize');
    render(
      <TestApiProvider
        apis={[[platformHealthApiRef, fakeHealthApi()], permission]}
      >
        <div data-testid="host">
          <RefreshButton
            label="Refresh now"
            runningLabel="Refreshing…"
            onRefresh={jest.fn()}
          />
        </div>
      </TestApiProvider>,
    );
    await waitFor(() => expect(authorize).toHaveBeenCalled());
    // Let the answer reach the component before looking.
    await act(async () => {
      await authorize.mock.results[0].value;
    });
    expect(authorize.mock.calls[0][0]).toMatchObject({
      permission: { name: 'platform.health.refresh' },
    });
    expect(screen.getByTestId('host')).toBeEmptyDOMElement();
  });

  it('the spokes page shows health without a refresh button', async () => {
    await renderInTestApp(<SpokesPage />, {
      apis: [
        [platformHealthApiRef, fakeHealthApi()],
        catalogApiMock({ entities: [entities.hub] }),
        deny(),
      ],
      mountedRoutes,
    });
    expect(
      await screen.findByRole('table', { name: 'Spokes' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /refresh/i }),
    ).not.toBeInTheDocument();
  });

  it('the spoke detail shows every check without a refresh button', async () => {
    await renderInTestApp(<SpokeDetailPage />, {
      apis: [[platformHealthApiRef, fakeHealthApi()], deny()],
      mountPath: '/spokes/:name',
      initialRouteEntries: ['/spokes/staging'],
      mountedRoutes,
    });
    expect(
      await screen.findByRole('table', { name: 'EKS checks' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /refresh/i }),
    ).not.toBeInTheDocument();
  });
});
