import { screen } from '@testing-library/react';
import { renderAppWithConfig } from './__testUtils__/renderApp';

// Renders the whole app; slow on a loaded two-core machine.
jest.setTimeout(30_000);

describe('App in production sign-in configuration', () => {
  it('asks for sign-in with every configured provider before anything else', async () => {
    renderAppWithConfig({
      app: { title: 'Test', signInProviders: ['guest', 'github'] },
      backend: { baseUrl: 'http://localhost:7007' },
    });

    expect(
      await screen.findByRole('button', { name: 'Enter' }, { timeout: 20000 }),
    ).toBeInTheDocument();
    expect(screen.getByText('GitHub')).toBeInTheDocument();
  });
});
