#!/usr/bin/env node
/*
 * Synth benchmark: times an in-process synth (cdk-nag plugin on, CloudFormation
 * validation per CDK_VALIDATION) of the hub with the 3 sample spokes, then with 20
 * generated spokes (CIDRs from nextFreeCidr), and prints the marginal cost per spoke.
 * Usage: node scripts/bench-synth.js [--spokes 20]
 */
require('@backstage/cli/config/nodeTransform.cjs');
const fs = require('fs');
const os = require('os');
const path = require('path');

const t0 = process.hrtime.bigint();
const { nextFreeCidr } = require('@internal/plugin-platform-common');
const { loadRegistry } = require('@internal/plugin-platform-common/node');
const { buildApp } = require('../lib/app');

const seconds = since => Number(process.hrtime.bigint() - since) / 1e9;
const loadSeconds = seconds(t0);

const countArg = process.argv.indexOf('--spokes');
const generatedCount = countArg > 0 ? Number(process.argv[countArg + 1]) : 20;

function generated(registry, count) {
  const spokes = [];
  for (let i = 0; i < count; i++) {
    const template = registry.spokes[i % registry.spokes.length];
    const cidr = nextFreeCidr({ hub: registry.hub, spokes }, 16);
    spokes.push({
      ...template,
      name: `gen-${String(i + 1).padStart(2, '0')}`,
      account: String(900000000000 + i),
      network: { ...template.network, cidr },
    });
  }
  return { hub: registry.hub, spokes };
}

function timeSynth(label, registry) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
  try {
    const started = process.hrtime.bigint();
    const cpuStarted = process.cpuUsage();
    const { app } = buildApp(registry, { outdir });
    const built = seconds(started);
    const assembly = app.synth();
    const total = seconds(started);
    // CPU time of this process: steadier than wall time on a shared machine.
    const cpuUsed = process.cpuUsage(cpuStarted);
    const cpu = (cpuUsed.user + cpuUsed.system) / 1e6;
    const count = s => Object.keys(s.template.Resources ?? {}).length;
    const resources = assembly.stacks.reduce((n, s) => n + count(s), 0);
    const spokeCounts = assembly.stacks
      .filter(s => s.stackName.startsWith('platform-spoke-'))
      .map(count);
    console.log(
      `${label.padEnd(28)} ${String(assembly.stacks.length).padStart(
        3,
      )} stacks ${String(resources).padStart(
        5,
      )} resources  build ${built.toFixed(2)} s  synth ${total.toFixed(
        2,
      )} s  cpu ${cpu.toFixed(2)} s  resources per spoke stack ${Math.min(
        ...spokeCounts,
      )}-${Math.max(...spokeCounts)}`,
    );
    return { total, cpu };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const registry = loadRegistry(path.resolve(__dirname, '../config'));
console.log(
  `Module load ${loadSeconds.toFixed(2)} s; CDK_VALIDATION=${
    process.env.CDK_VALIDATION ?? '(unset: CloudFormation validation on)'
  }`,
);
timeSynth('warm-up (sample, discarded)', registry);
const sample = timeSynth(
  `hub + ${registry.spokes.length} sample spokes`,
  registry,
);
const many = timeSynth(
  `hub + ${generatedCount} generated spokes`,
  generated(registry, generatedCount),
);
const added = generatedCount - registry.spokes.length;
const perSpoke = (many.total - sample.total) / added;
const cpuPerSpoke = (many.cpu - sample.cpu) / added;
console.log(
  `Marginal synth cost per spoke: ${perSpoke.toFixed(
    3,
  )} s wall, ${cpuPerSpoke.toFixed(3)} s CPU (goal < 0.5 s)`,
);
