#!/usr/bin/env node
/* eslint-disable no-console */
/**
 * Benchmark (not a test): time from navigation to the Spokes table rendered, with
 * the production build of the app served by the backend, in Chromium.
 *
 *   node plugins/platform/scripts/bench-spokes-page.js [--runs 20] [--skip-build] [--bundle]
 *     [--spokes 500]
 *
 * 1. builds the app for production (`backstage-cli package build` in packages/app)
 *    unless --skip-build; with --bundle, builds the production backend bundle instead
 *    (`yarn build:backend`, the frontend inside) and serves the portal from it the way
 *    the image does: the bundle unpacked into a temporary folder, `node
 *    packages/backend` (NODE_ENV=development: the guest sign-in it uses is refused in
 *    production), and also prints the bundle's start to
 *    ready time and its resident memory;
 * 1'. with --spokes N, writes a registry of N generated spokes (each in its own
 *    account: `buildLargeRegistryFiles` of platform-common) to a temporary folder
 *    and points the endpoint and the backend at it (PLATFORM_REGISTRY_DIR), so the
 *    page is measured at that size (the table renders its first page of rows);
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

require('@backstage/cli/config/nodeTransform.cjs');
const { buildLargeRegistryFiles } = require('@internal/plugin-platform-common');
const { ROWS_PER_PAGE } = require('../src/lib/rows');

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
const SPOKES = Number(option('--spokes', '0'));

const children = [];

function start(name, command, commandArgs, env, cwd = ROOT) {
  const child = spawn(command, commandArgs, {
    cwd,
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

let bundleDir;
let registryDir;

function stopAll() {
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  for (const dir of [bundleDir, registryDir]) {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A registry of `count` generated spokes in a new temporary folder. */
function writeLargeRegistry(count) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-registry-'));
  for (const file of buildLargeRegistryFiles(count)) {
    fs.mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true });
    fs.writeFileSync(path.join(dir, file.path), file.content);
  }
  return dir;
}

async function waitFor(what, check, timeoutMs = 240_000, intervalMs = 1000) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const result = await check();
      if (result) return result;
    } catch (e) {
      last = String(e);
    }
    await new Promise(r => setTimeout(r, intervalMs));
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

const BUNDLE = flag('--bundle');

/**
 * The production bundle unpacked as in the image (packages/backend/Dockerfile), with a
 * node_modules that links the repository's installed third-party packages and the
 * bundle's own built workspaces (never the sources), plus the catalog files the config
 * reads. Returns the folder.
 */
function unpackBundle() {
  const bundle = path.join(ROOT, 'packages/backend/dist/bundle.tar.gz');
  if (!fs.existsSync(bundle)) {
    throw new Error(`${bundle} is missing: run without --skip-build`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-bundle-'));
  const tar = spawnSync('tar', ['xzf', bundle, '-C', dir], {
    stdio: 'inherit',
  });
  if (tar.status !== 0) throw new Error('could not unpack the bundle');
  const workspaces = {};
  for (const group of ['packages', 'plugins']) {
    for (const name of fs.readdirSync(path.join(dir, group))) {
      const pkg = path.join(dir, group, name, 'package.json');
      if (fs.existsSync(pkg)) workspaces[require(pkg).name] = path.dirname(pkg);
    }
  }
  if (fs.existsSync(path.join(dir, 'infra/package.json'))) {
    workspaces[require(path.join(dir, 'infra/package.json')).name] = path.join(
      dir,
      'infra',
    );
  }
  const modules = path.join(dir, 'node_modules');
  fs.mkdirSync(modules);
  const rootModules = path.join(ROOT, 'node_modules');
  for (const entry of fs.readdirSync(rootModules)) {
    if (entry === '.bin' || workspaces[entry]) continue;
    if (entry.startsWith('@')) {
      fs.mkdirSync(path.join(modules, entry));
      for (const sub of fs.readdirSync(path.join(rootModules, entry))) {
        if (workspaces[`${entry}/${sub}`]) continue;
        fs.symlinkSync(
          path.join(rootModules, entry, sub),
          path.join(modules, entry, sub),
        );
      }
    } else {
      fs.symlinkSync(path.join(rootModules, entry), path.join(modules, entry));
    }
  }
  for (const [name, folder] of Object.entries(workspaces)) {
    fs.mkdirSync(path.dirname(path.join(modules, name)), { recursive: true });
    fs.symlinkSync(folder, path.join(modules, name));
  }
  for (const file of [
    'app-config.yaml',
    'app-config.development.yaml',
    'catalog-info.yaml',
  ]) {
    fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
  }
  for (const folder of ['catalog', 'templates', 'services']) {
    fs.cpSync(path.join(ROOT, folder), path.join(dir, folder), {
      recursive: true,
    });
  }
  return dir;
}

/** Resident set size of a process in MiB, from /proc. */
function rssMiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]);
  return kb / 1024;
}

