import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { fixtures } from '@internal/plugin-platform-common';
import knexFactory, { Knex } from 'knex';
import {
  LocalAws,
  startLocalAws,
  testConfig,
  writeRegistry,
} from './__testUtils__/awsLocal';
import { createTestDatabases } from './__testUtils__/databases';
import { entitiesFromRegistry } from './__testUtils__/entities';
import { platformPlugin } from './plugin';

jest.setTimeout(90_000);

const databases = createTestDatabases();
const FREQUENCY_MS = 2_000;
const WATCH_MS = 11_000;

describe('the refresh across replicas', () => {
  let local: LocalAws;
  const registry = fixtures.registry();
  const registryDir = writeRegistry(fixtures.files());

  beforeAll(async () => {
    local = await startLocalAws(registry);
  });
  afterAll(() => local.stop());

  it('runs once per interval with two backends on one PostgreSQL database, not twice', async () => {
    const first = await databases.init('POSTGRES_15');
    const connection = first.client.config.connection;
    const second: Knex = knexFactory({ client: 'pg', connection });
    const backend = (knex: Knex) =>
      startTestBackend({
        features: [
          platformPlugin,
          schedulerServiceFactory,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: testConfig(registryDir, {
              schedule: {
                frequency: { milliseconds: FREQUENCY_MS },
                timeout: { seconds: 30 },
              },
            }),
          }),
          catalogServiceMock.factory({
            entities: entitiesFromRegistry(registry),
          }),
        ],
      });
    const a = await backend(first);
    const b = await backend(second);
    const started = Date.now();
    await new Promise(r => setTimeout(r, WATCH_MS));
    const elapsed = Date.now() - started;
    const runs: Array<{ started: number; finished: number }> = (
      await first('platform_health_refresh_runs')
        .select('started_at', 'finished_at')
        .orderBy('started_at')
    ).map(r => ({
      started: Number(r.started_at),
      finished: Number(r.finished_at),
    }));
    await Promise.all([a.stop(), b.stop()]);
    await second.destroy();

    // Both replicas running it would double the count.
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.length).toBeLessThanOrEqual(
      Math.ceil(elapsed / FREQUENCY_MS) + 1,
    );
    // One runner at a time: no run starts before the previous one finished.
    for (let i = 1; i < runs.length; i++) {
      expect(runs[i].started).toBeGreaterThanOrEqual(runs[i - 1].finished);
    }
  });
});
