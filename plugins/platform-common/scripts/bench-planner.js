#!/usr/bin/env node
/* eslint-disable no-console */
/*
 * Benchmark of the offline address planner: builds a registry of N spokes of mixed
 * sizes over two pools (buildLargeRegistry), then times proposing the next block
 * (a fresh SpokeCidrPlanner each time, as the form's backend does per request) and
 * validating a new spoke against the whole registry. Prints numbers; asserts nothing.
 *
 *   node plugins/platform-common/scripts/bench-planner.js [--spokes 1000] [--runs 200]
 */
require('@backstage/cli/config/nodeTransform.cjs');
const { performance } = require('perf_hooks');
const {
  buildLargeRegistry,
  proposeSpokeCidr,
  validateSpoke,
  poolUsage,
} = require('../src');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const spokes = arg('spokes', 1000);
const runs = arg('runs', 200);

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const pick = q =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `median ${pick(0.5).toFixed(3)} ms, p95 ${pick(0.95).toFixed(
    3,
  )} ms, max ${sorted[sorted.length - 1].toFixed(3)} ms`;
}

let t = performance.now();
const registry = buildLargeRegistry(spokes);
console.log(
  `registry: ${registry.spokes.length} spokes built and checked in ${(
    performance.now() - t
  ).toFixed(0)} ms`,
);
for (const u of poolUsage(registry)) {
  console.log(
    `  pool ${u.pool} (${u.cidrs.join(', ')}): ${u.spokes} spokes, ${(
      (100 * (u.total - u.free)) /
      u.total
    ).toFixed(1)}% used`,
  );
}

for (const [pool, size] of [
  ['main', 20],
  ['main', 16],
  ['extra', 20],
]) {
  const samples = [];
  let cidr;
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    cidr = proposeSpokeCidr(registry, { pool, size }).cidr;
    samples.push(performance.now() - t);
  }
  console.log(
    `propose next /${size} in ${pool} at ${spokes} spokes -> ${cidr}: ${stats(
      samples,
    )} (${runs} runs)`,
  );
}

const { cidr } = proposeSpokeCidr(registry, { pool: 'main', size: 20 });
const candidate = {
  ...registry.spokes[1],
  name: 'bench-new',
  account: '999900000000',
  network: { ...registry.spokes[1].network, cidr, pool: 'main' },
};
const samples = [];
for (let i = 0; i < Math.max(5, Math.floor(runs / 20)); i++) {
  t = performance.now();
  const result = validateSpoke(registry, candidate);
  samples.push(performance.now() - t);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
}
console.log(
  `validate a new spoke against ${spokes} spokes: ${stats(samples)} (${
    samples.length
  } runs)`,
);
