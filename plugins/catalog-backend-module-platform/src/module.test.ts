import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogModulePlatformProvider } from './module';
import { directoryContent, sampleFiles } from './testUtils/registry';
import { treeOf } from './testUtils/urlReader';

// The catalog's default rules allow only Component, API and Location; the portal's
// app-config allows these kinds too, and so must any deployment of this module.
const CATALOG_RULES = [
  { allow: ['Component', 'System', 'API', 'Resource', 'Location', 'Domain'] },
];

/** Polls the catalog until `query` returns at least `count` entities. */
async function waitForEntities(
  baseUrl: string,
  query: string,
  count: number,
): Promise<Entity[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await fetch(`${baseUrl}/api/catalog/entities?${query}`);
    expect(response.status).toBe(200);
    const entities = (await response.json()) as Entity[];
    if (entities.length >= count || Date.now() > deadline) return entities;
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

async function getEntity(baseUrl: string, ref: string): Promise<Entity> {
  const response = await fetch(
    `${baseUrl}/api/catalog/entities/by-name/${ref}`,
  );
  expect(response.status).toBe(200);
  return (await response.json()) as Entity;
}

// Each test starts a real catalog backend (SQLite in memory) and waits for processing.
jest.setTimeout(60_000);

describe('catalogModulePlatformProvider', () => {
  const registryDir = createMockDirectory({
    content: directoryContent(sampleFiles()),
  });

  it('puts the hub, the spokes and their resources into the catalog, linked', async () => {
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModulePlatformProvider,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: CATALOG_RULES,
              providers: {
                platformRegistry: { registryDir: registryDir.path },
              },
            },
          },
        }),
      ],
    });
    const baseUrl = `http://localhost:${server.port()}`;

    const systems = await waitForEntities(baseUrl, 'filter=kind=system', 4);
    expect(systems.map(s => s.metadata.name).sort()).toEqual([
      'dev',
      'prod',
      'shared',
      'staging',
    ]);
    const resources = await waitForEntities(
      baseUrl,
      'filter=kind=resource',
      15,
    );
    expect(resources.map(r => r.metadata.name).sort()).toEqual([
      'dev-aurora',
      'dev-eks',
      'dev-tgw-attachment',
      'prod-aurora',
      'prod-eks',
      'prod-tgw-attachment',
      'shared-ecr',
      'shared-transit-gateway',
      'shared-zone-dev.piksel.internal',
      'shared-zone-piksel.internal',
      'shared-zone-prod.piksel.internal',
      'shared-zone-staging.piksel.internal',
      'staging-aurora',
      'staging-eks',
      'staging-tgw-attachment',
    ]);
    await waitForEntities(baseUrl, 'filter=kind=domain', 1);

    // Relations are stitched from spec: the graph runs spoke -> attachment -> hub TGW.
    const attachment = await getEntity(
      baseUrl,
      'resource/default/dev-tgw-attachment',
    );
    expect(attachment.relations).toEqual(
      expect.arrayContaining([
        { type: 'partOf', targetRef: 'system:default/dev' },
        {
          type: 'dependsOn',
          targetRef: 'resource:default/shared-transit-gateway',
        },
      ]),
    );
    const dev = await getEntity(baseUrl, 'system/default/dev');
    expect(dev.relations).toEqual(
      expect.arrayContaining([
        { type: 'partOf', targetRef: 'domain:default/platform' },
        { type: 'ownedBy', targetRef: 'group:default/platform-team' },
        { type: 'hasPart', targetRef: 'resource:default/dev-eks' },
      ]),
    );
    expect(dev.metadata.annotations).toMatchObject({
      'platform.io/account-id': '222233334444',
      'platform.io/eks-cluster-name': 'dev',
      'backstage.io/managed-by-location': `file:${registryDir.resolve(
        'spokes/dev.yaml',
      )}`,
    });
  });

  it('reads the registry through the UrlReader service when given registryUrl', async () => {
    const url = 'https://github.com/org/repo/tree/main/infra/config';
    const readTree = jest.fn(async () => treeOf(sampleFiles(), 'sha-1'));
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModulePlatformProvider,
        mockServices.urlReader.mock({ readTree }).factory,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: CATALOG_RULES,
              providers: { platformRegistry: { registryUrl: url } },
            },
          },
        }),
      ],
    });
    const baseUrl = `http://localhost:${server.port()}`;

    const systems = await waitForEntities(baseUrl, 'filter=kind=system', 4);
    expect(systems).toHaveLength(4);
    expect(readTree).toHaveBeenCalledWith(url, expect.anything());
    const shared = await getEntity(baseUrl, 'system/default/shared');
    expect(
      shared.metadata.annotations?.['backstage.io/managed-by-location'],
    ).toBe(`url:${url}/hub.yaml`);
  });
});
