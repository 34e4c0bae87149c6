#!/usr/bin/env node
/*
 * Refresh benchmark: the provider's pure work per run (per-file parsing, cross-file
 * checks with last-good fallback, mapping to entities) for the sample hub with N
 * generated spokes: cold (first run), warm (one spoke changed since the last run) and
 * the slow path (first run with one spoke clashing, so every spoke is checked one by one).
 * No I/O: the files are in memory (buildLargeRegistryFiles of platform-common).
 * Usage: node scripts/bench-refresh.js [--spokes 10,50,200,500]; goal: the slow path
 * under 300 ms at 500 spokes.
 */
require('@backstage/cli/config/nodeTransform.cjs');
const { buildLargeRegistryFiles } = require('@internal/plugin-platform-common');
const {
  acceptRegistry,
  EMPTY_LAST_GOOD,
} = require('../src/lib/acceptRegistry');
const { registryToEntities } = require('../src/lib/registryEntities');

const arg = process.argv.indexOf('--spokes');
const counts = (arg > 0 ? process.argv[arg + 1] : '10,50,200,500')
  .split(',')
  .map(Number);

const ms = since => Number(process.hrtime.bigint() - since) / 1e6;
const locationOf = file => `file:/registry/${file}`;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

console.log(
  'spokes  cold accept  cold map  warm accept (1 changed)  cold, 1 clashing  entities',
);
for (const count of counts) {
  const files = buildLargeRegistryFiles(count);
  const cidrOf = f => /cidr: (\S+)/.exec(f.content)[1];
  const changed = files.map((f, i) =>
    i === 1
      ? { ...f, content: f.content.replace('desiredSize: 2', 'desiredSize: 3') }
      : f,
  );
  // The last spoke takes the first one's CIDR: the per-file path.
  const clashing = files.map((f, i) =>
    i === files.length - 1
      ? { ...f, content: f.content.replace(cidrOf(f), cidrOf(files[1])) }
      : f,
  );
  const slow = [];
  const cold = [];
  const map = [];
  const warm = [];
  let entities = 0;
  for (let round = 0; round < 5; round++) {
    let t = process.hrtime.bigint();
    const first = acceptRegistry(files, EMPTY_LAST_GOOD);
    cold.push(ms(t));
    if (first.issues.length) throw new Error(JSON.stringify(first.issues[0]));
    t = process.hrtime.bigint();
    entities = registryToEntities(first.snapshot, { locationOf }).length;
    map.push(ms(t));
    t = process.hrtime.bigint();
    const second = acceptRegistry(changed, first.lastGood);
    warm.push(ms(t));
    if (second.issues.length) throw new Error(JSON.stringify(second.issues[0]));
    t = process.hrtime.bigint();
    const third = acceptRegistry(clashing, EMPTY_LAST_GOOD);
    slow.push(ms(t));
    if (count > 1 && third.dropped.length !== 1)
      throw new Error('expected one clash');
  }
  console.log(
    `${String(count).padStart(6)}  ${median(cold)
      .toFixed(1)
      .padStart(8)} ms  ${median(map).toFixed(1).padStart(5)} ms  ${median(warm)
      .toFixed(1)
      .padStart(20)} ms  ${median(slow).toFixed(1).padStart(13)} ms  ${String(
      entities,
    ).padStart(8)}`,
  );
}
