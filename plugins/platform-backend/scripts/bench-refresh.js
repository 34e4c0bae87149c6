#!/usr/bin/env node
/*
 * Spoke health benchmark (not a test: it prints numbers, asserts nothing).
 *
 * 1. Refresh: N spokes (default 500, `buildLargeRegistry` of platform-common: each
 *    in its own account, mixed sizes, every fifth prod) seeded into aws-local,
 *    every AWS call delayed by --latency ms (default 50). Times
 *    the real refresh (HealthRefresher: catalog -> registry -> batched, bounded
 *    AWS calls -> checks -> store) cold (role credentials assumed) and warm, and
 *    a naive refresh of the same spokes: one spoke after the other, one call at
 *    a time, the hub listings repeated per spoke (only with --naive: at 500
 *    spokes it takes minutes). AWS calls are counted from aws-local's own
 *    request log.
 *    The refresh is split into --partitions (default: the plugin's default) and,
 *    as one replica does when every partition is due, all partitions run at once.
 * 1'. With --instances N (PostgreSQL): N backend processes, each with its own AWS
 *    access, refresher, partition share and the real Backstage scheduler (one
 *    global task per partition, triggered by hand), on one database. Each round
 *    triggers every partition and waits until each has recorded a run; it prints
 *    the time from the first start to the last finish (the refresh), the time
 *    from the trigger (with the scheduler's pickup, up to 5 s per poll), which
 *    replica ran what, and each replica's CPU.
 * 2. Spoke list: GET /spokes through the real router and store (SQLite in
 *    memory, or --db pg for the machine's PostgreSQL) with the N spokes stored:
 *    --requests (default 2000) over --connections (default 4) keep-alive
 *    connections; p50, p95, p99 and requests per second.
 *
 * aws-local and the load generator run in child processes, so neither shares
 * the event loop being measured (as in production, where AWS is remote).
 *
 * Usage (from plugins/platform-backend, after `source scripts/env.sh` at the root):
 *   node scripts/bench-refresh.js [--spokes 500] [--latency 50] [--concurrency N]
 *     [--partitions 4] [--threads N] [--instances N] [--warm-runs 9] [--requests 2000]
 *     [--connections 4] [--db sqlite|pg] [--naive] [--soak 60 [--soak-interval 60]]
 *
 * --soak N: after the warm runs, N more scheduled refreshes (60 = an hour of a
 * one-minute schedule), back to back or, with --soak-interval 60, one starting
 * every minute as the scheduler runs them (an hour of wall time), printing the
 * process's resident memory (sampled every second) at
 * the start and end (goal: flat, under 500 MiB). Use --db pg, as production does:
 * an in-memory SQLite store keeps the history in this process.
 *
 * Goals at 500 spokes and 50 ms per call: refresh < 5 s, at most 16 AWS calls per
 * spoke warm, GET /spokes p95 < 25 ms.
 */
require('@backstage/cli/config/nodeTransform.cjs');
const { fork } = require('child_process');
const http = require('http');
const express = require('express');
const knexFactory = require('knex');
const { ConfigReader } = require('@backstage/config');
const { mockServices } = require('@backstage/backend-test-utils');
const { start } = require('@internal/aws-local');
const { buildLargeRegistry } = require('@internal/plugin-platform-common');
const { AwsAccess } = require('../src/services/aws/AwsAccess');
const { HealthCollector } = require('../src/services/aws/HealthCollector');
const {
  collectorFromConfig,
} = require('../src/services/aws/collectorFromConfig');
const { startCollectorWorker } = require('../src/services/aws/CollectorPool');
const { HealthRefresher } = require('../src/services/HealthRefresher');
const { DatabaseHealthStore } = require('../src/db/HealthStore');
const { DatabaseReplicas } = require('../src/db/Replicas');
const { PartitionShare } = require('../src/services/PartitionShare');
const { schedulePartitionTasks } = require('../src/services/partitionTasks');
const { allPartitions } = require('../src/lib/partitions');
const { createRouter } = require('../src/router');
const { targetsFromEntities } = require('../src/lib/spokes');
const { entitiesFromRegistry } = require('../src/__testUtils__/entities');
const { portalAwsConfig } = require('../src/__testUtils__/awsLocal');
const {
  DEFAULT_AWS,
  DEFAULT_CONCURRENCY,
  DEFAULT_PARTITIONS,
  DEFAULT_SCHEDULE,
  DEFAULT_SLOW_CHANGING_TTL_MS,
  defaultThreads,
} = require('../src/config');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}
const SPOKES = Number(arg('spokes', 500));
const LATENCY_MS = Number(arg('latency', 50));
const CONCURRENCY = Number(arg('concurrency', DEFAULT_CONCURRENCY));
const REQUESTS = Number(arg('requests', 2000));
const CONNECTIONS = Number(arg('connections', 4));
const PARTITIONS = Number(arg('partitions', DEFAULT_PARTITIONS));
const INSTANCES = Number(arg('instances', 0));
const THREADS = Number(arg('threads', defaultThreads(PARTITIONS)));
// Several backends share one database: PostgreSQL.
const DB = INSTANCES ? 'pg' : arg('db', 'sqlite');
const PG_SERVER = 'postgresql://postgres@127.0.0.1:5432';
const SKIP_NAIVE = !process.argv.includes('--naive');
const WARM_RUNS = Number(arg('warm-runs', 9));
const SOAK_RUNS = Number(arg('soak', 0));
const SOAK_INTERVAL_S = Number(arg('soak-interval', 0));

