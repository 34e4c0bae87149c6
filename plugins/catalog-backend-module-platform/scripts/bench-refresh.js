#!/usr/bin/env node
/*
 * Refresh benchmark: the provider's pure work per run (per-file parsing, cross-file
 * checks with last-good fallback, mapping to entities) for the sample hub with N
 * generated spokes: cold (first run), warm (one spoke changed since the last run) and
 * the slow path (first run with one spoke clashing, so every spoke is checked one by one).
 * No I/O: the files are in memory. Usage: node scripts/bench-refresh.js [--spokes 10,50,200]
 */
require('@backstage/cli/config/nodeTransform.cjs');
const path = require('path');
const { readRegistryFiles } = require('@internal/plugin-platform-common/node');
const {
  acceptRegistry,
  EMPTY_LAST_GOOD,
} = require('../src/lib/acceptRegistry');
const { registryToEntities } = require('../src/lib/registryEntities');

const arg = process.argv.indexOf('--spokes');
const counts = (arg > 0 ? process.argv[arg + 1] : '10,50,200')
  .split(',')
  .map(Number);
const sample = readRegistryFiles(
  path.resolve(__dirname, '../../../infra/config'),
);
const hub = sample.find(f => f.path === 'hub.yaml');
const dev = sample.find(f => f.path === 'spokes/dev.yaml').content;

function spokeFile(i) {
  const name = `spoke-${String(i).padStart(3, '0')}`;
  const content = dev
    .replace(/^name: dev$/m, `name: ${name}`)
    .replace(/^account: .*$/m, `account: '${String(500000000000 + i)}'`)
    .replace(/cidr: 10\.1\.0\.0\/16/, `cidr: 10.${i + 1}.0.0/16`)
    .replace(
      /privateZones: \[piksel.internal, dev.piksel.internal\]/,
      'privateZones: [piksel.internal]',
    );
  return { path: `spokes/${name}.yaml`, content };
}

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
  if (count > 254) throw new Error('at most 254 spokes fit 10.1-255.0.0/16');
  const files = [hub, ...Array.from({ length: count }, (_, i) => spokeFile(i))];
  const changed = files.map((f, i) =>
    i === 1
      ? { ...f, content: f.content.replace('readers: 0', 'readers: 1') }
      : f,
  );
  // The last spoke takes the first one's CIDR: the per-file path.
  const clashing = files.map((f, i) =>
    i === files.length - 1
      ? {
          ...f,
          content: f.content.replace(
            /cidr: 10\.\d+\.0\.0\/16/,
            'cidr: 10.1.0.0/16',
          ),
        }
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
