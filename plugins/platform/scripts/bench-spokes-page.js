#!/usr/bin/env node
/* eslint-disable no-console */
/**
 * Benchmark (not a test): time from navigation to the Spokes table rendered, with
 * the production build of the app served by the backend, in Chromium.
 *
 *   node plugins/platform/scripts/bench-spokes-page.js [--runs 20] [--skip-build]
 *
 * 1. builds the app for production (`backstage-cli package build` in packages/app)
 *    unless --skip-build;
 * 2. starts the local AWS endpoint and the backend (which serves packages/app/dist,
 *    config injected at runtime) on their own ports (4599, 7099), so it never
 *    collides with a running portal or the browser tests;
 * 3. signs in as guest once, refreshes spoke health and waits for every spoke;
 * 4. loads /spokes N times in a fresh browser context (cold: no HTTP cache) and N
 *    times by reloading one page (warm: HTTP cache), each time reading
 *    performance.now() (milliseconds since navigation start) at the moment the
 *    table shows every spoke and the hub with their statuses;
 * 5. prints p50/p95/min/max for both and stops what it started.
 */
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '../../..');
const args = process.argv.slice(2);
const flag = name => args.includes(name);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const RUNS = Number(option('--runs', '20'));
const BACKEND_PORT = Number(option('--backend-port', '7099'));
const AWS_PORT = Number(option('--aws-port', '4599'));
const BASE = `http://127.0.0.1:${BACKEND_PORT}`;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VIEWPORT = { width: 1280, height: 720 };

const children = [];

function start(name, command, commandArgs, env) {
  const child = spawn(command, commandArgs, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const log = fs.createWriteStream(path.join(os.tmpdir(), `bench-${name}.log`));
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  children.push(child);
  return child;
}

function stopAll() {
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

async function waitFor(what, check, timeoutMs = 240_000) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const result = await check();
      if (result) return result;
    } catch (e) {
      last = String(e);
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`${what} not ready after ${timeoutMs} ms: ${last}`);
}

function percentile(sorted, p) {
  const i = Math.min(
    sorted.length - 1,
    Math.ceil((p / 100) * sorted.length) - 1,
  );
  return sorted[Math.max(0, i)];
}

function summary(label, values) {
  const sorted = [...values].sort((a, b) => a - b);
  const fmt = v => `${v.toFixed(0)} ms`;
  return `${label.padEnd(28)} n=${sorted.length}  p50 ${fmt(
    percentile(sorted, 50),
  )}  p95 ${fmt(percentile(sorted, 95))}  min ${fmt(sorted[0])}  max ${fmt(
    sorted[sorted.length - 1],
  )}`;
}

/**
 * Runs in every new document before the app: records performance.now() (ms since
 * navigation start) in window.__spokesTableAt once the table shows every expected
 * row and no cell is still loading.
 */