/** The fixture hub with N generated spokes, each in its own account and CIDR. */
const syntheticRegistry = count => buildLargeRegistry(count);

/** Child role: aws-local seeded with the synthetic spokes, counting requests. */
async function awsLocalChild() {
  let calls = [];
  const aws = await start({
    registry: syntheticRegistry(SPOKES),
    log: line => calls.push(line.split(' ')[0]),
  });
  // Keep the fixture's Kubernetes version in standard support whatever today's date.
  aws.control.pinKubernetesSupport();
  aws.control.addFault({ latencyMs: LATENCY_MS });
  process.on('message', message => {
    if (message === 'reset-count') {
      calls = [];
      process.send({ type: 'count', calls: 0 });
    } else if (message === 'count') {
      process.send({ type: 'count', calls: calls.length });
    } else if (message === 'stop') {
      aws.stop().then(() => process.exit(0));
    }
  });
  process.send({ type: 'ready', url: aws.url });
}

/** Child role: the HTTP load generator for GET /spokes. */
async function loadChild(url) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const get = () =>
    new Promise((resolve, reject) => {
      const t0 = performance.now();
      http
        .get(`${url}/spokes`, { agent }, res => {
          let bytes = 0;
          res.on('data', c => {
            bytes += c.length;
          });
          res.on('end', () =>
            res.statusCode === 200
              ? resolve({ ms: performance.now() - t0, bytes })
              : reject(new Error(`status ${res.statusCode}`)),
          );
        })
        .on('error', reject);
    });
  for (let i = 0; i < 50; i++) await get(); // warm-up, not counted
  const requests = Number(arg('load-requests', REQUESTS));
  const latencies = [];
  let bytes = 0;
  let sent = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (sent < requests) {
        sent += 1;
        const r = await get();
        latencies.push(r.ms);
        bytes = r.bytes;
      }
    }),
  );
  const totalMs = performance.now() - t0;
  agent.destroy();
  process.send({ type: 'done', latencies, bytes, totalMs });
  process.exit(0);
}

/** Forks this script in another role; `next(type)` resolves with its next message of that type. */
function child(role, extraArgs = []) {
  const proc = fork(__filename, [
    ...process.argv.slice(2),
    '--role',
    role,
    ...extraArgs,
  ]);
  const pending = new Set();
  proc.once('exit', code => {
    if (code) {
      for (const reject of pending) {
        reject(new Error(`${role} child exited with ${code}`));
      }
    }
  });
  const next = type =>
    new Promise((resolve, reject) => {
      pending.add(reject);
      const onMessage = m => {
        if (m.type === type) {
          proc.off('message', onMessage);
          pending.delete(reject);
          resolve(m);
        }
      };
      proc.on('message', onMessage);
    });
  return { proc, next };
}

