#!/usr/bin/env node
/* eslint-disable no-console */
/*
 * Pull-request check: do the registry's VPC blocks still belong to their spokes in
 * the hub's VPC IPAM? Reads every pool in hub.yaml deployed.ipamPoolIds with
 * GetIpamPoolAllocations and fails each block that IPAM has given to something else
 * meanwhile (file, field, rule ipam-allocation, the holder, a free block instead).
 *
 * Usage (from the repository root or infra/):
 *   node infra/scripts/check-ipam-allocations.js [--config infra/config]
 *        [--files spokes/qa.yaml,spokes/perf.yaml] [--json]
 * Exit codes: 0 passed, 1 a block was taken, 2 a pool could not be read, 3 bad usage
 * or registry. Credentials and endpoint: the AWS SDK's standard environment (in the
 * hub account, needs ec2:GetIpamPoolAllocations); region: AWS_REGION, else the hub's.
 */
require('@backstage/cli/config/nodeTransform.cjs');
const path = require('path');
const { EC2Client } = require('@aws-sdk/client-ec2');
const { loadRegistry } = require('@internal/plugin-platform-common/node');
const { checkIpamAllocations } = require('../lib/ipam/check-ipam-allocations');

function arg(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const configDir = path.resolve(
    arg('config') ?? path.resolve(__dirname, '../config'),
  );
  const files = arg('files')
    ?.split(',')
    .map(f => f.trim())
    .filter(Boolean);
  let registry;
  try {
    registry = loadRegistry(configDir);
  } catch (e) {
    console.error(e.message);
    return 3;
  }
  const client = new EC2Client({
    region: process.env.AWS_REGION ?? registry.hub.region,
  });
  const report = await checkIpamAllocations({ registry, client, files });
  if (process.argv.includes('--json')) {
    const { lines: _lines, ...rest } = report;
    console.log(JSON.stringify(rest, null, 2));
  } else {
    for (const line of report.lines) console.log(line);
  }
  return report.exitCode;
}

main().then(
  code => process.exit(code),
  e => {
    console.error(e);
    process.exit(3);
  },
);
