require('@backstage/cli/config/nodeTransform.cjs');
const path = require('path');
const { loadRegistry } = require('@internal/plugin-platform-common/node');
const { buildApp } = require('/work/wt/cluster-platform/infra/lib/app');
const registry = loadRegistry('/work/wt/cluster-platform/infra/config');
const t = Date.now();
const { app } = buildApp(registry, { outdir: '/tmp/cp-out' });
try {
  const a = app.synth();
  for (const s of a.stacks) console.log(s.stackName, Object.keys(s.template.Resources).length);
} catch (e) { console.log(String(e.message).slice(0, 6000)); }
console.log('ms', Date.now() - t);