/** SQLite in memory, or a fresh PostgreSQL database dropped afterwards. */
async function openDatabase() {
  if (DB !== 'pg') {
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    return { knex, close: () => knex.destroy() };
  }
  const name = `bench_platform_${Date.now()}`;
  const admin = knexFactory({
    client: 'pg',
    connection: `${PG_SERVER}/postgres`,
  });
  await admin.raw(`CREATE DATABASE ${name}`);
  const knex = knexFactory({
    client: 'pg',
    connection: `${PG_SERVER}/${name}`,
  });
  return {
    knex,
    name,
    close: async () => {
      await knex.destroy();
      await admin.raw(`DROP DATABASE ${name}`);
      await admin.destroy();
    },
  };
}

function percentile(sorted, p) {
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

const ms = n => `${n.toFixed(1)} ms`;
const quiet = () => {};
const logger = {
  info: quiet,
  warn: quiet,
  error: quiet,
  debug: quiet,
  child: () => logger,
};

/** The portal's AWS config (its own credentials in the hub, the read-only role in every spoke account) as the root config. */
const portalConfig = registry =>
  new ConfigReader({ aws: portalAwsConfig(registry.hub.account) });

/** AWS access as in production: the hub with the portal's own credentials, the read-only role in every spoke account. */
function newAccess(registry, concurrency, config = portalConfig(registry)) {
  return AwsAccess.fromConfig(config, {
    config: DEFAULT_AWS,
    concurrency,
    slowChangingTtlMs: DEFAULT_SLOW_CHANGING_TTL_MS,
  });
}

/**
 * The refresh's collector as the plugin builds it: --threads worker threads sharing
 * the concurrency (the default: one per core, at most one per partition), or 0 for
 * the calling thread.
 */
function newCollector(registry) {
  const config = portalConfig(registry);
  const access = newAccess(registry, CONCURRENCY, config);
  const workers = [];
  const collector = collectorFromConfig({
    config,
    health: {
      threads: THREADS,
      partitions: PARTITIONS,
      concurrency: CONCURRENCY,
      aws: DEFAULT_AWS,
      slowChangingTtlMs: DEFAULT_SLOW_CHANGING_TTL_MS,
    },
    aws: access,
    logger,
    startWorker: data => {
      const worker = startCollectorWorker(data);
      workers.push(worker);
      return worker;
    },
  });
  return {
    workers,
    collect: (request, options) => collector.collect(request, options),
    close: async () => {
      await collector.close();
      access.close();
    },
  };
}

/** Child role: one backend replica on the shared PostgreSQL database. */
async function backendChild() {
  const registry = syntheticRegistry(SPOKES);
  const entities = entitiesFromRegistry(registry);
  const knex = knexFactory({
    client: 'pg',
    connection: `${PG_SERVER}/${arg('db-name')}`,
  });
  const database = { getClient: async () => knex };
  const store = await DatabaseHealthStore.create({
    database,
    skipMigrations: true,
  });
  const collector = newCollector(registry);
  const runner = `replica-${arg('index')}`;
  const refresher = HealthRefresher.create({
    catalog: { getEntities: async () => ({ items: entities }) },
    auth: { getOwnServiceCredentials: async () => ({}) },
    store,
    collector,
    logger,
    loadRegistry: () => registry,
    partitions: PARTITIONS,
    runner,
  });
  const hooks = [];
  const rootLifecycle = { addShutdownHook: hook => hooks.push(hook) };
  const instrument = { add() {}, record() {} };
  const {
    DefaultSchedulerService,
  } = require('@backstage/backend-defaults/scheduler');
  const scheduler = DefaultSchedulerService.create({
    database,
    logger,
    rootLifecycle,
    metrics: {
      createCounter: () => instrument,
      createHistogram: () => instrument,
      createGauge: () => instrument,
      createUpDownCounter: () => instrument,
    },
    httpRouter: { use() {}, addAuthPolicy() {} },
    pluginMetadata: { getId: () => 'platform' },
  });
  const share = new PartitionShare({
    replicas: new DatabaseReplicas(knex),
    id: runner,
    partitions: PARTITIONS,
    trigger: id => scheduler.triggerTask(id),
    logger,
  });
  await share.start();
  const { triggerAll } = await schedulePartitionTasks({
    scheduler,
    schedule: { ...DEFAULT_SCHEDULE, frequency: { trigger: 'manual' } },
    partitions: PARTITIONS,
    refresher,
    share,
  });
  let cpu0 = process.cpuUsage();
  process.on('message', async message => {
    if (message === 'trigger') {
      await triggerAll();
      process.send({ type: 'triggered' });
    } else if (message === 'cpu') {
      const cpu = process.cpuUsage(cpu0);
      cpu0 = process.cpuUsage();
      process.send({ type: 'cpu', ms: (cpu.user + cpu.system) / 1000 });
    } else if (message === 'stop') {
      for (const hook of hooks) await hook();
      await share.stop();
      await refresher.close();
      await collector.close();
      await knex.destroy();
      process.exit(0);
    }
  });
  process.send({ type: 'ready' });
}

/**
 * Part 1 with --instances: rounds of "trigger every partition, wait for a run of each"
 * across backend processes sharing one database through the scheduler.
 */
async function instancesRounds({ database, countCalls, resetCalls }) {
  const backends = [];
  // One after the other: each runs the scheduler's migrations on first use.
  for (let i = 0; i < INSTANCES; i++) {
    const b = child('backend', [
      '--db-name',
      database.name,
      '--index',
      String(i),
    ]);
    await b.next('ready');
    backends.push(b);
  }
  const runsTable = 'platform_health_refresh_runs';
  const cpu = async () =>
    Promise.all(
      backends.map(async b => {
        b.proc.send('cpu');
        return (await b.next('cpu')).ms;
      }),
    );
  const rounds = [];
  for (let round = 0; round <= WARM_RUNS; round++) {
    await resetCalls();
    await cpu();
    const [{ max }] = await database.knex(runsTable).max({ max: 'id' });
    const after = Number(max ?? 0);
    const t0 = Date.now();
    backends[round % backends.length].proc.send('trigger');
    await backends[round % backends.length].next('triggered');
    let runs = [];
    while (runs.length < PARTITIONS) {
      await new Promise(r => setTimeout(r, 50));
      runs = await database
        .knex(runsTable)
        .where('id', '>', after)
        .andWhere('partition_count', PARTITIONS);
    }
    const first = Math.min(...runs.map(r => Number(r.started_at)));
    const last = Math.max(...runs.map(r => Number(r.finished_at)));
    const byRunner = {};
    for (const r of runs) byRunner[r.runner] = (byRunner[r.runner] ?? 0) + 1;
    rounds.push({
      round,
      spanMs: last - first,
      fromTriggerMs: last - t0,
      calls: await countCalls(),
      byRunner,
      cpuMs: await cpu(),
    });
  }
  for (const b of backends) b.proc.send('stop');
  await Promise.all(
    backends.map(b => new Promise(r => b.proc.once('exit', r))),
  );
  return rounds;
}

const loadAverage = () =>
  require('os')
    .loadavg()
    .map(l => l.toFixed(2))
    .join(' ');

/** GET /spokes through the real router on the store, load from a child process. */
async function listBenchmark(store, requests = REQUESTS) {
  const app = express();
  app.use(
    await createRouter({
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions(),
      store,
      requestSpokeRefresh: async () => {
        throw new Error('not benchmarked');
      },
      triggerRefresh: async () => {},
      staleAfterMs: 15 * 60_000,
      databaseTimeoutMs: 5_000,
      manualRefreshIntervalMs: 30_000,
    }),
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise(r => server.once('listening', r));
  const load = child('load', [
    '--url',
    `http://127.0.0.1:${server.address().port}`,
    '--load-requests',
    String(requests),
  ]);
  const { latencies, bytes, totalMs } = await load.next('done');
  server.close();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    connections: CONNECTIONS,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    rps: latencies.length / (totalMs / 1000),
    responseBytes: bytes,
  };
}

const listLine = list =>
  `  GET /spokes x${list.requests} over ${
    list.connections
  } connections: p50 ${ms(list.p50)}, p95 ${ms(list.p95)}, p99 ${ms(
    list.p99,
  )}, ${list.rps.toFixed(0)} requests/s, ${list.responseBytes} bytes each`;

async function main() {
  const registry = syntheticRegistry(SPOKES);
  const entities = entitiesFromRegistry(registry);
  const aws = child('aws-local');
  const { url } = await aws.next('ready');
  const countCalls = async () => {
    aws.proc.send('count');
    return (await aws.next('count')).calls;
  };
  const resetCalls = async () => {
    aws.proc.send('reset-count');
    await aws.next('count');
  };
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: url,
    AWS_REGION: registry.hub.region,
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
  });

  const database = await openDatabase();
  const store = await DatabaseHealthStore.create({
    database: { getClient: async () => database.knex },
  });

  if (INSTANCES) {
    const rounds = await instancesRounds({ database, countCalls, resetCalls });
    aws.proc.send('stop');
    const list = await listBenchmark(store);
    await database.close();
    const warm = rounds.slice(1).sort((a, b) => a.spanMs - b.spanMs);
    const median = warm[Math.floor(warm.length / 2)] ?? rounds[0];
    const out = [
      `Spoke health benchmark: ${SPOKES} spokes, ${LATENCY_MS} ms per AWS call, concurrency ${CONCURRENCY} per replica, ${PARTITIONS} partitions, ${THREADS} collector thread(s) per replica, ${INSTANCES} backend replica(s) on one PostgreSQL database, load average ${loadAverage()}`,
    ];
    for (const r of rounds) {
      out.push(
        `  round ${r.round}${r.round === 0 ? ' (cold)' : ''}: refresh ${ms(
          r.spanMs,
        ).padStart(10)} first start to last finish, ${ms(
          r.fromTriggerMs,
        ).padStart(10)} from the trigger; ${String(r.calls).padStart(
          5,
        )} AWS calls, ${(r.calls / SPOKES).toFixed(
          2,
        )} per spoke; partitions run ${JSON.stringify(
          r.byRunner,
        )}; replica CPU ${r.cpuMs.map(c => ms(c)).join(', ')}`,
      );
    }
    out.push(
      `  refresh, warm (median of ${warm.length} rounds): ${ms(
        median.spanMs,
      )} (${ms(median.fromTriggerMs)} from the trigger), ${(
        median.calls / SPOKES
      ).toFixed(2)} AWS calls per spoke`,
    );
    out.push(listLine(list));
    process.stdout.write(`${out.join('\n')}\n`);
    return;
  }
  // 1a. The real refresh, cold (role credentials assumed) then warm.
  const collector = newCollector(registry);
  const refresher = HealthRefresher.create({
    catalog: { getEntities: async () => ({ items: entities }) },
    auth: { getOwnServiceCredentials: async () => ({}) },
    store,
    collector,
    logger,
    loadRegistry: () => registry,
    partitions: PARTITIONS,
  });
  // Scheduled runs reuse the rarely changing listings; a run by hand reads everything.
  const timedRefresh = async (label, trigger = 'schedule') => {
    await resetCalls();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    // Every partition at once, as one replica runs them when all are due.
    const results = await Promise.all(
      allPartitions(PARTITIONS).map(partition =>
        refresher.refresh({ trigger, partition }),
      ),
    );
    const snapshots = results.flatMap(r => r.snapshots);
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const calls = await countCalls();
    const statuses = {};
    for (const s of snapshots)
      statuses[s.status] = (statuses[s.status] ?? 0) + 1;
    return {
      label,
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      calls,
      perSpoke: calls / SPOKES,
      statuses,
    };
  };
  const cold = await timedRefresh('refresh, cold (AssumeRole per account)');
  // Steady state, as the schedule runs it: the median of the next runs.
  const warmRuns = [];
  // BENCH_PROFILE=<file> writes a CPU profile of the warm runs (open it in Chrome DevTools).
  let profiler;
  if (process.env.BENCH_PROFILE) {
    const inspector = require('inspector');
    profiler = new inspector.Session();
    profiler.connect();
    await new Promise(r => profiler.post('Profiler.enable', r));
    await new Promise(r => profiler.post('Profiler.start', r));
  }
  for (let i = 0; i < WARM_RUNS; i++) {
    warmRuns.push(await timedRefresh('refresh, warm (median of next runs)'));
  }
  if (profiler) {
    await new Promise(r =>
      profiler.post('Profiler.stop', (_err, { profile }) => {
        require('fs').writeFileSync(
          process.env.BENCH_PROFILE,
          JSON.stringify(profile),
        );
        r();
      }),
    );
  }
  // BENCH_HEAP=<file> writes a heap snapshot of this thread after the warm runs
  // (open it in Chrome DevTools' Memory tab) and prints where the memory is.
  if (process.env.BENCH_HEAP) {
    global.gc?.();
    const { rss, heapTotal, heapUsed, external, arrayBuffers } =
      process.memoryUsage();
    const mib = n => `${(n / 2 ** 20).toFixed(0)} MiB`;
    process.stdout.write(
      `  memory after the warm runs: rss ${mib(rss)}, heap ${mib(
        heapTotal,
      )} (used ${mib(heapUsed)}), external ${mib(
        external,
      )} (array buffers ${mib(arrayBuffers)})\n`,
    );
    require('v8').writeHeapSnapshot(process.env.BENCH_HEAP);
    // Each collector thread's heap: its size and use after the warm runs, then what
    // is live once the snapshot's full collection has run (snapshot beside this one's).
    for (const [i, worker] of collector.workers.entries()) {
      const before = await worker.getHeapStatistics();
      const file = `${process.env.BENCH_HEAP}.thread${i + 1}`;
      await require('stream/promises').pipeline(
        await worker.getHeapSnapshot(),
        require('fs').createWriteStream(file),
      );
      const after = await worker.getHeapStatistics();
      process.stdout.write(
        `  collector thread ${i + 1}: heap ${mib(
          before.total_heap_size,
        )} (used ${mib(before.used_heap_size)}), live ${mib(
          after.used_heap_size,
        )} after a full collection; snapshot ${file}\n`,
      );
    }
  }
  // GET /spokes while a scheduled refresh runs: what the refresh's CPU costs the
  // backend's other requests (with collector threads it runs beside the event loop).
  const [during, duringRefresh] = await Promise.all([
    listBenchmark(store, Math.min(REQUESTS, 200)),
    timedRefresh('refresh under list load'),
  ]);
  warmRuns.sort((a, b) => a.wallMs - b.wallMs);
  const warm = warmRuns[Math.floor(warmRuns.length / 2)];
  warm.label = `refresh, warm (median of ${WARM_RUNS} runs)`;
  // A run that reads everything, as every scheduled run does once per reuse window.
  const renewal = await timedRefresh(
    'refresh, renewing every listing',
    'manual',
  );
  const runsPerWindow = Math.max(
    1,
    Math.round(
      DEFAULT_SLOW_CHANGING_TTL_MS /
        (DEFAULT_SCHEDULE.frequency.minutes * 60_000),
    ),
  );
  const amortizedPerSpoke =
    ((runsPerWindow - 1) * warm.perSpoke + renewal.perSpoke) / runsPerWindow;
  const warmRange = `warm runs from ${ms(warmRuns[0].wallMs)} to ${ms(
    warmRuns[warmRuns.length - 1].wallMs,
  )}`;
  // 1c. --soak N: N more scheduled refreshes (an hour of a one-minute schedule is
  // 60), each renewing the listings as often as the schedule does. Back to back,
  // or with --soak-interval S one starting every S seconds as the scheduler starts
  // them; resident memory is sampled every second and after each run.
  let soak;
  if (SOAK_RUNS > 0) {
    const rss = [];
    const sampled = [];
    const mib = () => process.memoryUsage().rss / 2 ** 20;
    const sampler = setInterval(() => sampled.push(mib()), 1000);
    for (let i = 1; i <= SOAK_RUNS; i++) {
      const startedAt = Date.now();
      await timedRefresh(
        'soak',
        i % runsPerWindow === 0 ? 'manual' : 'schedule',
      );
      rss.push(mib());
      const idleMs = startedAt + SOAK_INTERVAL_S * 1000 - Date.now();
      if (idleMs > 0) await new Promise(r => setTimeout(r, idleMs));
    }
    clearInterval(sampler);
    const tenth = Math.max(1, Math.floor(rss.length / 10));
    const mean = xs => xs.reduce((a, b) => a + b, 0) / xs.length;
    soak = {
      runs: SOAK_RUNS,
      first: rss[0],
      max: Math.max(...rss, ...sampled),
      last: rss[rss.length - 1],
      firstTenth: mean(rss.slice(0, tenth)),
      lastTenth: mean(rss.slice(-tenth)),
      resting: sampled.length ? Math.min(...sampled.slice(-60)) : undefined,
    };
  }
  await collector.close();

  // 1b. The naive refresh: per spoke, every call in turn, hub listings repeated.
  let naive;
  if (!SKIP_NAIVE) {
    const naiveAccess = newAccess(registry, 1);
    const scope = naiveAccess.scope();
    const { hub, spokes } = targetsFromEntities(entities);
    const view = { ok: true, hub: registry.hub };
    // Credentials first, so both sides are compared warm.
    for (const spoke of spokes)
      await scope.clients(spoke.accountId, spoke.region);
    await scope.clients(registry.hub.account, registry.hub.region);
    await resetCalls();
    const t0 = performance.now();
    for (const spoke of spokes) {
      await new HealthCollector(scope).collect({
        hub,
        spokes: [spoke],
        registry: view,
      });
    }
    const wallMs = performance.now() - t0;
    const calls = await countCalls();
    naive = {
      label: 'naive sequential (1 call at a time, no batching)',
      wallMs,
      calls,
      perSpoke: calls / SPOKES,
    };
    naiveAccess.close();
  }
  aws.proc.send('stop');

  // 2. The spoke list over HTTP, load from a child process.
  const list = await listBenchmark(store);
  await database.close();

  const met = ok => (ok ? 'met' : 'MISSED');
  const out = [
    `Spoke health benchmark: ${SPOKES} spokes, ${LATENCY_MS} ms per AWS call, concurrency ${CONCURRENCY}, ${PARTITIONS} partitions on one instance, ${THREADS} collector thread(s), store ${DB}, load average ${loadAverage()}`,
  ];
  for (const r of [cold, warm, renewal, naive].filter(Boolean)) {
    out.push(
      `  ${r.label.padEnd(50)} ${ms(r.wallMs).padStart(11)}  ${String(
        r.calls,
      ).padStart(5)} AWS calls  ${r.perSpoke.toFixed(2)} per spoke${
        r.cpuMs ? `  (portal CPU ${ms(r.cpuMs)})` : ''
      }`,
    );
  }
  out.push(`  ${warmRange}`);
  out.push(
    `  AWS calls per spoke over a reuse window (${runsPerWindow} scheduled runs, one renewing): ${amortizedPerSpoke.toFixed(
      2,
    )}`,
  );
  out.push(`  spoke statuses after refresh: ${JSON.stringify(warm.statuses)}`);
  if (soak) {
    out.push(
      `  resident memory over ${soak.runs} more refreshes${
        SOAK_INTERVAL_S ? `, one every ${SOAK_INTERVAL_S} s` : ' back to back'
      }: ${soak.first.toFixed(
        0,
      )} MiB after the first, mean ${soak.firstTenth.toFixed(
        0,
      )} MiB over the first tenth and ${soak.lastTenth.toFixed(
        0,
      )} MiB over the last, at most ${soak.max.toFixed(0)} MiB${
        soak.resting === undefined
          ? ''
          : `, ${soak.resting.toFixed(0)} MiB at rest in the last minute`
      } (goal: flat, < 500 MiB: ${met(
        soak.max < 500 && soak.lastTenth - soak.firstTenth < 50,
      )})`,
    );
  }
  out.push(listLine(list));
  out.push(
    `${listLine(during)} (while a refresh ran: ${ms(duringRefresh.wallMs)})`,
  );
  out.push(
    `  goals: refresh < 5000 ms: ${met(warm.wallMs < 5000)} (cold ${met(
      cold.wallMs < 5000,
    )}); <= 16 AWS calls per spoke warm: ${met(
      warm.perSpoke <= 16,
    )} (over a window ${met(
      amortizedPerSpoke <= 16,
    )}, cold ${cold.perSpoke.toFixed(2)}); list p95 < 25 ms: ${met(
      list.p95 < 25,
    )}`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

const role = arg('role', 'main');
let run = main;
if (role === 'aws-local') run = awsLocalChild;
if (role === 'load') run = () => loadChild(arg('url'));
if (role === 'backend') run = backendChild;
run().catch(e => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
