import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { fixtures } from '@internal/plugin-platform-common';
import knexFactory, { Knex } from 'knex';
import { LocalAws, startLocalAws } from '../__testUtils__/awsLocal';
import { testAwsAccess } from '../__testUtils__/collect';
import { createTestDatabases } from '../__testUtils__/databases';
import { entitiesFromRegistry } from '../__testUtils__/entities';
import { DatabaseHealthStore } from '../db/HealthStore';
import { collectInThisThread } from './aws/ObservationSource';
import { publishHealthSignal } from './healthSignals';
import {
  HealthRefresher,
  HealthRefresherOptions,
  RefreshAbortedError,
} from './HealthRefresher';

jest.setTimeout(30_000);

const databases = createTestDatabases();

const registry = fixtures.registry();
let local: LocalAws;
beforeAll(async () => {
  local = await startLocalAws(registry);
});
afterAll(() => local.stop());
beforeEach(() => local.reset());

async function setup(
  over: Partial<HealthRefresherOptions> = {},
  knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  }),
) {
  const store = await DatabaseHealthStore.create({
    database: mockServices.database({ knex }),
  });
  const aws = testAwsAccess();
  const logger = mockServices.logger.mock();
  const catalog = catalogServiceMock({
    entities: entitiesFromRegistry(registry),
  });
  const refresher = HealthRefresher.create({
    catalog,
    auth: mockServices.auth(),
    store,
    collector: collectInThisThread(aws),
    logger,
    loadRegistry: async () => registry,
    ...over,
  });
  return { refresher, store, aws, logger, knex };
}

