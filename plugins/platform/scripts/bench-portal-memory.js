#!/usr/bin/env node
/* eslint-disable no-console */
/**
 * Benchmark (not a test: it prints numbers, asserts nothing): the portal backend's
 * resident memory while its schedule refreshes spoke health, as it runs in
 * production. The production bundle unpacked as the image runs it (every plugin
 * of the portal, not the spoke health plugin alone), the local default config (a
 * refresh every minute, the catalog's registry provider every minute) with the
 * machine's PostgreSQL as production's database (databases named
 * bench_portal_<port>_*, dropped at the end), N generated spokes each in its own
 * account, every AWS call delayed by --latency ms.
 *
 *   flock /tmp/ports.lock node plugins/platform/scripts/bench-portal-memory.js
 *     [--spokes 500] [--latency 50] [--minutes 60] [--threads N] [--skip-build]
 *     [--node-options "--max-old-space-size=400"] [--backend-port 7098] [--aws-port 4598]
 *
 * 1. builds the bundle (`yarn build:backend`) unless --skip-build;
 * 2. starts the local AWS endpoint and the bundle (localPortal.js); --threads sets
 *    platform.health.refresh.threads (default: the plugin's), --node-options adds
 *    Node options to the backend's (the image sets --no-node-snapshot);
 * 3. waits until spoke health lists every spoke (the catalog has ingested them and a
 *    scheduled refresh ran), without triggering anything;
 * 4. for --minutes, samples the backend's resident memory (its collector threads
 *    included) every second and its CPU, and reads the latest refresh run every
 *    10 s as the Spokes page would;
 * 5. prints the resident memory at ready, the highest, per-minute figures at the
 *    start and the end (flat?), at rest in the last minute, the refresh runs seen
 *    and their median duration (goal: flat, under 500 MB).
 */
const fs = require('fs');

const {
  build,
  dropDatabases,
  flag,
  guestAuthorization,
  option,
  rssMiB,
  startLocalPortal,
  stopAll,
  waitFor,
} = require('./localPortal');

const SPOKES = Number(option('--spokes', '500'));
const LATENCY_MS = Number(option('--latency', '50'));
const MINUTES = Number(option('--minutes', '60'));
const THREADS = option('--threads', undefined);
const NODE_OPTIONS = option('--node-options', '');
const BACKEND_PORT = Number(option('--backend-port', '7098'));
const AWS_PORT = Number(option('--aws-port', '4598'));

/** CPU seconds a process has used (user and system), from /proc. */
function cpuSeconds(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which may hold spaces: utime is the 14th field.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100; // USER_HZ, 100 on every Linux the portal runs on
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

const mean = xs => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mib = v => `${v.toFixed(0)} MiB`;

const DATABASE_PREFIX = `bench_portal_${BACKEND_PORT}_`;

async function main() {
  if (!flag('--skip-build')) build({ bundle: true });
  await dropDatabases(DATABASE_PREFIX); // left by an interrupted run
  const { base, backend, readyAfterS } = await startLocalPortal({
    bundle: true,
    databasePrefix: DATABASE_PREFIX,
    spokes: SPOKES,
    backendPort: BACKEND_PORT,
    awsPort: AWS_PORT,
    awsLatencyMs: LATENCY_MS,
    config:
      THREADS === undefined
        ? []
        : ['platform:', '  health:', `    refresh: { threads: ${THREADS} }`],
    nodeOptions: NODE_OPTIONS ? NODE_OPTIONS.split(' ') : [],
  });
  const pid = backend.pid;
  const rssAtReady = rssMiB(pid);
  console.log(
    `Backend ready in ${readyAfterS.toFixed(1)} s, ${mib(rssAtReady)} resident`,
  );

  const auth = await guestAuthorization(base);
  const spokeList = async () =>
    (await fetch(`${base}/api/platform/spokes`, { headers: auth })).json();
  const waitStartedAt = Date.now();
  await waitFor(
    'every spoke in spoke health',
    async () => (await spokeList()).items?.length >= SPOKES,
    900_000,
    5000,
  );
  console.log(
    `Every spoke listed after ${((Date.now() - waitStartedAt) / 1000).toFixed(
      0,
    )} s, ${mib(rssMiB(pid))} resident; sampling for ${MINUTES} minutes…`,
  );

  const perMinute = [];
  let minute = [];
  const runs = new Map();
  const cpuAtStart = cpuSeconds(pid);
  let sampler;
  const sampled = new Promise(resolve => {
    sampler = setInterval(() => {
      minute.push(rssMiB(pid));
      if (minute.length < 60) return;
      perMinute.push({ max: Math.max(...minute), min: Math.min(...minute) });
      minute = [];
      if (perMinute.length === MINUTES) resolve();
    }, 1000);
  });
  const runReader = setInterval(async () => {
    try {
      const { lastRefresh } = await spokeList();
      if (lastRefresh) runs.set(lastRefresh.id, lastRefresh);
    } catch {
      // a missed read only loses a run from the count
    }
  }, 10_000);
  await sampled;
  clearInterval(sampler);
  clearInterval(runReader);
  const cpu = cpuSeconds(pid) - cpuAtStart;

  const tenth = Math.max(1, Math.floor(perMinute.length / 10));
  const maxes = perMinute.map(m => m.max);
  const first = mean(maxes.slice(0, tenth));
  const last = mean(maxes.slice(-tenth));
  const highest = Math.max(...maxes);
  const atRest = perMinute[perMinute.length - 1].min;
  const seen = [...runs.values()];
  const scheduled = seen.filter(r => r.trigger === 'schedule');
  console.log('');
  console.log(
    `Portal backend (production bundle, ${SPOKES} spokes, ${LATENCY_MS} ms per AWS call, collector threads ${
      THREADS ?? 'default'
    }${NODE_OPTIONS ? `, node ${NODE_OPTIONS}` : ''}) over ${
      perMinute.length
    } minutes:`,
  );
  console.log(`  resident at ready            ${mib(rssAtReady)}`);
  console.log(
    `  highest in a minute          first tenth ${mib(first)}, last tenth ${mib(
      last,
    )}, highest ${mib(highest)}`,
  );
  console.log(
    `  lowest in a minute           first ${mib(
      perMinute[0].min,
    )}, last (at rest) ${mib(atRest)}`,
  );
  console.log(
    `  refresh runs seen            ${seen.length} (${
      scheduled.length
    } scheduled), median ${
      seen.length ? `${median(seen.map(r => r.durationMs))} ms` : '-'
    }, ${
      seen.length ? median(seen.map(r => r.spokes)) : '-'
    } spokes per run; backend CPU ${(cpu / perMinute.length).toFixed(
      1,
    )} s per minute`,
  );
  console.log(
    `  goal: flat, under 500 MB: ${
      highest < 500 && last - first < 50 ? 'met' : 'MISSED'
    }`,
  );
}

main()
  .catch(e => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(async () => {
    stopAll();
    await new Promise(r => setTimeout(r, 2000)); // the backend's connections close
    await dropDatabases(DATABASE_PREFIX);
  });