async function main() {
  if (BUNDLE && !flag('--skip-build')) {
    console.log('Building the production bundle (packages/backend/dist)…');
    const t0 = Date.now();
    const build = spawnSync('yarn', ['build:backend'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('backend build failed');
    console.log(`Built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  } else if (!flag('--skip-build')) {
    console.log('Building the app for production (packages/app/dist)…');
    const t0 = Date.now();
    const build = spawnSync('yarn', ['workspace', 'app', 'build'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('app build failed');
    console.log(`Built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  if (
    !BUNDLE &&
    !fs.existsSync(path.join(ROOT, 'packages/app/dist/index.html'))
  ) {
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
  if (SPOKES > 0) {
    registryDir = writeLargeRegistry(SPOKES);
    console.log(`Registry of ${SPOKES} generated spokes in ${registryDir}`);
  }
  const awsEnv = {
    PLATFORM_REGISTRY_DIR: registryDir ?? path.join(ROOT, 'infra/config'),
    AWS_LOCAL_PORT: String(AWS_PORT),
    AWS_ENDPOINT_URL: `http://127.0.0.1:${AWS_PORT}`,
    AWS_REGION: 'ap-southeast-3',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  };
  start('aws-local', 'node', ['packages/aws-local/bin/aws-local.js'], awsEnv);
  await waitFor('local AWS endpoint', async () => {
    await fetch(`http://127.0.0.1:${AWS_PORT}/`);
    return true;
  });
  // The local default (guest sign-in) and this benchmark's ports, relative to
  // packages/backend in both modes.
  const configArgs = [
    '--config',
    '../../app-config.yaml',
    '--config',
    '../../app-config.development.yaml',
    '--config',
    config,
  ];
  let backend;
  let startedAt;
  if (BUNDLE) {
    const dir = unpackBundle();
    bundleDir = dir;
    console.log(`Production bundle unpacked in ${dir}`);
    startedAt = Date.now();
    backend = start(
      'backend',
      process.execPath,
      ['.', ...configArgs],
      {
        ...awsEnv,
        // The bundle as the image runs it, but with the local default's guest
        // sign-in, which a production start refuses (NODE_ENV only switches that
        // guard and the log format; the frontend is the production build either way).
        NODE_ENV: 'development',
        NODE_OPTIONS: '--no-node-snapshot',
      },
      // The local default's catalog locations are relative to packages/backend.
      path.join(dir, 'packages/backend'),
    );
  } else {
    startedAt = Date.now();
    backend = start(
      'backend',
      'yarn',
      ['workspace', 'backend', 'start', ...configArgs],
      awsEnv,
    );
  }
  console.log(
    `Waiting for the backend on ${BASE} (logs in ${os.tmpdir()}/bench-*.log)…`,
  );
  await waitFor(
    'backend',
    async () => {
      const r = await fetch(`${BASE}/.backstage/health/v1/readiness`);
      return r.ok;
    },
    240_000,
    100,
  );
  const readyAfter = (Date.now() - startedAt) / 1000;
  const rssAtReady = BUNDLE ? rssMiB(backend.pid) : NaN;
  await waitFor('app', async () => {
    const r = await fetch(`${BASE}/spokes`);
    return r.ok && (await r.text()).includes('<div id="root">');
  });

  // Spoke health has data once the catalog has the spokes and a refresh ran.
  const signIn = await (
    await fetch(`${BASE}/api/auth/guest/refresh`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    })
  ).json();
  const auth = { Authorization: `Bearer ${signIn.backstageIdentity.token}` };
  const list = await waitFor(
    'spoke health',
    async () => {
      await fetch(`${BASE}/api/platform/refresh`, {
        method: 'POST',
        headers: auth,
      });
      const r = await fetch(`${BASE}/api/platform/spokes`, { headers: auth });
      const body = await r.json();
      return body.items?.length >= Math.max(3, SPOKES) ? body : undefined;
    },
    600_000,
  );
  // The spokes and the hub, or the first page of them.
  const expectedRows = Math.min(list.items.length + 1, ROWS_PER_PAGE);
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
    // Sign in once; later contexts reuse the stored sign-in (guest signs in silently).
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
    if (BUNDLE) {
      console.log(
        `Production bundle (local default config, guest sign-in): start to ready ${readyAfter.toFixed(
          1,
        )} s; RSS at ready ${rssAtReady.toFixed(
          0,
        )} MiB, after the runs ${rssMiB(backend.pid).toFixed(0)} MiB`,
      );
    } else {
      console.log(
        `Backend (development server): start to ready ${readyAfter.toFixed(
          1,
        )} s`,
      );
    }
    console.log(
      `Navigation to the Spokes table rendered (${expectedRows} rows), ${
        BUNDLE
          ? 'production bundle'
          : 'production app build, development backend'
      }, Chromium ${browser.version()}:`,
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
