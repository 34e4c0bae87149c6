#!/usr/bin/env node
/*
 * Lists what blocks removing a spoke, read from AWS through the SDK, as the plan
 * of docs/runbooks/remove-a-spoke.md: workloads first, then the spoke stack, then
 * the hub's share and routes. Read-only: it changes nothing.
 *
 * Usage (from the repository root, after `source scripts/env.sh`):
 *   node plugins/platform-backend/scripts/teardown-blockers.js <spoke> [--registry infra/config]
 *
 * Credentials and endpoint are the SDK's standard environment: run it with a
 * profile (AWS_PROFILE) that can read the spoke's account, or against the local
 * endpoint with AWS_ENDPOINT_URL=http://127.0.0.1:4566 AWS_ACCESS_KEY_ID=<account>.
 * Exit code: 0 nothing blocks, 1 blockers or unchecked items, 2 bad input.
 */
require('@backstage/cli/config/nodeTransform.cjs');
const { EC2Client } = require('@aws-sdk/client-ec2');
const { EKSClient } = require('@aws-sdk/client-eks');
const { RDSClient } = require('@aws-sdk/client-rds');
const {
  findRegistryDir,
  loadRegistry,
} = require('@internal/plugin-platform-common/node');
const {
  inspectSpokeForTeardown,
} = require('../src/services/aws/TeardownInspector');
const {
  formatTeardownPlan,
  teardownPlan,
} = require('../src/lib/teardown/teardownPlan');

async function main(argv) {
  const args = [...argv];
  const registryAt = args.indexOf('--registry');
  const registryDir =
    registryAt >= 0 ? args.splice(registryAt, 2)[1] : findRegistryDir();
  const [name] = args;
  const registry = loadRegistry(registryDir);
  const spoke = registry.spokes.find(s => s.name === name);
  if (!spoke) {
    process.stderr.write(
      `spoke: '${
        name ?? ''
      }' is not a spoke of the registry in ${registryDir} (known: ${registry.spokes
        .map(s => s.name)
        .join(', ')})\n`,
    );
    return 2;
  }
  const config = { region: spoke.region, maxAttempts: 3 };
  const items = teardownPlan(
    await inspectSpokeForTeardown(spoke, {
      eks: new EKSClient(config),
      ec2: new EC2Client(config),
      rds: new RDSClient(config),
    }),
  );
  process.stdout.write(formatTeardownPlan(spoke.name, items));
  return items.some(i => i.kind !== 'step') ? 1 : 0;
}

main(process.argv.slice(2)).then(
  code => process.exit(code),
  error => {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  },
);
