import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderAutocompleteExtensionPoint } from '@backstage/plugin-scaffolder-node/alpha';
import { fixtureRegistry } from './__testUtils__/registry';
import { scaffolderModulePlatform } from './module';

describe('scaffolderModulePlatform', () => {
  const registry = fixtureRegistry();
  beforeEach(registry.reset);

  it('registers the spoke, service and secret actions and the platform autocomplete provider', async () => {
    const addActions = jest.fn();
    const addAutocompleteProvider = jest.fn();
    await startTestBackend({
      extensionPoints: [
        [scaffolderActionsExtensionPoint, { addActions }],
        [scaffolderAutocompleteExtensionPoint, { addAutocompleteProvider }],
      ],
      features: [
        scaffolderModulePlatform,
        mockServices.rootConfig.factory({
          data: { platform: { registryDir: registry.dir } },
        }),
      ],
    });
    expect(addActions.mock.calls.flat().map((a: any) => a.id)).toEqual([
      'platform:spoke:validate',
      'platform:spoke:render',
      'platform:spoke:diff',
      'platform:service:validate',
      'platform:service:diff',
      'platform:secret:create',
      'platform:request:track',
    ]);
    const [{ id, handler }] = addAutocompleteProvider.mock.calls[0];
    expect(id).toBe('platform');
    await expect(
      handler({ resource: 'next-free-cidr', token: 'unused', context: {} }),
    ).resolves.toEqual({
      results: [{ id: '10.4.0.0/20', title: 'next free /20 in pool main' }],
    });
  });

  it('fails to start on malformed config, naming the key', async () => {
    await expect(
      startTestBackend({
        extensionPoints: [
          [scaffolderActionsExtensionPoint, { addActions: jest.fn() }],
          [
            scaffolderAutocompleteExtensionPoint,
            { addAutocompleteProvider: jest.fn() },
          ],
        ],
        features: [
          scaffolderModulePlatform,
          mockServices.rootConfig.factory({
            data: { platform: { repository: { url: 'not a url' } } },
          }),
        ],
      }),
    ).rejects.toThrow('platform.repository.url');
  });
});
