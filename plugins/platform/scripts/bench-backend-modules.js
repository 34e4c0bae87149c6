#!/usr/bin/env node
/* eslint-disable no-console */
/**
 * Benchmark (not a test: it prints numbers, asserts nothing): what loading the portal
 * backend's code costs in memory, before any plugin starts. In the production bundle
 * unpacked as the image runs it, a fresh Node (`--expose-gc`) requires the packages
 * `packages/backend/src/index.ts` adds, in its order, after
 * `@backstage/backend-defaults`, and prints what each adds to the resident memory and
 * the live heap after a full collection. A dependency shared by several packages
 * counts for the first that loads it.
 *
 *   node plugins/platform/scripts/bench-backend-modules.js [--skip-build]
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

/** In the child: require each package in turn, measuring after each. */
function measureLoading(packages) {
  const usage = () => {
    global.gc();
    const { rss, heapUsed } = process.memoryUsage();
    return { rss: rss / 2 ** 20, heap: heapUsed / 2 ** 20 };
  };
  const start = usage();
  let before = start;
  const rows = packages.map(name => {
    require(require.resolve(name, { paths: [process.cwd()] }));
    const after = usage();
    const row = {
      name,
      rss: after.rss - before.rss,
      heap: after.heap - before.heap,
    };
    before = after;
    return row;
  });
  return { start, rows, end: before };
}

async function main() {
  const { ROOT, build, flag, stopAll, unpackBundle } = require('./localPortal');
  try {
    if (!flag('--skip-build')) build({ bundle: true });
    const index = fs.readFileSync(
      path.join(ROOT, 'packages/backend/src/index.ts'),
      'utf8',
    );
    // The packages the backend adds (its own relative modules are small wiring).
    const added = [...index.matchAll(/import\('([^.'][^']*)'\)/g)].map(
      m => m[1],
    );
    const packages = ['@backstage/backend-defaults', ...added];
    const dir = unpackBundle();
    const output = execFileSync(
      process.execPath,
      ['--expose-gc', __filename, '--measure', JSON.stringify(packages)],
      { cwd: path.join(dir, 'packages/backend'), encoding: 'utf8' },
    );
    const { start, rows, end } = JSON.parse(output);
    const mib = v => `${v.toFixed(0).padStart(4)} MiB`;
    console.log(
      `Loading the portal backend's packages (production bundle, Node ${process.version}):`,
    );
    console.log(`  ${'empty process'.padEnd(62)} ${mib(start.rss)} resident`);
    for (const row of rows) {
      console.log(
        `  + ${row.name.padEnd(60)} ${mib(row.rss)} resident ${mib(
          row.heap,
        )} heap`,
      );
    }
    console.log(
      `  ${'all loaded'.padEnd(62)} ${mib(end.rss)} resident ${mib(
        end.heap,
      )} heap`,
    );
  } finally {
    stopAll();
  }
}

const measureAt = process.argv.indexOf('--measure');
if (measureAt > 0) {
  process.stdout.write(
    JSON.stringify(measureLoading(JSON.parse(process.argv[measureAt + 1]))),
  );
} else {
  main().catch(e => {
    console.error(e);
    process.exitCode = 1;
  });
}
