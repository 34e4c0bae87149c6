#!/usr/bin/env node
/*
 * The pull request check for Helm charts: for each chart folder given,
 * `helm lint --strict`, `helm template`, and every rendered manifest validated
 * against the Kubernetes schemas (kubernetes-models, offline). Custom resources
 * without a bundled schema (SecretProviderClass, ...) are listed, not validated.
 * Usage: check-charts.js <chart dir>... ; Helm from $HELM_BIN (scripts/env.sh).
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { parseAllDocuments } = require('yaml');

const helm = process.env.HELM_BIN || 'helm';
const KUBE_VERSION = process.env.KUBE_VERSION || '1.33.0';

function run(args) {
  return execFileSync(helm, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** kubernetes-models' class for an apiVersion and kind, if it bundles one. */
function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/')
    ? apiVersion.split('/')
    : ['', apiVersion];
  const module = ['kubernetes-models', group, version, kind]
    .filter(Boolean)
    .join('/');
  try {
    return require(module)[kind];
  } catch {
    return undefined;
  }
}

let failures = 0;
for (const chart of process.argv.slice(2)) {
  if (!fs.existsSync(path.join(chart, 'Chart.yaml'))) {
    console.error(`${chart}: no Chart.yaml`);
    failures++;
    continue;
  }
  try {
    run(['lint', '--strict', chart, '--kube-version', KUBE_VERSION]);
    const rendered = run([
      'template',
      'check',
      chart,
      '--namespace',
      'check',
      '--kube-version',
      KUBE_VERSION,
    ]);
    const problems = [];
    const unchecked = new Set();
    for (const doc of parseAllDocuments(rendered)) {
      const manifest = doc.toJS();
      if (!manifest) continue;
      const Model = modelFor(manifest.apiVersion, manifest.kind);
      if (!Model) {
        unchecked.add(`${manifest.apiVersion} ${manifest.kind}`);
        continue;
      }
      try {
        new Model(manifest).validate();
      } catch (e) {
        problems.push(
          `${manifest.kind}/${manifest.metadata?.name}: ${e.message}`,
        );
      }
    }
    if (problems.length) {
      failures++;
      console.error(`${chart}: invalid manifests\n  ${problems.join('\n  ')}`);
    } else {
      console.log(
        `${chart}: lint, render and manifest validation passed` +
          (unchecked.size
            ? ` (no schema for ${[...unchecked].join(', ')})`
            : ''),
      );
    }
  } catch (e) {
    failures++;
    console.error(`${chart}: ${e.stdout ?? ''}${e.stderr ?? e.message}`);
  }
}
process.exit(failures ? 1 : 0);
