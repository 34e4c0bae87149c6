import { ConfigReader } from '@backstage/config';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import guestProviderModule from '@backstage/plugin-auth-backend-module-guest-provider';
import { createGuestSignInFeatures, wantsGuestSignIn } from './guestSignIn';

const withGuest = { auth: { providers: { guest: {} } } };

describe('wantsGuestSignIn', () => {
  it('offers guest sign-in when the development layer declares it', () => {
    expect(wantsGuestSignIn(new ConfigReader(withGuest), 'development')).toBe(
      true,
    );
  });

  it('offers nothing when the provider is not configured', () => {
    expect(wantsGuestSignIn(new ConfigReader({}), 'production')).toBe(false);
    expect(wantsGuestSignIn(new ConfigReader({}), 'development')).toBe(false);
  });

  it('refuses a production start that declares the guest provider, naming the key', () => {
    expect(() =>
      wantsGuestSignIn(new ConfigReader(withGuest), 'production'),
    ).toThrow(/auth\.providers\.guest is configured in a production start/);
    expect(() =>
      wantsGuestSignIn(
        new ConfigReader({
          auth: { environment: 'production', providers: { guest: {} } },
        }),
        'development',
      ),
    ).toThrow(/auth\.environment=production/);
  });
});

describe('guestSignInFeatures', () => {
  async function guestRefreshStatus(config: object) {
    const load = jest.fn(async () => ({ default: guestProviderModule }));
    const backend = await startTestBackend({
      features: [
        authPlugin,
        createGuestSignInFeatures(load),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            auth: { session: { secret: 'test' }, ...(config as any).auth },
          },
        }),
      ],
    });
    const response = await fetch(
      `http://localhost:${backend.server.port()}/api/auth/guest/refresh`,
      { headers: { 'x-requested-with': 'XMLHttpRequest' } },
    );
    await backend.stop();
    return { status: response.status, loaded: load.mock.calls.length > 0 };
  }

  it('neither loads the guest module nor serves its endpoint without the config', async () => {
    expect(await guestRefreshStatus({})).toEqual({
      status: 404,
      loaded: false,
    });
  });

  it('serves the guest endpoint in the local default', async () => {
    // NODE_ENV is 'test' under Jest; the guest provider answers only in development.
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'development';
    try {
      const { status, loaded } = await guestRefreshStatus(withGuest);
      expect(loaded).toBe(true);
      expect(status).toBe(200);
    } finally {
      process.env.NODE_ENV = previous;
    }
  });
});
