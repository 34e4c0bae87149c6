#!/usr/bin/env node
/*
 * Synthesizes every stack offline into infra/cdk.out: loads the registry and the
 * service files (config/services/), builds the app in-process (TypeScript through the
 * Backstage CLI's Node transform) and runs the cdk-nag validation plugin. Removes
 * cdk.out first so no stale report is re-read. No credentials or lookups are involved.
 */
require('@backstage/cli/config/nodeTransform.cjs');
const fs = require('fs');
const path = require('path');

const outdir = path.resolve(__dirname, '../cdk.out');
fs.rmSync(outdir, { recursive: true, force: true });

const {
  loadRegistry,
  loadServices,
} = require('@internal/plugin-platform-common/node');
const { buildApp } = require('../lib/app');

const started = process.hrtime.bigint();
const configDir = path.resolve(__dirname, '../config');
const registry = loadRegistry(configDir);
const services = loadServices(registry, configDir);
const { app } = buildApp({ ...registry, services }, { outdir });
const assembly = app.synth();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
for (const stack of assembly.stacks) {
  const resources = Object.keys(stack.template.Resources ?? {}).length;
  console.log(`${stack.stackName}: ${resources} resources`);
}
console.log(
  `Synthesized ${assembly.stacks.length} stacks into ${path.relative(
    process.cwd(),
    outdir,
  )} in ${seconds.toFixed(1)} s`,
);
