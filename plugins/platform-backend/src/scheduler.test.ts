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

describe('the partitioned refresh across replicas', () => {
  let local: LocalAws;
  const registry = fixtures.registry();
  const registryDir = writeRegistry(fixtures.files());

  beforeAll(async () => {
    local = await startLocalAws(registry);
  });
  afterAll(() => local.stop());

  it('shares the partitions between two backends on one PostgreSQL database, each partition once per interval', async () => {
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
              // prod in the first partition; dev and staging in the second.
              refresh: { partitions: 2 },
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
    const runs: Array<{
      partition: number;
      count: number;
      runner: string;
      spokes: number;
      started: number;
      finished: number;
    }> = (
      await first('platform_health_refresh_runs')
        .select('*')
        .orderBy('started_at')
    ).map(r => ({
      partition: Number(r.partition_index),
      count: Number(r.partition_count),
      runner: r.runner,
      spokes: Number(r.spokes),
      started: Number(r.started_at),
      finished: Number(r.finished_at),
    }));
    const history: Array<{ spoke: string }> = await first(
      'platform_health_history',
    ).select('spoke');
    await Promise.all([a.stop(), b.stop()]);
    await second.destroy();

    expect(new Set(runs.map(r => r.count))).toEqual(new Set([2]));
    for (const [partition, spokes] of [
      [1, ['prod']],
      [2, ['dev', 'staging']],
    ] as const) {
      const own = runs.filter(r => r.partition === partition);
      // Both replicas running a partition would double its count.
      expect(own.length).toBeGreaterThanOrEqual(3);
      expect(own.length).toBeLessThanOrEqual(
        Math.ceil(elapsed / FREQUENCY_MS) + 1,
      );
      expect(own.every(r => r.spokes === spokes.length)).toBe(true);
      // One runner at a time per partition: no run starts before the previous one finished.
      for (let i = 1; i < own.length; i++) {
        expect(own[i].started).toBeGreaterThanOrEqual(own[i - 1].finished);
      }
      // Every spoke of the partition once per run of it, and in no other partition's runs.
      for (const spoke of spokes) {
        expect(history.filter(h => h.spoke === spoke)).toHaveLength(own.length);
      }
    }
    // Each replica runs its share (one of the two partitions at a time): both worked.
    expect(new Set(runs.map(r => r.runner)).size).toBe(2);
  });
});
