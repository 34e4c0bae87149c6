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
const { chromium } = require('playwright-core');

const {
  build,
  flag,
  guestAuthorization,
  option,
  rssMiB,
  startLocalPortal,
  stopAll,
  waitFor,
} = require('./localPortal');
const { ROWS_PER_PAGE } = require('../src/lib/rows');

const RUNS = Number(option('--runs', '20'));
const BACKEND_PORT = Number(option('--backend-port', '7099'));
const AWS_PORT = Number(option('--aws-port', '4599'));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VIEWPORT = { width: 1280, height: 720 };
const SPOKES = Number(option('--spokes', '0'));

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

async function main() {
  if (!flag('--skip-build')) build({ bundle: BUNDLE });
  const { base, backend, readyAfterS } = await startLocalPortal({
    bundle: BUNDLE,
    spokes: SPOKES,
    backendPort: BACKEND_PORT,
    awsPort: AWS_PORT,
  });
  const rssAtReady = BUNDLE ? rssMiB(backend.pid) : NaN;

  // Spoke health has data once the catalog has the spokes and a refresh ran.
  const auth = await guestAuthorization(base);
  const list = await waitFor(
    'spoke health',
    async () => {
      await fetch(`${base}/api/platform/refresh`, {
        method: 'POST',
        headers: auth,
      });
      const r = await fetch(`${base}/api/platform/spokes`, { headers: auth });
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
      baseURL: base,
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
        baseURL: base,
        viewport: VIEWPORT,
        storageState,
      });
      await measure(await newPage(ctx));
      await ctx.close();
    }

    const cold = [];
    for (let i = 0; i < RUNS; i++) {
      const ctx = await browser.newContext({
        baseURL: base,
        viewport: VIEWPORT,
        storageState,
      });
      cold.push(await measure(await newPage(ctx)));
      await ctx.close();
    }
    const warm = [];
    const ctx = await browser.newContext({
      baseURL: base,
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
        `Production bundle (local default config, guest sign-in): start to ready ${readyAfterS.toFixed(
          1,
        )} s; RSS at ready ${rssAtReady.toFixed(
          0,
        )} MiB, after the runs ${rssMiB(backend.pid).toFixed(0)} MiB`,
      );
    } else {
      console.log(
        `Backend (development server): start to ready ${readyAfterS.toFixed(
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
