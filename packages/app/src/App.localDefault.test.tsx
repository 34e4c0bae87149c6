import { screen } from '@testing-library/react';
import { renderAppWithConfig } from './__testUtils__/renderApp';

// Renders the whole app; slow on a loaded two-core machine.
jest.setTimeout(30_000);

describe('App in the local default', () => {
  it('offers only guest sign-in', async () => {
    renderAppWithConfig({
      app: { title: 'Test', signInProviders: ['guest'] },
      backend: { baseUrl: 'http://localhost:7007' },
    });

    expect(
      await screen.findByRole('button', { name: 'Enter' }, { timeout: 20000 }),
    ).toBeInTheDocument();
    expect(screen.queryByText('GitHub')).not.toBeInTheDocument();
  });
});
