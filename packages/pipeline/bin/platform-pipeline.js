#!/usr/bin/env node
/*
 * The platform pipeline's CLI, run from source: Backstage's Node transform compiles
 * the TypeScript on the fly, so the workflows need no build step.
 */
require('@backstage/cli/config/nodeTransform.cjs');

require('../src/cli')
  .main(process.argv.slice(2))
  .then(code => process.exit(code))
  .catch(error => {
    process.stderr.write(`platform-pipeline: ${error.message ?? error}\n`);
    process.exit(1);
  });
