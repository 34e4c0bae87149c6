#!/usr/bin/env node
/*
 * Synthesizes every stack offline into infra/cdk.out: loads the registry and the
 * service files (config/services/), builds the app in-process (TypeScript through the
 * Backstage CLI's Node transform) and runs the cdk-nag validation plugin. Removes
 * cdk.out first so no stale report is re-read. No credentials or lookups are involved.
 *
 * Options: --outdir <dir> (default infra/cdk.out), --config <registry dir> (default
 * infra/config). The pipeline synthesizes a pull request's base this way.
 */
require('@backstage/cli/config/nodeTransform.cjs');
const fs = require('fs');
const path = require('path');
const { parseArgs } = require('util');

const { values: args } = parseArgs({
  options: { outdir: { type: 'string' }, config: { type: 'string' } },
});
const outdir = path.resolve(args.outdir ?? path.join(__dirname, '../cdk.out'));
fs.rmSync(outdir, { recursive: true, force: true });

const {
  loadRegistry,
  loadServices,
} = require('@internal/plugin-platform-common/node');
const { buildApp } = require('../lib/app');

const started = process.hrtime.bigint();
const configDir = path.resolve(
  args.config ?? path.join(__dirname, '../config'),
);
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
