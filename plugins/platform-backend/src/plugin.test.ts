import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { fixtures } from '@internal/plugin-platform-common';
import request from 'supertest';
import {
  LocalAws,
  startLocalAws,
  testConfig,
  writeRegistry,
} from './__testUtils__/awsLocal';
import { entitiesFromRegistry } from './__testUtils__/entities';
import { platformPlugin } from './plugin';

jest.setTimeout(60_000);

describe('platformPlugin', () => {
  let local: LocalAws;
  const registry = fixtures.registry();
  const registryDir = writeRegistry(fixtures.files());

  beforeAll(async () => {
    local = await startLocalAws(registry);
  });
  afterAll(() => local.stop());

  async function backend() {
    return startTestBackend({
      features: [
        platformPlugin,
        mockServices.rootConfig.factory({ data: testConfig(registryDir) }),
        catalogServiceMock.factory({
          entities: entitiesFromRegistry(registry),
        }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      ],
    });
  }

  it('serves an empty spoke list before the first refresh and registers its permissions', async () => {
    const b = await backend();
    const { server } = b;
    const list = await request(server).get('/api/platform/spokes');
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [], staleAfterSeconds: 900 });

    const metadata = await request(server).get(
      '/api/platform/.well-known/backstage/permissions/metadata',
    );
    expect(
      metadata.body.permissions.map((p: { name: string }) => p.name),
    ).toEqual([
      'platform.health.read',
      'platform.health.refresh',
      'platform.secret.create',
      'platform.request.read',
    ]);
    await b.stop();
  });

  it('refreshes every spoke from the catalog through the scheduled task and serves them', async () => {
    const b = await backend();
    const { server } = b;
    expect((await request(server).post('/api/platform/refresh')).status).toBe(
      202,
    );
    const list = await request(server).get('/api/platform/spokes');
    expect(
      list.body.items.map((s: any) => [s.spoke, s.status, s.stale]),
    ).toEqual([
      ['dev', 'ok', false],
      ['prod', 'ok', false],
      ['staging', 'ok', false],
    ]);
    expect(list.body.lastRefresh).toMatchObject({
      trigger: 'schedule',
      spokes: 3,
      failedCalls: 0,
    });
    const prod = await request(server).get('/api/platform/spokes/prod');
    expect(prod.body.components.map((c: any) => c.component)).toEqual([
      'eks',
      'tgw-attachment',
      'aurora',
      'drift',
    ]);
    const history = await request(server).get(
      '/api/platform/spokes/prod/history',
    );
    expect(history.body.items).toHaveLength(1);
    await b.stop();
  });

  it('refreshes one spoke on request', async () => {
    const b = await backend();
    const { server } = b;
    expect(
      (await request(server).post('/api/platform/spokes/ghost/refresh')).status,
    ).toBe(404);
    // The unknown spoke cost no turn: the same person refreshes dev at once.
    const res = await request(server).post('/api/platform/spokes/dev/refresh');
    expect(res.status).toBe(202);
    // Answered at once; the snapshot lands when the queued run ends.
    let list = await request(server).get('/api/platform/spokes');
    for (let i = 0; i < 200 && list.body.items.length === 0; i++) {
      await new Promise(r => setTimeout(r, 25));
      list = await request(server).get('/api/platform/spokes');
    }
    expect(list.body.items.map((s: any) => [s.spoke, s.status])).toEqual([
      ['dev', 'ok'],
    ]);
    expect(list.body.lastRefresh.trigger).toBe('manual');
    await b.stop();
  });

  it('fails at start-up naming a bad config key', async () => {
    await expect(
      startTestBackend({
        features: [
          platformPlugin,
          mockServices.rootConfig.factory({
            data: testConfig(registryDir, { concurrency: 0 }),
          }),
          catalogServiceMock.factory({ entities: [] }),
        ],
      }),
    ).rejects.toThrow(
      'platform.health.concurrency must be a whole number from 1 to 256, got 0',
    );
  });
});