function watchSpokesTable(expectedRows) {
  const done = () => {
    const rows = document.querySelectorAll(
      'table[aria-label="Spokes"] tbody tr[data-spoke]',
    );
    if (rows.length < expectedRows) return false;
    return ![...rows].some(r => r.querySelector('[data-status="loading"]'));
  };
  const observer = new MutationObserver(() => {
    if (window.__spokesTableAt === undefined && done()) {
      window.__spokesTableAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}

async function main() {
  if (!flag('--skip-build')) {
    console.log('Building the app for production (packages/app/dist)…');
    const t0 = Date.now();
    const build = spawnSync('yarn', ['workspace', 'app', 'build'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('app build failed');
    console.log(`Built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  if (!fs.existsSync(path.join(ROOT, 'packages/app/dist/index.html'))) {
    throw new Error('packages/app/dist is missing: run without --skip-build');
  }

  const config = path.join(os.tmpdir(), 'bench-spokes-page.app-config.yaml');
  fs.writeFileSync(
    config,
    [
      'app:',
      `  baseUrl: ${BASE}`,
      'backend:',
      `  baseUrl: ${BASE}`,
      `  listen: { host: 127.0.0.1, port: ${BACKEND_PORT} }`,
      `  cors: { origin: ${BASE} }`,
      '',
    ].join('\n'),
  );
  const awsEnv = {
    AWS_LOCAL_PORT: String(AWS_PORT),
    AWS_ENDPOINT_URL: `http://127.0.0.1:${AWS_PORT}`,
    AWS_REGION: 'ap-southeast-3',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  };
  start('aws-local', 'node', ['packages/aws-local/bin/aws-local.js'], awsEnv);
  start(
    'backend',
    'yarn',
    [
      'workspace',
      'backend',
      'start',
      '--config',
      '../../app-config.yaml',
      '--config',
      config,
    ],
    awsEnv,
  );
  console.log(
    `Waiting for the backend on ${BASE} (logs in ${os.tmpdir()}/bench-*.log)…`,
  );
  await waitFor('backend', async () => {
    const r = await fetch(`${BASE}/.backstage/health/v1/readiness`);
    return r.ok;
  });
  await waitFor('app', async () => {
    const r = await fetch(`${BASE}/spokes`);
    return r.ok && (await r.text()).includes('<div id="root">');
  });

  // Spoke health has data once the catalog has the spokes and a refresh ran.
  const session = await (
    await fetch(`${BASE}/api/auth/guest/refresh`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    })
  ).json();
  const auth = { Authorization: `Bearer ${session.backstageIdentity.token}` };
  const list = await waitFor('spoke health', async () => {
    await fetch(`${BASE}/api/platform/refresh`, {
      method: 'POST',
      headers: auth,
    });
    const r = await fetch(`${BASE}/api/platform/spokes`, { headers: auth });
    const body = await r.json();
    return body.items?.length >= 3 ? body : undefined;
  });
  const expectedRows = list.items.length + 1; // the spokes and the hub
  console.log(`Spoke health ready: ${list.items.length} spokes and the hub`);

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    // Sign in once; later contexts reuse the stored session (guest signs in silently).
    const first = await browser.newContext({
      baseURL: BASE,
      viewport: VIEWPORT,
    });
    const page = await first.newPage();
    await page.goto('/');
    await page.getByRole('button', { name: 'Enter' }).click();
    await page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Spokes', exact: true })
      .waitFor();
    const storageState = await first.storageState();
    await first.close();

    const newPage = async ctx => {
      const p = await ctx.newPage();
      await p.addInitScript(watchSpokesTable, expectedRows);
      return p;
    };
    const measure = async p => {
      const response = await p.goto('/spokes', { waitUntil: 'commit' });
      if (!response || !response.ok()) throw new Error('navigation failed');
      await p.waitForFunction(
        () => window.__spokesTableAt !== undefined,
        null,
        {
          timeout: 60_000,
        },
      );
      // Where the time goes: first paint, the spoke list's answer, the table.
      return p.evaluate(() => {
        const paint = performance.getEntriesByName('first-contentful-paint')[0];
        const listEntry = performance
          .getEntriesByType('resource')
          .find(e => /\/api\/platform\/spokes$/.test(e.name));
        return {
          table: window.__spokesTableAt,
          firstPaint: paint ? paint.startTime : NaN,
          spokeList: listEntry ? listEntry.responseEnd : NaN,
        };
      });
    };

    // One untimed load so the backend's first-request work is not counted.
    {
      const ctx = await browser.newContext({
        baseURL: BASE,
        viewport: VIEWPORT,
        storageState,
      });
      await measure(await newPage(ctx));
      await ctx.close();
    }

    const cold = [];
    for (let i = 0; i < RUNS; i++) {
      const ctx = await browser.newContext({
        baseURL: BASE,
        viewport: VIEWPORT,
        storageState,
      });
      cold.push(await measure(await newPage(ctx)));
      await ctx.close();
    }
    const warm = [];
    const ctx = await browser.newContext({
      baseURL: BASE,
      viewport: VIEWPORT,
      storageState,
    });
    const warmPage = await newPage(ctx);
    await measure(warmPage);
    for (let i = 0; i < RUNS; i++) warm.push(await measure(warmPage));
    await ctx.close();

    console.log('');
    console.log(
      `Navigation to the Spokes table rendered (${expectedRows} rows), production build, Chromium ${browser.version()}:`,
    );
    for (const [label, runs] of [
      ['cold (new context, no cache)', cold],
      ['warm (reload, HTTP cache)', warm],
    ]) {
      console.log(
        summary(
          `${label}`,
          runs.map(r => r.table),
        ),
      );
      console.log(
        summary(
          '  first contentful paint',
          runs.map(r => r.firstPaint),
        ),
      );
      console.log(
        summary(
          '  spoke list answered',
          runs.map(r => r.spokeList),
        ),
      );
    }
  } finally {
    await browser.close();
  }
}

main()
  .catch(e => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(stopAll);

process.on('SIGINT', () => {
  stopAll();
  process.exit(130);
});
