#!/usr/bin/env bash
# The README's test command: lint, type-check, every unit and integration test, the infra
# synth, and the browser tests. Runs every step even when one fails, fails if any failed,
# and ends with one line `N passed, N failed` summing every runner.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
./scripts/bootstrap.sh --with-browser || { echo "0 passed, 1 failed"; exit 1; }
# Again: on a fresh machine bootstrap has only now provisioned Node 22.
source "$ROOT/scripts/env.sh"

export CI=true
out="$ROOT/.tools/test-results"
rm -rf "$out" && mkdir -p "$out"
: > "$out/steps.tsv"

# step NAME COMMAND...: runs a step, records pass/fail and its duration.
step() {
  local name="$1"; shift
  local start=$SECONDS
  printf '\n=== %s\n' "$name"
  if "$@"; then status=pass; else status=fail; fi
  printf '%s\t%s\t%s\n' "$name" "$status" "$((SECONDS - start))" >> "$out/steps.tsv"
  printf -- '--- %s: %s (%ss)\n' "$name" "$status" "$((SECONDS - start))"
}

step lint yarn backstage-cli repo lint
step prettier yarn prettier --check --loglevel warn .
step type-check yarn tsc
# Built once before Jest: the image test and the production acceptance test read the
# bundle, and parallel Jest workers must not each build it.
step production-bundle ./scripts/production.sh build
step unit-and-integration yarn backstage-cli repo test --ci --json --outputFile="$out/jest.json"
step browser env PLAYWRIGHT_JSON_OUTPUT_NAME="$out/playwright.json" yarn playwright test --reporter=list,json

node scripts/test-summary.js "$out"
