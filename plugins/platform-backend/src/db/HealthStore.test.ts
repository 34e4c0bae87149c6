import { mockServices } from '@backstage/backend-test-utils';
import { healthFixtures } from '@internal/plugin-platform-common';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  DatabaseHealthStore,
  RefreshRecord,
  SupersededRunError,
} from './HealthStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const at = (iso: string) => new Date(iso);

function snapshot(spoke: string, refreshedAt: string, degraded = false) {
  const h = degraded
    ? healthFixtures.degraded(spoke)
    : healthFixtures.healthy(spoke);
  return { ...h, owner: `group:default/${spoke}-team`, refreshedAt };
}

function record(
  refreshedAt: string,
  spokes: Array<[string, boolean?]>,
  over: Partial<RefreshRecord> = {},
): RefreshRecord {
  return {
    trigger: 'schedule',
    startedAt: at(refreshedAt),
    finishedAt: new Date(at(refreshedAt).getTime() + 1200),
    calls: 42,
    failedCalls: 1,
    snapshots: spokes.map(([s, degraded]) =>
      snapshot(s, refreshedAt, degraded),
    ),
    complete: true,
    ...over,
  };
}

describe.each(databases.eachSupportedId())('DatabaseHealthStore on %s', id => {
  async function createStore() {
    const knex = await databases.init(id);
    const store = await DatabaseHealthStore.create({
      database: mockServices.database({ knex }),
    });
    return { knex, store };
  }

  it('keeps the latest snapshot per spoke and serves the list without checks', async () => {
    const { store } = await createStore();
    await store.saveRefresh(
      record('2026-11-23T10:00:00Z', [['dev'], ['staging']]),
    );
    await store.saveRefresh(
      record('2026-11-23T10:05:00Z', [['dev'], ['staging', true]]),
    );
    const list = await store.listLatest();
    expect(list.map(s => [s.spoke, s.status, s.refreshedAt])).toEqual([
      ['dev', 'ok', '2026-11-23T10:05:00Z'],
      ['staging', 'critical', '2026-11-23T10:05:00Z'],
    ]);
    expect(list[1].components[1]).toEqual({
      component: 'tgw-attachment',
      title: 'Transit Gateway',
      status: 'critical',
      summary: expect.stringContaining('blackhole'),
    });
    expect(list[1].components[1]).not.toHaveProperty('checks');
    expect(list[0].owner).toBe('group:default/dev-team');

    const staging = await store.getLatest('staging');
    expect(staging?.components.flatMap(c => c.checks)).toHaveLength(5);
    expect(staging?.status).toBe('critical');
    expect(await store.getLatest('nope')).toBeUndefined();
  });

  it('keeps a history entry per refresh, newest first, filtered by since and limit', async () => {
    const { store } = await createStore();
    for (const [i, degraded] of [false, true, false, true].entries()) {
      await store.saveRefresh(
        record(`2026-11-23T10:0${i}:00.000Z`, [['staging', degraded]]),
      );
    }
    const { items: all, next } = await store.getHistory('staging', {
      limit: 10,
    });
    expect(next).toBeUndefined();
    expect(all.map(e => [e.refreshedAt, e.status])).toEqual([
      ['2026-11-23T10:03:00.000Z', 'critical'],
      ['2026-11-23T10:02:00.000Z', 'ok'],
      ['2026-11-23T10:01:00.000Z', 'critical'],
      ['2026-11-23T10:00:00.000Z', 'ok'],
    ]);
    expect(all[0].components).toEqual({
      eks: 'ok',
      'tgw-attachment': 'critical',
      aurora: 'unknown',
      drift: 'ok',
    });
    const since = await store.getHistory('staging', {
      since: at('2026-11-23T10:02:00Z'),
      limit: 10,
    });
    expect(since.items).toHaveLength(2);
    expect(
      (await store.getHistory('staging', { limit: 1 })).items,
    ).toHaveLength(1);
    expect(await store.getHistory('dev', { limit: 10 })).toEqual({
      items: [],
    });
  });

  it('reaches every entry page by page, past the largest page, in order', async () => {
    const { knex, store } = await createStore();
    // 1,205 entries, two at each minute: the id orders entries of the same time.
    const base = Date.parse('2026-11-20T00:00:00Z');
    const rows = Array.from({ length: 1205 }, (_, n) => {
      const refreshedAt = base + Math.floor(n / 2) * 60_000;
      return {
        spoke: 'staging',
        refreshed_at: refreshedAt,
        status: 'ok',
        entry: JSON.stringify({
          refreshedAt: new Date(refreshedAt).toISOString(),
          status: 'ok',
          summary: `entry ${n}`,
          components: {},
        }),
      };
    });
    await knex.batchInsert('platform_health_history', rows, 200);
    await knex('platform_health_history').insert({
      ...rows[0],
      spoke: 'dev',
    });

    const seen: string[] = [];
    let after;
    let pages = 0;
    do {
      const page = await store.getHistory('staging', { limit: 1000, after });
      seen.push(...page.items.map(e => e.summary));
      after = page.next;
      pages += 1;
    } while (after);
    expect(pages).toBe(2);
    expect(seen).toEqual(
      Array.from({ length: 1205 }, (_, n) => `entry ${1204 - n}`),
    );

    // A page ending between two entries of the same minute splits them exactly.
    const first = await store.getHistory('staging', { limit: 2 });
    expect(first.items.map(e => e.summary)).toEqual([
      'entry 1204',
      'entry 1203',
    ]);
    const second = await store.getHistory('staging', {
      limit: 2,
      after: first.next,
    });
    expect(second.items.map(e => e.summary)).toEqual([
      'entry 1202',
      'entry 1201',
    ]);
    // since still bounds the pages: entries 1200 to 1204 are at minute 600 or later.
    const recent = await store.getHistory('staging', {
      limit: 2,
      after: second.next,
      since: new Date(base + 600 * 60_000),
    });
    expect(recent).toEqual({
      items: [expect.objectContaining({ summary: 'entry 1200' })],
    });
  });

  it('drops spokes that left the catalog from the latest, keeping their history', async () => {
    const { store } = await createStore();
    await store.saveRefresh(
      record('2026-11-23T10:00:00Z', [['dev'], ['staging']]),
    );
    await store.saveRefresh(record('2026-11-23T10:05:00Z', [['dev']]));
    expect((await store.listLatest()).map(s => s.spoke)).toEqual(['dev']);
    expect(await store.knows('staging')).toBe(true);
    expect(await store.knows('never')).toBe(false);
  });

  it('keeps the snapshot whose collection started last, whatever order runs finish in', async () => {
    const { store } = await createStore();
    // A run that started at 10:05 finishes first; one that started at 10:00 (slower,
    // on another replica) finishes after it.
    await store.saveRefresh(
      record('2026-11-23T10:05:00Z', [['dev', true], ['staging']]),
    );
    await store.saveRefresh(
      record('2026-11-23T10:00:00Z', [['dev'], ['prod']]),
    );
    expect(
      (await store.listLatest()).map(s => [s.spoke, s.status, s.refreshedAt]),
    ).toEqual([
      ['dev', 'critical', '2026-11-23T10:05:00Z'],
      // New to the store: the older run still adds it; it drops nothing newer.
      ['prod', 'ok', '2026-11-23T10:00:00Z'],
      ['staging', 'ok', '2026-11-23T10:05:00Z'],
    ]);
    expect((await store.getLatest('dev'))!.status).toBe('critical');
    // Its observations still enter the history, at their own time.
    expect(
      (await store.getHistory('dev', { limit: 10 })).items.map(
        h => h.refreshedAt,
      ),
    ).toEqual(['2026-11-23T10:05:00Z', '2026-11-23T10:00:00Z']);
  });

  it('leaves other spokes alone when one spoke is refreshed by hand', async () => {
    const { store } = await createStore();
    await store.saveRefresh(
      record('2026-11-23T10:00:00Z', [['dev'], ['staging']]),
    );
    await store.saveRefresh(
      record('2026-11-23T10:01:00Z', [['staging', true]], {
        complete: false,
        trigger: 'manual',
      }),
    );
    expect((await store.listLatest()).map(s => [s.spoke, s.status])).toEqual([
      ['dev', 'ok'],
      ['staging', 'critical'],
    ]);
  });

  it('records refresh runs and returns the last one', async () => {
    const { store } = await createStore();
    expect(await store.lastRun()).toBeUndefined();
    const first = await store.saveRefresh(
      record('2026-11-23T10:00:00Z', [['dev']]),
    );
    const second = await store.saveRefresh(
      record('2026-11-23T10:05:00Z', [['dev'], ['staging']], {
        trigger: 'manual',
      }),
    );
    expect(second.id).toBeGreaterThan(first.id);
    expect(await store.lastRun()).toEqual({
      id: second.id,
      trigger: 'manual',
      startedAt: '2026-11-23T10:05:00.000Z',
      finishedAt: '2026-11-23T10:05:01.200Z',
      durationMs: 1200,
      spokes: 2,
      calls: 42,
      failedCalls: 1,
    });
    expect((await store.listRuns(10)).map(r => r.id)).toEqual([
      second.id,
      first.id,
    ]);
    // Without partitioned runs, the estate's last refresh is the last run.
    expect(await store.lastRefresh()).toEqual(await store.lastRun());
  });

  // With two partitions: prod in the first; dev, staging and qa in the second.
  const first = { index: 1, count: 2 };
  const second = { index: 2, count: 2 };

  it('records nothing of a partition run that started before its last recorded run', async () => {
    const { store } = await createStore();
    const later = await store.saveRefresh(
      record('2026-11-23T10:05:00Z', [['dev'], ['staging']], {
        partition: second,
      }),
    );
    // Started earlier, finished later (it outlived its scheduler ticket).
    await expect(
      store.saveRefresh(
        record(
          '2026-11-23T10:00:00Z',
          [
            ['dev', true],
            ['staging', true],
          ],
          {
            partition: second,
          },
        ),
      ),
    ).rejects.toBeInstanceOf(SupersededRunError);
    // Another partition's run is no concern of the fence.
    await store.saveRefresh(
      record('2026-11-23T10:00:00Z', [['prod']], { partition: first }),
    );
    // Newest first: the later run of the second partition, then the first's.
    expect((await store.listRuns(10)).map(r => r.id)).toEqual([
      later.id,
      expect.any(Number),
    ]);
    expect((await store.listRuns(10)).map(r => r.spokes)).toEqual([2, 1]);
    expect(
      (await store.getHistory('dev', { limit: 10 })).items.map(e => e.status),
    ).toEqual(['ok']);
    expect((await store.listLatest()).map(s => [s.spoke, s.status])).toEqual([
      ['dev', 'ok'],
      ['prod', 'ok'],
      ['staging', 'ok'],
    ]);
  });

  it('drops only the spokes of its own partition that left the catalog', async () => {
    const { store } = await createStore();
    await store.saveRefresh(
      record('2026-11-23T10:00:00Z', [['prod']], { partition: first }),
    );
    await store.saveRefresh(
      record('2026-11-23T10:00:00Z', [['dev'], ['qa']], { partition: second }),
    );
    // qa left the catalog; prod is not this partition's to judge.
    await store.saveRefresh(
      record('2026-11-23T10:05:00Z', [['dev']], { partition: second }),
    );
    expect((await store.listLatest()).map(s => s.spoke)).toEqual([
      'dev',
      'prod',
    ]);
  });

  it("reports the estate's last refresh across the latest run of every partition", async () => {
    const { store } = await createStore();
    const v0 = await store.changeVersion();
    await store.saveRefresh(
      record('2026-11-23T10:00:00Z', [['prod']], { partition: first }),
    );
    // One partition of two has run: the estate has not been refreshed whole yet.
    expect(await store.lastRefresh()).toBeUndefined();
    await store.saveRefresh(
      record('2026-11-23T10:01:00Z', [['dev'], ['staging']], {
        partition: second,
      }),
    );
    const newest = await store.saveRefresh(
      record('2026-11-23T10:05:00Z', [['prod']], { partition: first }),
    );
    // A refresh of one spoke by hand changes the list, not the estate's refresh.
    await store.saveRefresh(
      record('2026-11-23T10:06:00Z', [['dev']], {
        complete: false,
        trigger: 'manual',
      }),
    );
    expect(await store.changeVersion()).toBe(v0 + 4);
    expect(await store.lastRefresh()).toEqual({
      id: newest.id,
      trigger: 'schedule',
      startedAt: '2026-11-23T10:01:00.000Z',
      finishedAt: '2026-11-23T10:05:01.200Z',
      durationMs: 4 * 60_000 + 1200,
      spokes: 3,
      calls: 84,
      failedCalls: 2,
    });
    // With four partitions, until all four have run, the two are still the last whole refresh.
    await store.saveRefresh(
      record('2026-11-23T10:07:00Z', [], { partition: { index: 1, count: 4 } }),
    );
    expect((await store.lastRefresh())?.id).toBe(newest.id);
    // A superseded run changes nothing, the version included.
    await expect(
      store.saveRefresh(
        record('2026-11-23T09:00:00Z', [['prod']], { partition: first }),
      ),
    ).rejects.toBeInstanceOf(SupersededRunError);
    expect(await store.changeVersion()).toBe(v0 + 5);
  });

  it('prunes history and runs older than the retention, and nothing newer', async () => {
    const { store } = await createStore();
    await store.saveRefresh(record('2026-10-01T00:00:00Z', [['dev']]));
    await store.saveRefresh(record('2026-11-20T00:00:00Z', [['dev']]));
    const pruned = await store.prune(at('2026-11-01T00:00:00Z'));
    expect(pruned).toEqual({ history: 1, runs: 1 });
    expect(
      (await store.getHistory('dev', { limit: 10 })).items.map(
        e => e.refreshedAt,
      ),
    ).toEqual(['2026-11-20T00:00:00Z']);
    expect(await store.listRuns(10)).toHaveLength(1);
    expect(await store.getLatest('dev')).toBeDefined();
  });

  it('runs its migrations once and can be created twice on one database', async () => {
    const knex = await databases.init(id);
    await DatabaseHealthStore.create({
      database: mockServices.database({ knex }),
    });
    await DatabaseHealthStore.create({
      database: mockServices.database({ knex }),
    });
    expect(await knex.schema.hasTable('platform_health_latest')).toBe(true);
  });
});
