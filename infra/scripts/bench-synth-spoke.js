#!/usr/bin/env node
/* eslint-disable no-console */
/*
 * Synth benchmark of one spoke stack per VPC size: a new spoke in pool `main` with
 * the next free block of that size (proposed by the planner) and 3 AZs, synthesized
 * alone in-process (cdk-nag on, CloudFormation validation per CDK_VALIDATION). Prints
 * the median of several runs per size; asserts nothing.
 * Usage: node scripts/bench-synth-spoke.js [--sizes 20,16] [--runs 5]
 */
require('@backstage/cli/config/nodeTransform.cjs');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { App, Validations } = require('aws-cdk-lib');
const { AwsSolutionsChecks } = require('cdk-nag');
const { proposeSpokeCidr } = require('@internal/plugin-platform-common');
const { loadRegistry } = require('@internal/plugin-platform-common/node');
const { SpokeStack } = require('../lib/stacks/spoke-stack');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}
const sizes = arg('sizes', '20,16').split(',').map(Number);
const runs = Number(arg('runs', 5));

const registry = loadRegistry(path.resolve(__dirname, '../config'));
const prod = registry.spokes.find(s => s.name === 'prod');

function synthOnce(spoke) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-spoke-'));
  try {
    const started = process.hrtime.bigint();
    const app = new App({ outdir });
    new SpokeStack(app, `platform-spoke-${spoke.name}`, {
      hub: registry.hub,
      spoke,
    });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const assembly = app.synth();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const resources = Object.keys(assembly.stacks[0].template.Resources).length;
    return { seconds, resources };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

console.log(
  `CDK_VALIDATION=${
    process.env.CDK_VALIDATION ?? '(unset: CloudFormation validation on)'
  }; ${runs} runs per size after one warm-up`,
);
for (const size of sizes) {
  const { cidr } = proposeSpokeCidr(registry, { pool: 'main', size });
  const spoke = {
    ...prod,
    name: `bench-${size}`,
    account: '999911112222',
    network: { ...prod.network, cidr, pool: 'main' },
  };
  synthOnce(spoke);
  const samples = [];
  let resources = 0;
  for (let i = 0; i < runs; i++) {
    const r = synthOnce(spoke);
    samples.push(r.seconds);
    resources = r.resources;
  }
  samples.sort((a, b) => a - b);
  console.log(
    `/${size} spoke ${cidr}, 3 AZs, ${resources} resources: synth median ${samples[
      Math.floor(samples.length / 2)
    ].toFixed(2)} s (min ${samples[0].toFixed(2)}, max ${samples[
      samples.length - 1
    ].toFixed(2)})`,
  );
}
