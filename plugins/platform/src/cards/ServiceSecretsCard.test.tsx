import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { ServiceSecretsResponse } from '@internal/plugin-platform-common';
import { screen, within } from '@testing-library/react';
import { platformHealthApiRef } from '../api';
import {
  ALLOW,
  entities,
  fakeHealthApi,
  httpError,
} from '../__testUtils__/fixtures';
import { ServiceSecretsCard } from './ServiceSecretsCard';

jest.setTimeout(30_000);

const response: ServiceSecretsResponse = {
  service: 'phl-store',
  environments: [
    {
      environment: 'dev',
      account: '222233334444',
      region: 'ap-southeast-3',
      status: 'ok',
      secrets: [
        {
          name: 'piksel/dev/phl-store/slack-alerts',
          arn: 'arn:aws:secretsmanager:ap-southeast-3:222233334444:secret:piksel/dev/phl-store/slack-alerts-AbCdEf',
          description: 'Alerts channel webhook',
          tags: [
            { key: 'Project', value: 'piksel' },
            { key: 'Tenant', value: 'Slack' },
          ],
          createdAt: '2026-12-01T10:00:00.000Z',
          lastChangedAt: '2026-12-02T10:00:00.000Z',
          rotationEnabled: false,
          kmsKeyId: 'alias/piksel-runbook-secrets',
          missingTags: ['Service', 'Environment', 'Owner'],
        },
      ],
    },
    {
      environment: 'staging',
      account: '333344445555',
      region: 'ap-southeast-3',
      status: 'unknown',
      reason: 'secretsmanager:ListSecrets was denied in account 333344445555',
      secrets: [],
    },
  ],
};

async function renderCard(api = fakeHealthApi()) {
  await renderInTestApp(
    <EntityProvider entity={entities.service('dev')}>
      <ServiceSecretsCard />
    </EntityProvider>,
    {
      apis: [
        [platformHealthApiRef, api],
        mockApis.permission({ authorize: ALLOW }),
      ],
    },
  );
  return api;
}

describe('ServiceSecretsCard', () => {
  it('lists each secret per spoke with tags, dates, rotation and key, and says why a spoke is unknown', async () => {
    const api = fakeHealthApi();
    api.getServiceSecrets.mockResolvedValue(response);
    await renderCard(api);
    const table = await screen.findByRole('table', {
      name: 'Secrets of this service per spoke',
    });
    const row = within(table)
      .getByText('piksel/dev/phl-store/slack-alerts')
      .closest('tr')!;
    expect(row).toHaveTextContent('Project=piksel, Tenant=Slack');
    expect(row).toHaveTextContent(
      'Missing mandatory tags: Service, Environment, Owner',
    );
    expect(row).toHaveTextContent('2026-12-02');
    expect(row).toHaveTextContent('Off');
    expect(row).toHaveTextContent('alias/piksel-runbook-secrets');
    expect(
      within(table).getByText(
        /Could not list secrets: secretsmanager:ListSecrets was denied/,
      ),
    ).toBeInTheDocument();
    expect(api.getServiceSecrets).toHaveBeenCalledWith(
      entities.service('dev').metadata.name,
    );
    expect(
      screen.getByRole('link', { name: 'Create a secret' }),
    ).toHaveAttribute('href', '/create/templates/default/new-secret');
  });

  it('says there is nothing yet for a spoke without secrets', async () => {
    const api = fakeHealthApi();
    api.getServiceSecrets.mockResolvedValue({
      service: 'phl-store',
      environments: [{ ...response.environments[0], secrets: [] }],
    });
    await renderCard(api);
    expect(
      await screen.findByText('No secrets tagged for this service'),
    ).toBeInTheDocument();
  });

  it('shows the error with a retry when the backend fails', async () => {
    const api = fakeHealthApi();
    api.getServiceSecrets.mockRejectedValue(
      httpError(503, 'The spoke health database is unreachable'),
    );
    await renderCard(api);
    expect(await screen.findByText(/unreachable/)).toBeInTheDocument();
  });
});
