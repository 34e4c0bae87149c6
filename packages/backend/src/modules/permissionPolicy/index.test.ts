import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import permissionModulePlatformPolicy from '.';

describe('permissionModulePlatformPolicy', () => {
  it('answers the permission backend with the platform policy', async () => {
    const { server } = await startTestBackend({
      features: [
        permissionPlugin,
        permissionModulePlatformPolicy,
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'scaffolder.backstage.io/v1beta3',
              kind: 'Template',
              metadata: { name: 't', namespace: 'default' },
              spec: { owner: 'user:default/citra' },
              relations: [{ type: 'ownedBy', targetRef: 'user:default/citra' }],
            },
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            platform: { permissions: { platformTeam: ['user:default/ana'] } },
          },
        }),
      ],
    });
    const authorize = async (user: string, name: string) => {
      const response = await fetch(
        `http://localhost:${server.port()}/api/permission/authorize`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: mockCredentials.user.header(user),
          },
          body: JSON.stringify({
            items: [
              { id: '1', permission: { type: 'basic', name, attributes: {} } },
            ],
          }),
        },
      );
      expect(response.status).toBe(200);
      return (await response.json()).items[0].result;
    };
    await expect(
      authorize('user:default/ana', 'platform.health.refresh'),
    ).resolves.toBe('ALLOW');
    await expect(
      authorize('user:default/citra', 'platform.health.refresh'),
    ).resolves.toBe('DENY');
    // Dry runs: the template's owner, found in the catalog, may; others may not.
    await expect(
      authorize('user:default/citra', 'scaffolder.template.dry-run'),
    ).resolves.toBe('ALLOW');
    await expect(
      authorize('user:default/dewi', 'scaffolder.template.dry-run'),
    ).resolves.toBe('DENY');
  });
});
