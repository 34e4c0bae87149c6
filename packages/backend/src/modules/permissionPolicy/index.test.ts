import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import permissionModulePlatformPolicy from '.';

describe('permissionModulePlatformPolicy', () => {
  it('answers the permission backend with the platform policy', async () => {
    const { server } = await startTestBackend({
      features: [
        permissionPlugin,
        permissionModulePlatformPolicy,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            platform: { permissions: { platformTeam: ['user:default/ana'] } },
          },
        }),
      ],
    });
    const refresh = {
      type: 'basic',
      name: 'platform.health.refresh',
      attributes: { action: 'update' },
    };
    const authorize = async (user: string) => {
      const response = await fetch(
        `http://localhost:${server.port()}/api/permission/authorize`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: mockCredentials.user.header(user),
          },
          body: JSON.stringify({ items: [{ id: '1', permission: refresh }] }),
        },
      );
      expect(response.status).toBe(200);
      return (await response.json()).items[0].result;
    };
    await expect(authorize('user:default/ana')).resolves.toBe('ALLOW');
    await expect(authorize('user:default/citra')).resolves.toBe('DENY');
  });
});
