#!/usr/bin/env node
/*
 * Benchmark: the New environment template's own steps as a dry run runs them
 * (platform:spoke:validate -> render -> diff) against the repository's registry
 * (infra/config), in-process, CloudFormation validation off (CDK_VALIDATION=false,
 * as the action sets it). Prints the cold first run, then min / median / max of
 * warm runs, and where the time goes in the diff (two synths, diff + format).
 *
 * With --portal <backend base URL> it times the real thing instead: the running
 * portal's scaffolder dry run (POST /api/scaffolder/v2/dry-run, as the template
 * editor does) of templates/new-environment as read from the catalog, signed in as
 * the local guest (who is in the platform team in the local default config).
 *
 * Usage: node scripts/bench-dry-run.js [--runs 5] [--portal http://127.0.0.1:7007]
 */
require('@backstage/cli/config/nodeTransform.cjs');
const fs = require('fs');
const os = require('os');
const path = require('path');

const t0 = process.hrtime.bigint();
const seconds = since => Number(process.hrtime.bigint() - since) / 1e9;
const {
  createSpokeValidateAction,
  createSpokeRenderAction,
  createSpokeDiffAction,
  RegistrySource,
  synthesizePlatform,
} = require('../src');
const { diffSynths, diffMarkdown } = require('../src/lib/cloudFormationDiff');
const {
  exampleNonProdInput,
} = require('../src/actions/spokeValidate.examples');
const { parseRegistry } = require('@internal/plugin-platform-common');

const loadSeconds = seconds(t0);

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const registryDir = path.resolve(__dirname, '../../../infra/config');
const registry = RegistrySource.create({ registryDir: () => registryDir });
const user = { ref: 'user:default/bench' };
const shared = { registry, platformTeam: [user.ref] };
const steps = [
  createSpokeValidateAction(shared),
  createSpokeRenderAction(shared),
  createSpokeDiffAction(shared),
];
const silent = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return silent;
  },
};

async function dryRun() {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-dry-run-'));
  const outputs = {};
  const times = [];
  try {
    const inputs = [
      exampleNonProdInput,
      () => ({ spoke: outputs.spoke }),
      () => ({}),
    ];
    for (const [i, action] of steps.entries()) {
      const started = process.hrtime.bigint();
      await action.handler({
        input: typeof inputs[i] === 'function' ? inputs[i]() : inputs[i],
        workspacePath: workspace,
        logger: silent,
        user,
        isDryRun: true,
        output: (k, v) => (outputs[k] = v),
        createTemporaryDirectory: async () => workspace,
        checkpoint: async ({ fn }) => fn(),
        getInitiatorCredentials: async () => ({}),
        task: { id: 'bench' },
      });
      times.push(seconds(started));
    }
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
  return {
    times,
    total: times.reduce((a, b) => a + b, 0),
    summary: outputs.summary,
  };
}

function fmt(t) {
  return `${t.total.toFixed(2)} s (validate ${t.times[0].toFixed(
    3,
  )}, render ${t.times[1].toFixed(3)}, diff ${t.times[2].toFixed(2)})`;
}

const portalArg = process.argv.indexOf('--portal');

async function benchPortal(baseUrl) {
  const refresh = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  const token = (await refresh.json()).backstageIdentity.token;
  const headers = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
  };
  // The catalog reads templates/*/template.yaml shortly after start-up.
  let template;
  for (let i = 0; i < 90 && !template; i++) {
    const response = await fetch(
      `${baseUrl}/api/catalog/entities/by-name/template/default/new-environment`,
      { headers },
    );
    if (response.ok) template = await response.json();
    else await new Promise(r => setTimeout(r, 1000));
  }
  if (!template)
    throw new Error('templates/new-environment is not in the catalog');
  const values = { ...exampleNonProdInput, deletionProtection: false };
  const times = [];
  for (let i = 0; i <= runs; i++) {
    const started = process.hrtime.bigint();
    const response = await fetch(`${baseUrl}/api/scaffolder/v2/dry-run`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        template,
        values,
        secrets: {},
        directoryContents: [],
      }),
    });
    const body = await response.json();
    if (!response.ok)
      throw new Error(`dry run failed: ${JSON.stringify(body)}`);
    times.push(seconds(started));
  }
  const [cold, ...warm] = times;
  warm.sort((a, b) => a - b);
  console.log(
    `portal ${baseUrl}: first dry run ${cold.toFixed(
      2,
    )} s; then (${runs}) min ${warm[0].toFixed(2)} s, median ${warm[
      Math.floor(runs / 2)
    ].toFixed(2)} s, max ${warm[runs - 1].toFixed(2)} s`,
  );
}

(async () => {
  if (portalArg > 0) {
    await benchPortal(process.argv[portalArg + 1]);
    return;
  }
  console.log(
    `Module load ${loadSeconds.toFixed(2)} s; CDK_VALIDATION=${
      process.env.CDK_VALIDATION ?? '(unset: the action sets false)'
    }; registry ${registryDir}`,
  );
  const cold = await dryRun();
  console.log(
    `cold first dry run: ${fmt(cold)}; PR diff section ${
      cold.summary.length
    } chars`,
  );
  const warm = [];
  for (let i = 0; i < runs; i++) warm.push(await dryRun());
  warm.sort((a, b) => a.total - b.total);
  console.log(
    `warm dry runs (${runs}): min ${fmt(warm[0])}; median ${fmt(
      warm[Math.floor(runs / 2)],
    )}; max ${fmt(warm[runs - 1])}`,
  );

  // Where the diff step's time goes.
  const before = registry.load();
  const qa = {
    ...before.spokes[0],
    name: 'qa',
    account: '555566667777',
    network: { ...before.spokes[0].network, cidr: '10.4.0.0/16' },
  };
  const after = parseRegistry([...registry.files()]);
  after.spokes.push(qa);
  let s = process.hrtime.bigint();
  const a = synthesizePlatform(before);
  const synthBefore = seconds(s);
  s = process.hrtime.bigint();
  const b = synthesizePlatform(after);
  const synthAfter = seconds(s);
  s = process.hrtime.bigint();
  diffMarkdown(diffSynths(a, b));
  const diffing = seconds(s);
  console.log(
    `diff step breakdown: synth before ${synthBefore.toFixed(2)} s (${
      a.length
    } stacks), synth after ${synthAfter.toFixed(2)} s (${
      b.length
    } stacks), diff + format ${diffing.toFixed(2)} s`,
  );
})().catch(e => {
  console.error(e);
  process.exit(1);
});
