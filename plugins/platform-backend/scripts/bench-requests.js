#!/usr/bin/env node
/*
 * Request tracking benchmark (not a test: it prints numbers, asserts nothing).
 *
 * Runs the real tracker (RequestTracker, the octokit adapter with the GitHub
 * integration's credentials, the knex store on SQLite in memory) against the fake
 * GitHub of the browser tests (scripts/e2e/fakeGithub.ts: real HTTP on 127.0.0.1,
 * ETags and 304s like GitHub).
 *
 * 1. Idle cost: --prs (default 20) open pull requests tracked for one simulated hour
 *    with nothing changing, the scheduler task ticking every --check-every seconds
 *    (default 15). GitHub requests per tracked pull request and hour, full answers and
 *    304s apart, without webhooks (poll every --poll minutes, default 2) and with
 *    webhooks (safety-net poll every --webhook-poll minutes, default 30).
 * 2. Time from a change in GitHub to the API showing it: a review is submitted in the
 *    fake; with webhooks the tracker reads at once (wall-clock ms of the event handler:
 *    GitHub reads plus store write); with polling the change shows at the first due
 *    poll (simulated clock, --trials random moments, default 50) plus that same work.
 *
 * Usage (from plugins/platform-backend, after `source scripts/env.sh` at the root):
 *   node scripts/bench-requests.js [--prs 20] [--poll 2] [--webhook-poll 30]
 *     [--check-every 15] [--trials 50]
 */
