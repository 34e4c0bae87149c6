#!/usr/bin/env node
// Sums the test runners' reports into the one closing line CI reads: `N passed, N failed`.
// Lint, prettier and type-check count as one test each; Jest and Playwright count their
// tests. Exits non-zero when any step or test failed, or when no test ran at all.
const fs = require('fs');
const path = require('path');

const dir = process.argv[2];
const readJson = file => {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  } catch {
    return undefined;
  }
};

const steps = fs
  .readFileSync(path.join(dir, 'steps.tsv'), 'utf8')
  .trim()
  .split('\n')
  .map(line => {
    const [name, status, seconds] = line.split('\t');
    return { name, status, seconds: Number(seconds) };
  });

let passed = 0;
let failed = 0;
const rows = [];
const countStep = (name, p, f) => {
  passed += p;
  failed += f;
  rows.push(
    `${name.padEnd(22)} ${String(p).padStart(5)} passed ${String(f).padStart(
      4,
    )} failed`,
  );
};

for (const s of steps) {
  if (s.name === 'unit-and-integration') {
    const jest = readJson('jest.json');
    if (!jest) {
      countStep(s.name, 0, 1);
      continue;
    }
    // A suite that fails to run (syntax error, failed import) has no test results.
    const brokenSuites = jest.numRuntimeErrorTestSuites ?? 0;
    countStep(s.name, jest.numPassedTests, jest.numFailedTests + brokenSuites);
    // Skipped or todo tests are not allowed here: they count as failures.
    const skipped = (jest.numPendingTests ?? 0) + (jest.numTodoTests ?? 0);
    if (skipped > 0) countStep(`${s.name} (skipped)`, 0, skipped);
    if (s.status === 'fail' && jest.numFailedTests + brokenSuites === 0)
      countStep(`${s.name} (runner)`, 0, 1);
  } else if (s.name === 'browser') {
    const pw = readJson('playwright.json');
    if (!pw) {
      countStep(s.name, 0, 1);
      continue;
    }
    const st = pw.stats ?? {};
    // `flaky` passed on a retry: it counts as passed, and is listed so it gets looked at.
    const brokenRun = (pw.errors ?? []).length;
    countStep(
      s.name,
      (st.expected ?? 0) + (st.flaky ?? 0),
      (st.unexpected ?? 0) + brokenRun,
    );
    if ((st.skipped ?? 0) > 0) countStep(`${s.name} (skipped)`, 0, st.skipped);
    if (s.status === 'fail' && (st.unexpected ?? 0) + brokenRun === 0)
      countStep(`${s.name} (runner)`, 0, 1);
  } else {
    countStep(s.name, s.status === 'pass' ? 1 : 0, s.status === 'pass' ? 0 : 1);
  }
}

console.log('\n=== summary');
for (const r of rows) console.log(r);
for (const s of steps) console.log(`${s.name}: ${s.seconds}s`);
if (passed + failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
