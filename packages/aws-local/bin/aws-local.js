#!/usr/bin/env node
/*
 * Starts the local AWS endpoint from source: Backstage's Node transform
 * compiles the TypeScript on the fly, so no build step is needed.
 * Env: AWS_LOCAL_PORT (4566), AWS_LOCAL_HOST (127.0.0.1),
 * AWS_LOCAL_DEFAULT_ACCOUNT (hub account), AWS_LOCAL_PORTAL_EXTERNAL_ID
 * (aws-local-external-id), PLATFORM_REGISTRY_DIR (infra/config).
 */
require('@backstage/cli/config/nodeTransform.cjs');

require('../src/cli')
  .main()
  .catch(error => {
    process.stderr.write(`aws-local: ${error.stack ?? error}\n`);
    process.exit(1);
  });