require('@backstage/cli/config/nodeTransform.cjs');
const net = require('net');
const knexFactory = require('knex');
const { ConfigReader } = require('@backstage/config');
const { ScmIntegrations } = require('@backstage/integration');
const { mockServices } = require('@backstage/backend-test-utils');
const path = require('path');
// The browser tests' fake GitHub lives with the repository's scripts, not in a package.
const { startFakeGithub } = require(path.resolve(
  __dirname,
  '../../../scripts/e2e/fakeGithub',
));
const {
  OctokitGithubRequestsApi,
} = require('../src/requests/github/GithubClient');
const { DatabaseRequestStore } = require('../src/requests/RequestStore');
const { RequestTracker } = require('../src/requests/RequestTracker');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const PRS = arg('prs', 20);
const POLL_MIN = arg('poll', 2);
const WEBHOOK_POLL_MIN = arg('webhook-poll', 30);
const CHECK_EVERY_S = arg('check-every', 15);
const TRIALS = arg('trials', 50);
const MINUTE = 60_000;
const OWNER = 'acme';
const REPO = 'platform';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function api(fake, method, route, body) {
  const res = await fetch(`${fake.url}${route}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function openPull(fake, i) {
  const mainRef = await api(
    fake,
    'GET',
    `/repos/${OWNER}/${REPO}/git/ref/heads/main`,
  );
  await api(fake, 'POST', `/repos/${OWNER}/${REPO}/git/refs`, {
    ref: `refs/heads/spoke-${i}`,
    sha: mainRef.object.sha,
  });
  const pr = await api(fake, 'POST', `/repos/${OWNER}/${REPO}/pulls`, {
    head: `spoke-${i}`,
    base: 'main',
    title: `platform: add spoke s${i}`,
  });
  await api(fake, 'POST', `/_fake/pulls/${OWNER}/${REPO}/${pr.number}/checks`, {
    runs: ['pr / synth', 'pr / charts', 'pr / workflows', 'pr / plan'].map(
      name => ({ name, status: 'completed', conclusion: 'success' }),
    ),
  });
  return pr;
}

async function setup(fake, options) {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
  const store = await DatabaseRequestStore.create({
    database: mockServices.database({ knex }),
  });
  const host = new URL(fake.url).host;
  const integrations = ScmIntegrations.fromConfig(
    new ConfigReader({
      integrations: {
        github: [{ host, apiBaseUrl: fake.url, token: 'bench-token' }],
      },
    }),
  );
  const clock = { now: new Date('2026-12-06T09:00:00Z') };
  const tracker = new RequestTracker({
    store,
    github: OctokitGithubRequestsApi.fromIntegrations(integrations),
    portal: async () => ({ inCatalog: false, spokes: [] }),
    logger: mockServices.rootLogger({ level: 'error' }),
    now: () => clock.now,
    intervals: {
      pollMs: POLL_MIN * MINUTE,
      webhookPollMs: WEBHOOK_POLL_MIN * MINUTE,
    },
    webhooks: options.webhooks,
  });
  return { knex, store, tracker, clock, host };
}

function countCalls(fake, since) {
  const calls = fake.calls().slice(since);
  const tracked = calls.filter(c => c.method === 'GET');
  return {
    full: tracked.filter(c => c.status !== 304).length,
    notModified: tracked.filter(c => c.status === 304).length,
  };
}

async function idleHour(fake, pulls, webhooks) {
  const s = await setup(fake, { webhooks });
  for (const pr of pulls) {
    await s.tracker.track({
      host: s.host,
      repository: `${OWNER}/${REPO}`,
      number: pr.number,
      pullRequestUrl: pr.html_url,
      entityRef: `system:default/s${pr.number}`,
      entityKind: 'System',
      requester: 'user:default/ana',
    });
  }
  const since = fake.calls().length;
  const start = s.clock.now.getTime();
  for (
    let t = CHECK_EVERY_S * 1000;
    t <= 60 * MINUTE;
    t += CHECK_EVERY_S * 1000
  ) {
    s.clock.now = new Date(start + t);
    await s.tracker.pollDue();
  }
  const counts = countCalls(fake, since);
  await s.knex.destroy();
  return {
    full: counts.full / pulls.length,
    notModified: counts.notModified / pulls.length,
  };
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = q =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] };
}

async function latency(fake, webhooks) {
  const s = await setup(fake, { webhooks });
  const waits = [];
  const work = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    const pr = await openPull(fake, `lat-${webhooks}-${trial}`);
    const request = await s.tracker.track({
      host: s.host,
      repository: `${OWNER}/${REPO}`,
      number: pr.number,
      pullRequestUrl: pr.html_url,
      entityRef: `system:default/lat${trial}`,
      entityKind: 'System',
      requester: 'user:default/ana',
    });
    // The change lands at a random moment between two scheduler ticks.
    const tick = CHECK_EVERY_S * 1000;
    const offset = Math.random() * POLL_MIN * MINUTE;
    const base = s.clock.now.getTime();
    const changedAt = base + offset;
    s.clock.now = new Date(changedAt);
    await api(
      fake,
      'POST',
      `/_fake/pulls/${OWNER}/${REPO}/${pr.number}/reviews`,
      {
        login: 'cy',
        state: 'APPROVED',
      },
    );
    const started = process.hrtime.bigint();
    if (webhooks) {
      await s.tracker.handleEvent({
        topic: 'github.pull_request_review',
        payload: {
          repository: {
            full_name: `${OWNER}/${REPO}`,
            html_url: `${fake.url}/${OWNER}/${REPO}`,
          },
          pull_request: { number: pr.number },
        },
      });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if ((await s.store.get(request.id)).stage !== 'approved') {
        throw new Error('the webhook did not show the review');
      }
      waits.push(ms);
      work.push(ms);
    } else {
      // Scheduler ticks on its own grid; only due requests are read.
      let t = Math.ceil(changedAt / tick) * tick;
      for (;;) {
        s.clock.now = new Date(t);
        const before = process.hrtime.bigint();
        await s.tracker.pollDue();
        const ms = Number(process.hrtime.bigint() - before) / 1e6;
        if ((await s.store.get(request.id)).stage === 'approved') {
          waits.push(t - changedAt + ms);
          work.push(ms);
          break;
        }
        t += tick;
      }
    }
    // Stop following it so the next trial measures one request at a time.
    await s.store.update(request.id, { ended: true }, s.clock.now);
  }
  await s.knex.destroy();
  return { waits: stats(waits), work: stats(work) };
}

async function main() {
  const fake = await startFakeGithub({ port: await freePort() });
  try {
    await api(fake, 'POST', '/_fake/repos', { owner: OWNER, repo: REPO });
    const pulls = [];
    for (let i = 0; i < PRS; i++) pulls.push(await openPull(fake, i));

    console.log(
      `Request tracking: ${PRS} open pull requests, fake GitHub over HTTP at ${fake.url}, scheduler tick ${CHECK_EVERY_S} s`,
    );
    console.log('');
    console.log('Idle cost: GitHub requests per tracked pull request per hour');
    for (const webhooks of [false, true]) {
      const r = await idleHour(fake, pulls, webhooks);
      console.log(
        `  ${
          webhooks
            ? `webhooks, safety-net poll every ${WEBHOOK_POLL_MIN} min`
            : `polling every ${POLL_MIN} min                `
        }: ${r.full.toFixed(
          1,
        )} full (counted by the rate limit), ${r.notModified.toFixed(
          1,
        )} conditional 304 (not counted)`,
      );
    }
    console.log('');
    console.log(
      `Change in GitHub (a review) to the API showing it, ${TRIALS} trials`,
    );
    const fmt = s =>
      `mean ${s.mean.toFixed(1)} ms, p50 ${s.p50.toFixed(
        1,
      )} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms`;
    const fmtS = s =>
      `mean ${(s.mean / 1000).toFixed(1)} s, p50 ${(s.p50 / 1000).toFixed(
        1,
      )} s, p95 ${(s.p95 / 1000).toFixed(1)} s, max ${(s.max / 1000).toFixed(
        1,
      )} s`;
    const hook = await latency(fake, true);
    console.log(`  webhooks: ${fmt(hook.waits)}`);
    const poll = await latency(fake, false);
    console.log(
      `  polling every ${POLL_MIN} min: ${fmtS(
        poll.waits,
      )} (the read itself: ${fmt(poll.work)})`,
    );
  } finally {
    await fake.close();
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
