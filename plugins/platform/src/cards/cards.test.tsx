import { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { PlatformHealthApi, platformHealthApiRef } from '../api';
import {
  entities,
  fakeHealthApi,
  httpError,
  ALLOW,
} from '../__testUtils__/fixtures';
import { rootRouteRef } from '../routes';
import { HubHealthCard } from './HubHealthCard';
import { ResourceHealthCard } from './ResourceHealthCard';
import { ServiceSpokesCard } from './ServiceSpokesCard';
import { SpokeHealthCard } from './SpokeHealthCard';

jest.setTimeout(30_000);

function renderCard(
  card: JSX.Element,
  entity: Entity,
  api: PlatformHealthApi = fakeHealthApi(),
) {
  return renderInTestApp(
    <EntityProvider entity={entity}>{card}</EntityProvider>,
    {
      apis: [
        [platformHealthApiRef, api],
        mockApis.permission({ authorize: ALLOW }),
      ],
      mountedRoutes: { '/spokes': rootRouteRef },
    },
  );
}

function forbidden(api = fakeHealthApi()) {
  const error = httpError(403, 'Forbidden');
  api.listSpokes.mockRejectedValue(error);
  api.getSpoke.mockRejectedValue(error);
  return api;
}

describe('SpokeHealthCard', () => {
  it("shows the spoke's overall status and each component's, with reasons", async () => {
    await renderCard(<SpokeHealthCard />, entities.spokeSystem('staging'));
    const table = await screen.findByRole('table', {
      name: 'Components of staging',
    });
    const tgw = within(table)
      .getByRole('rowheader', { name: 'Transit Gateway' })
      .closest('tr')!;
    expect(tgw).toHaveTextContent('Critical');
    expect(tgw).toHaveTextContent('is a blackhole');
    const aurora = within(table)
      .getByRole('rowheader', { name: 'Aurora' })
      .closest('tr')!;
    expect(aurora).toHaveTextContent('Unknown');
    expect(
      screen.getByRole('link', { name: /All checks and history/ }),
    ).toHaveAttribute('href', '/spokes/staging');
  });

  it('says the spoke is unknown to spoke health when the backend has no such spoke', async () => {
    await renderCard(<SpokeHealthCard />, entities.spokeSystem('qa'));
    expect(
      await screen.findByText(/has no spoke named qa/),
    ).toBeInTheDocument();
  });

  it('names the missing read permission', async () => {
    await renderCard(
      <SpokeHealthCard />,
      entities.spokeSystem('staging'),
      forbidden(),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'platform.health.read',
    );
  });
});

describe('ResourceHealthCard', () => {
  it("shows the attachment's status and each of its checks", async () => {
    await renderCard(
      <ResourceHealthCard />,
      entities.spokeResource('staging', 'tgw-attachment'),
    );
    const checks = await screen.findByRole('list', { name: 'Checks' });
    expect(screen.getByText('Transit Gateway health')).toBeInTheDocument();
    const route = within(checks)
      .getByText('Route to the spoke CIDR')
      .closest('li')!;
    expect(route).toHaveTextContent('Critical');
    expect(route).toHaveTextContent(
      'Route to 10.2.0.0/16 in tgw-rtb-0a1b2c3d4e5f60001 is a blackhole',
    );
  });

  it('says which role to fix when its checks could not run', async () => {
    await renderCard(
      <ResourceHealthCard />,
      entities.spokeResource('staging', 'aurora'),
    );
    const checks = await screen.findByRole('list', { name: 'Checks' });
    expect(checks).toHaveTextContent(
      'What to do: Check that role arn:aws:iam::333344445555:role/portal-read-only exists in account 333344445555',
    );
  });

  it('says what to do when the backend fails', async () => {
    const api = fakeHealthApi();
    api.getSpoke.mockRejectedValue(httpError(503, 'database down'));
    await renderCard(
      <ResourceHealthCard />,
      entities.spokeResource('dev', 'eks'),
      api,
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'recovers by itself',
    );
  });

  it('names the missing read permission', async () => {
    await renderCard(
      <ResourceHealthCard />,
      entities.spokeResource('dev', 'eks'),
      forbidden(),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'platform.health.read',
    );
  });
});

describe('ServiceSpokesCard', () => {
  it('lists the spokes the component runs on with their status', async () => {
    await renderCard(<ServiceSpokesCard />, entities.service('staging, dev'));
    const table = await screen.findByRole('table', {
      name: 'Spokes this component runs on',
    });
    const rows = within(table).getAllByRole('rowheader');
    expect(rows.map(r => r.textContent)).toEqual(['staging', 'dev']);
    expect(rows[0].closest('tr')).toHaveTextContent('Critical');
    expect(rows[1].closest('tr')).toHaveTextContent('OK');
    expect(within(rows[0]).getByRole('link')).toHaveAttribute(
      'href',
      '/spokes/staging',
    );
  });

  it('says how to fix a spoke name that spoke health does not know', async () => {
    await renderCard(<ServiceSpokesCard />, entities.service('dev,qa'));
    const table = await screen.findByRole('table', {
      name: 'Spokes this component runs on',
    });
    const qa = within(table)
      .getByRole('rowheader', { name: 'qa' })
      .closest('tr')!;
    expect(qa).toHaveTextContent('Unknown');
    expect(qa).toHaveTextContent('check the platform.io/spokes annotation');
    expect(within(qa).queryByRole('link')).not.toBeInTheDocument();
  });

  it('explains an empty spoke list', async () => {
    const api = fakeHealthApi({});
    await renderCard(<ServiceSpokesCard />, entities.service('dev'), api);
    const table = await screen.findByRole('table', {
      name: 'Spokes this component runs on',
    });
    expect(table).toHaveTextContent('knows no spoke named dev');
  });

  it('names the missing read permission', async () => {
    await renderCard(
      <ServiceSpokesCard />,
      entities.service('dev'),
      forbidden(),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'platform.health.read',
    );
  });
});

describe('HubHealthCard', () => {
  it("shows the hub Transit Gateway and each spoke's attachment", async () => {
    await renderCard(
      <HubHealthCard view="transit-gateway" />,
      entities.hubTransitGateway,
    );
    expect(
      await screen.findByText(
        'Transit gateway tgw-0123456789abcdef0 is available',
      ),
    ).toBeInTheDocument();
    const table = screen.getByRole('table', {
      name: 'Spokes attached to the hub',
    });
    const staging = within(table)
      .getByRole('rowheader', { name: 'staging' })
      .closest('tr')!;
    expect(staging).toHaveTextContent('Critical');
    expect(staging).toHaveTextContent('is a blackhole');
  });

  it('says the hub is not checked yet when no spoke was refreshed', async () => {
    await renderCard(
      <HubHealthCard view="system" />,
      entities.hub,
      fakeHealthApi({}),
    );
    expect(await screen.findByText(/Not checked yet/)).toBeInTheDocument();
  });

  it('names the missing read permission', async () => {
    await renderCard(
      <HubHealthCard view="system" />,
      entities.hub,
      forbidden(),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'platform.health.read',
    );
  });
});