describe('HealthRefresher', () => {
  it('refreshes every catalog spoke and records the run with its AWS calls', async () => {
    const { refresher, store, aws, knex } = await setup();
    const { snapshots, run, stats } = await refresher.refresh();
    aws.close();
    expect(snapshots.map(s => [s.spoke, s.status])).toEqual([
      ['dev', 'ok'],
      ['prod', 'ok'],
      ['staging', 'ok'],
    ]);
    expect(run).toMatchObject({
      trigger: 'schedule',
      spokes: 3,
      failedCalls: 0,
    });
    // 3 spokes x (20 + AssumeRole) + the hub's 8 with the portal's own credentials
    // (no AssumeRole, as in production). Per spoke: the
    // cluster, its node group (2), 8 add-ons (9), the Argo CD capability (2), the
    // upgrade insights, 3 Aurora, the replica lag, the secret listing (which carries
    // the master secret).
    // The hub: the gateway, its attachments, the version calendar, the add-on versions
    // of the clusters' Kubernetes version, the engine's support dates and the routes of
    // three tables.
    expect(stats.calls).toBe(3 * 21 + 8);
    expect(run.calls).toBe(stats.calls);
    expect((await store.listLatest()).map(s => s.spoke)).toEqual([
      'dev',
      'prod',
      'staging',
    ]);
    await knex.destroy();
  });

  it('makes only the registry comparisons unknown when the registry cannot be read', async () => {
    const { refresher, aws, logger, knex } = await setup({
      loadRegistry: async () => {
        throw new Error('hub.yaml: name [required] is required');
      },
    });
    const { snapshots } = await refresher.refresh();
    aws.close();
    const dev = snapshots[0];
    const byComponent = Object.fromEntries(
      dev.components.map(c => [c.component, c.status]),
    );
    expect(byComponent.eks).toBe('ok');
    expect(byComponent.drift).toBe('unknown');
    expect(
      dev.components.find(c => c.component === 'drift')!.checks[0].summary,
    ).toBe(
      'The platform registry could not be read: hub.yaml: name [required] is required',
    );
    expect(logger.warn).toHaveBeenCalled();
    await knex.destroy();
  });

  it('keeps the previous snapshots when the catalog answers with no spokes', async () => {
    const { refresher, store, aws, logger, knex } = await setup();
    await refresher.refresh();
    const empty = HealthRefresher.create({
      catalog: catalogServiceMock({ entities: [] }),
      auth: mockServices.auth(),
      store,
      collector: collectInThisThread(aws),
      logger,
      loadRegistry: async () => registry,
    });
    await empty.refresh();
    aws.close();
    expect(await store.listLatest()).toHaveLength(3);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('found no spokes in the catalog'),
    );
    await knex.destroy();
  });

  it('refreshes one spoke by hand, and says when the catalog has no such spoke', async () => {
    const { refresher, store, aws, knex } = await setup();
    const { snapshots, run } = await refresher.refresh({
      trigger: 'manual',
      spoke: 'prod',
    });
    expect(snapshots.map(s => s.spoke)).toEqual(['prod']);
    expect(run.trigger).toBe('manual');
    await expect(
      refresher.refresh({ trigger: 'manual', spoke: 'ghost' }),
    ).rejects.toThrow('No spoke named ghost in the catalog');
    aws.close();
    expect((await store.listLatest()).map(s => s.spoke)).toEqual(['prod']);
    await knex.destroy();
  });

  it('shares one run between concurrent requests for the same scope', async () => {
    const { refresher, store, aws, knex } = await setup();
    const [a, b] = await Promise.all([
      refresher.refresh(),
      refresher.refresh(),
    ]);
    aws.close();
    expect(a).toBe(b);
    expect(await store.listRuns(10)).toHaveLength(1);
    await knex.destroy();
  });

  it('never overlaps runs: a refresh asked for during another starts after it ends', async () => {
    const { refresher, aws, knex } = await setup();
    local.aws.control.addFault({ latencyMs: 20 });
    const [all, one] = await Promise.all([
      refresher.refresh(),
      refresher.refresh({ trigger: 'manual', spoke: 'dev' }),
    ]);
    aws.close();
    expect(Date.parse(one.run.startedAt)).toBeGreaterThanOrEqual(
      Date.parse(all.run.finishedAt),
    );
    await knex.destroy();
  });

  it('records nothing for a run whose signal aborted, even once the next run has written', async () => {
    const { refresher, store, aws, knex } = await setup();
    local.aws.control.addFault({ latencyMs: 50 });
    const controller = new AbortController();
    const aborted = refresher.refresh({
      trigger: 'schedule',
      signal: controller.signal,
    });
    const next = refresher.refresh({ trigger: 'manual', spoke: 'dev' });
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(RefreshAbortedError);
    const { run } = await next;
    aws.close();
    expect(await store.listRuns(10)).toEqual([run]);
    expect((await store.listLatest()).map(s => s.spoke)).toEqual(['dev']);
    await knex.destroy();
  });

  it('stops asking AWS once the signal aborts', async () => {
    const { refresher, aws, knex } = await setup();
    const controller = new AbortController();
    controller.abort();
    await expect(
      refresher.refresh({ trigger: 'schedule', signal: controller.signal }),
    ).rejects.toThrow(
      'The refresh was stopped before it finished; nothing was recorded',
    );
    const scope = jest.spyOn(aws, 'scope');
    const late = new AbortController();
    const run = refresher.refresh({ trigger: 'schedule', signal: late.signal });
    // Abort once the collection asked for its call scope: the queued calls never start.
    while (!scope.mock.calls.length) await new Promise(r => setImmediate(r));
    late.abort();
    await expect(run).rejects.toBeInstanceOf(RefreshAbortedError);
    const stats = scope.mock.results[0].value.getStats();
    aws.close();
    // Far fewer than a whole refresh's 67 calls.
    expect(stats.calls).toBeLessThan(10);
    await knex.destroy();
  });

  it('accepts a refresh by hand at once and queues it; an unknown spoke is refused', async () => {
    const { refresher, store, aws, knex } = await setup();
    await expect(refresher.requestRefresh('ghost')).rejects.toThrow(
      'No spoke named ghost in the catalog',
    );
    await refresher.requestRefresh('staging');
    // The queued run: asking again for the same spoke shares it.
    const { run } = await refresher.refresh({
      trigger: 'manual',
      spoke: 'staging',
    });
    aws.close();
    expect(run.trigger).toBe('manual');
    expect(await store.listRuns(10)).toEqual([run]);
    await knex.destroy();
  });

  it("tells the spoke's owners once when it turns critical and once when it recovers", async () => {
    const notify = jest.fn(async () => {});
    const { refresher, aws, knex } = await setup({ notify });
    await refresher.refresh();
    expect(notify).not.toHaveBeenCalled();
    local.aws.control.update(
      { kind: 'eks-cluster', id: 'staging' },
      { status: 'FAILED' },
    );
    await refresher.refresh();
    await refresher.refresh();
    local.aws.control.reset();
    local.reset();
    await refresher.refresh();
    aws.close();
    expect(
      notify.mock.calls.map(([ts]: any) =>
        ts.map((t: any) => [t.spoke, t.kind, t.entityRef]),
      ),
    ).toEqual([
      [['staging', 'critical', 'system:default/staging']],
      [['staging', 'recovered', 'system:default/staging']],
    ]);
    await knex.destroy();
  });

  it('publishes a nudge on platform:health once the snapshots are stored, scheduled or by hand', async () => {
    const stored: string[][] = [];
    // The store answers with the snapshots already written when the nudge goes out.
    let read: () => Promise<string[]> = async () => [];
    const publish = jest.fn(async () => {
      stored.push(await read());
    });
    const { refresher, store, aws, knex } = await setup({
      onStored: publishHealthSignal({ publish }),
    });
    read = async () => (await store.listLatest()).map(s => s.refreshedAt);
    const all = await refresher.refresh();
    const one = await refresher.refresh({
      trigger: 'manual',
      spoke: 'staging',
    });
    aws.close();
    expect(publish.mock.calls).toEqual([
      [
        {
          recipients: { type: 'broadcast' },
          channel: 'platform:health',
          // A time only: no spoke name, status, summary or account id.
          message: { refreshedAt: all.run.finishedAt },
        },
      ],
      [
        {
          recipients: { type: 'broadcast' },
          channel: 'platform:health',
          message: { refreshedAt: one.run.finishedAt },
        },
      ],
    ]);
    expect(stored[0]).toHaveLength(3);
    expect(stored[1]).toContain(one.snapshots[0].refreshedAt);
    await knex.destroy();
  });

  it('records the refresh and logs when the nudge cannot be published', async () => {
    const publish = jest.fn(async () => {
      throw new Error('events bus down');
    });
    const { refresher, store, aws, logger, knex } = await setup({
      onStored: publishHealthSignal({ publish }),
    });
    const { run } = await refresher.refresh();
    aws.close();
    expect(publish).toHaveBeenCalledTimes(1);
    expect(await store.listRuns(10)).toEqual([run]);
    expect((await store.listLatest()).map(s => s.spoke)).toEqual([
      'dev',
      'prod',
      'staging',
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      'Spoke health could not signal the refresh (schedule) to open pages: events bus down',
    );
    await knex.destroy();
  });

  it('refreshes only the spokes of its partition, beside a run of another partition', async () => {
    // With two partitions: prod in the first; dev and staging in the second.
    const { refresher, store, aws, knex } = await setup({ partitions: 2 });
    local.aws.control.addFault({ latencyMs: 20 });
    const [one, two] = await Promise.all([
      refresher.refresh({
        trigger: 'schedule',
        partition: { index: 1, count: 2 },
      }),
      refresher.refresh({
        trigger: 'schedule',
        partition: { index: 2, count: 2 },
      }),
    ]);
    aws.close();
    expect(one.snapshots.map(s => s.spoke)).toEqual(['prod']);
    expect(two.snapshots.map(s => s.spoke)).toEqual(['dev', 'staging']);
    // Side by side: neither waited for the other.
    expect(Date.parse(two.run.startedAt)).toBeLessThan(
      Date.parse(one.run.finishedAt),
    );
    expect(await store.lastRefresh()).toMatchObject({ spokes: 3 });
    await knex.destroy();
  });

  it('never records a partition run once a later run of it, on another replica, has written', async () => {
    const db = await databases.init('POSTGRES_15');
    const connect = () =>
      knexFactory({ client: 'pg', connection: db.client.config.connection });
    let release = () => {};
    const held = new Promise<void>(r => {
      release = r;
    });
    // These read the registry only once let go: their runs start first and end last.
    const heldReplica = (knex: Knex) =>
      setup(
        { partitions: 2, loadRegistry: () => held.then(() => registry) },
        knex,
      );
    const aborting = await heldReplica(db);
    // A replica that never saw its run aborted (its process stalled past the timeout).
    const stalling = await heldReplica(connect());
    const next = await setup({ partitions: 2 }, connect());
    const partition = { index: 2, count: 2 };
    const controller = new AbortController();
    const aborted = aborting.refresher.refresh({
      trigger: 'schedule',
      partition,
      signal: controller.signal,
    });
    const stalled = stalling.refresher.refresh({
      trigger: 'schedule',
      partition,
    });
    // Both have taken their start time (the registry is read after it).
    await new Promise(r => setTimeout(r, 50));
    const { run, snapshots } = await next.refresher.refresh({
      trigger: 'schedule',
      partition,
    });
    controller.abort();
    release();
    await expect(aborted).rejects.toBeInstanceOf(RefreshAbortedError);
    await expect(stalled).rejects.toBeInstanceOf(RefreshAbortedError);
    for (const r of [aborting, stalling, next]) r.aws.close();
    expect(await next.store.listRuns(10)).toEqual([run]);
    expect(
      (await next.store.getHistory('dev', { limit: 10 })).items.map(
        e => e.refreshedAt,
      ),
    ).toEqual([snapshots[0].refreshedAt]);
    await Promise.all([stalling.knex.destroy(), next.knex.destroy()]);
  });
});
