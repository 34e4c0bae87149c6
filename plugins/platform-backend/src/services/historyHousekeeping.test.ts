import { mockServices } from '@backstage/backend-test-utils';
import { SpokeHealthHistoryEntry } from '@internal/plugin-platform-common';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { DEFAULT_HISTORY_RETENTION } from '../config';
import { DatabaseHealthStore } from '../db/HealthStore';
import { keepHistory } from './historyHousekeeping';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** The fixed clock: raw entries before 2026-11-16T10:00 (whole hours) are merged. */
const NOW = new Date('2026-11-23T10:17:00Z');

type Components = SpokeHealthHistoryEntry['components'];
const allOk: Components = {
  eks: 'ok',
  'tgw-attachment': 'ok',
  aurora: 'ok',
  drift: 'ok',
};

function addEntries(
  knex: Knex,
  spoke: string,
  entries: Array<[string, SpokeHealthHistoryEntry['status'], Components?]>,
) {
  return knex('platform_health_history').insert(
    entries.map(([iso, status, components = allOk]) => ({
      spoke,
      refreshed_at: Date.parse(iso),
      status,
      entry: JSON.stringify({
        refreshedAt: iso,
        status,
        summary: `${status} at ${iso.slice(11, 16)}`,
        components,
      }),
    })),
  );
}

describe.each(databases.eachSupportedId())('keepHistory on %s', id => {
  async function setup() {
    const knex = await databases.init(id);
    const store = await DatabaseHealthStore.create({
      database: mockServices.database({ knex }),
    });
    const keep = (signal?: AbortSignal) =>
      keepHistory({
        store,
        retention: DEFAULT_HISTORY_RETENTION,
        logger: mockServices.logger.mock(),
        now: () => NOW,
        signal,
      });
    const history = async (spoke: string) =>
      (await store.getHistory(spoke, { limit: 100 })).items;
    return { knex, store, keep, history };
  }

  it('keeps the worst of each hour past 7 days, every refresh within, nothing past 90 days', async () => {
    const { knex, keep, history } = await setup();
    await addEntries(knex, 'staging', [
      // 90 days before NOW is 2026-08-25T10:17.
      ['2026-08-25T10:16:00.000Z', 'critical'],
      ['2026-08-25T10:18:00.000Z', 'ok'],
      // One hour, 7 days back: a critical blip between ok refreshes, and an Aurora
      // warning while the overall status was no worse than elsewhere in the hour.
      ['2026-11-16T08:00:00.000Z', 'ok'],
      [
        '2026-11-16T08:05:00.000Z',
        'critical',
        { ...allOk, 'tgw-attachment': 'critical' },
      ],
      ['2026-11-16T08:10:00.000Z', 'warning', { ...allOk, aurora: 'warning' }],
      ['2026-11-16T08:55:00.000Z', 'ok'],
      // The hour of the raw cutoff (10:17) is not whole yet: it stays raw.
      ['2026-11-16T10:05:00.000Z', 'critical'],
      ['2026-11-16T10:20:00.000Z', 'ok'],
      ['2026-11-20T12:00:00.000Z', 'ok'],
    ]);
    await addEntries(knex, 'dev', [
      ['2026-11-16T08:00:00.000Z', 'ok'],
      ['2026-11-16T08:05:00.000Z', 'ok'],
    ]);

    const result = await keep();
    expect(result).toEqual({
      pruned: { history: 1, runs: 0 },
      downsampled: { hours: 2, merged: 3, removed: 4 },
    });
    expect(await history('staging')).toEqual([
      expect.objectContaining({ refreshedAt: '2026-11-20T12:00:00.000Z' }),
      expect.objectContaining({ refreshedAt: '2026-11-16T10:20:00.000Z' }),
      expect.not.objectContaining({ samples: expect.anything() }),
      {
        refreshedAt: '2026-11-16T08:05:00.000Z',
        status: 'critical',
        summary: 'critical at 08:05',
        components: {
          eks: 'ok',
          'tgw-attachment': 'critical',
          aurora: 'warning',
          drift: 'ok',
        },
        samples: 4,
      },
      {
        refreshedAt: '2026-08-25T10:18:00.000Z',
        status: 'ok',
        summary: 'ok at 10:18',
        components: allOk,
        samples: 1,
      },
    ]);
    // Between equals, the newest of the hour says how it ended.
    expect(await history('dev')).toEqual([
      expect.objectContaining({
        refreshedAt: '2026-11-16T08:05:00.000Z',
        samples: 2,
      }),
    ]);
    const stored = await knex('platform_health_history')
      .select('status')
      .where({
        spoke: 'staging',
        refreshed_at: Date.parse('2026-11-16T08:05:00Z'),
      })
      .first();
    expect(stored.status).toBe('critical');

    // A second run finds nothing to do.
    expect(await keep()).toEqual({
      pruned: { history: 0, runs: 0 },
      downsampled: { hours: 0, merged: 0, removed: 0 },
    });
  });

  it('stops between hours when aborted and goes on from there next time', async () => {
    const { knex, keep, history } = await setup();
    await addEntries(knex, 'staging', [
      ['2026-11-10T08:00:00.000Z', 'ok'],
      ['2026-11-10T08:30:00.000Z', 'ok'],
      ['2026-11-10T09:00:00.000Z', 'ok'],
      ['2026-11-10T09:30:00.000Z', 'ok'],
    ]);
    const controller = new AbortController();
    controller.abort();
    expect((await keep(controller.signal)).downsampled.hours).toBe(0);
    expect(await history('staging')).toHaveLength(4);
    expect((await keep()).downsampled).toEqual({
      hours: 2,
      merged: 2,
      removed: 2,
    });
    expect((await history('staging')).map(e => e.samples)).toEqual([2, 2]);
  });

  it('deletes refresh runs past the hourly retention', async () => {
    const { store, keep } = await setup();
    for (const iso of ['2026-08-20T00:00:00Z', '2026-11-01T00:00:00Z']) {
      await store.saveRefresh({
        trigger: 'schedule',
        startedAt: new Date(iso),
        finishedAt: new Date(iso),
        calls: 1,
        failedCalls: 0,
        snapshots: [],
        complete: false,
      });
    }
    expect((await keep()).pruned.runs).toBe(1);
    expect(await store.listRuns(10)).toHaveLength(1);
  });
});
