#!/usr/bin/env node
/* eslint-disable no-console */
/**
 * Benchmark (not a test: it prints numbers, asserts nothing): what loading the portal
 * backend's code costs in memory, before any plugin starts. In the production bundle
 * unpacked as the image runs it, a fresh Node (`--expose-gc`) requires the packages
 * `packages/backend/src/index.ts` adds, in its order, after
 * `@backstage/backend-defaults`, and prints what each adds to the resident memory and
 * the live heap after a full collection. A dependency shared by several packages
 * counts for the first that loads it. Then, in another fresh Node, the AWS SDK
 * clients spoke health's collector threads load, and the EC2 client they no longer
 * load, which only the backend's thread needs.
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

/** Loads `packages` in a fresh Node started in `cwd` (where they resolve from). */
function measureIn(cwd, packages) {
  const output = execFileSync(
    process.execPath,
    ['--expose-gc', __filename, '--measure', JSON.stringify(packages)],
    { cwd, encoding: 'utf8' },
  );
  return JSON.parse(output);
}

function print(title, { start, rows, end }) {
  const mib = v => `${v.toFixed(0).padStart(4)} MiB`;
  console.log(title);
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
    const dir = unpackBundle();
    print(
      `Loading the portal backend's packages (production bundle, Node ${process.version}):`,
      measureIn(path.join(dir, 'packages/backend'), [
        '@backstage/backend-defaults',
        ...added,
      ]),
    );
    print(
      'Loading the AWS SDK clients of a spoke health collector thread, then the EC2 client:',
      measureIn(path.join(dir, 'plugins/platform-backend'), [
        '@aws-sdk/client-sts',
        '@aws-sdk/client-eks',
        '@aws-sdk/client-rds',
        '@aws-sdk/client-secrets-manager',
        '@aws-sdk/client-cloudwatch',
        '@aws-sdk/client-ec2',
      ]),
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
