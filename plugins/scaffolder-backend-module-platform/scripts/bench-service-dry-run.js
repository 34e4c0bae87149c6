#!/usr/bin/env node
/*
 * Benchmark: the New service template's own steps as a dry run runs them
 * (platform:service:validate, the service file written as fetch:template writes
 * it, platform:service:diff of the per-service stacks) against the repository's
 * registry (infra/config, with the phl-store sample), in-process, CloudFormation
 * validation off (CDK_VALIDATION=false, as the action sets it). Prints the cold
 * first run, then min / median / max of warm runs.
 *
 * Usage: node scripts/bench-service-dry-run.js [--runs 5]
 */
require('@backstage/cli/config/nodeTransform.cjs');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { stringify } = require('yaml');

const t0 = process.hrtime.bigint();
const seconds = since => Number(process.hrtime.bigint() - since) / 1e9;
const { RegistrySource } = require('../src');
const {
  createServiceValidateAction,
  createServiceDiffAction,
} = require('../src/actions/service');

const loadSeconds = seconds(t0);

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const registryDir = path.resolve(__dirname, '../../../infra/config');
const registry = RegistrySource.create({ registryDir: () => registryDir });
const repository = {
  url: 'https://github.com/piksel-ina/piksel-portal',
  repoUrl: 'github.com?owner=piksel-ina&repo=piksel-portal',
  registryPath: 'infra/config',
};
const validate = createServiceValidateAction({ registry, repository });
const diff = createServiceDiffAction({ registry, repository });
const input = {
  name: 'orders',
  owner: 'group:default/storefront-team',
  imageSource: 'own',
  port: 8080,
  environments: ['dev', 'staging', 'prod'],
  exposure: 'internal',
  database: true,
  databaseAuth: 'password',
  minReplicas: 2,
  maxReplicas: 4,
};
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
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-service-'));
  const outputs = {};
  const context = extra => ({
    workspacePath: workspace,
    logger: silent,
    user: { ref: 'user:default/bench' },
    isDryRun: true,
    output: (k, v) => (outputs[k] = v),
    createTemporaryDirectory: async () => workspace,
    checkpoint: async ({ fn }) => fn(),
    getInitiatorCredentials: async () => ({}),
    task: { id: 'bench' },
    ...extra,
  });
  try {
    let started = process.hrtime.bigint();
    await validate.handler(context({ input }));
    const validateSeconds = seconds(started);
    const file = path.join(
      workspace,
      'platform/infra/config/services/orders.yaml',
    );
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, stringify(outputs.values.serviceConfig));
    started = process.hrtime.bigint();
    await diff.handler(
      context({ input: { registryPath: 'platform/infra/config' } }),
    );
    const diffSeconds = seconds(started);
    return {
      total: validateSeconds + diffSeconds,
      validateSeconds,
      diffSeconds,
      stacks: outputs.stacks.length,
    };
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

const fmt = t =>
  `${t.total.toFixed(2)} s (validate ${t.validateSeconds.toFixed(
    3,
  )}, diff ${t.diffSeconds.toFixed(2)}; ${t.stacks} stacks)`;

(async () => {
  console.log(`module load: ${loadSeconds.toFixed(2)} s`);
  const first = await dryRun();
  console.log(`first run:   ${fmt(first)}`);
  const warm = [];
  for (let i = 0; i < runs; i++) warm.push(await dryRun());
  const totals = warm.map(t => t.total).sort((a, b) => a - b);
  console.log(
    `warm runs (${runs}): min ${totals[0].toFixed(2)} s, median ${totals[
      Math.floor(totals.length / 2)
    ].toFixed(2)} s, max ${totals[totals.length - 1].toFixed(2)} s`,
  );
})().catch(e => {
  console.error(e);
  process.exit(1);
});
