#!/usr/bin/env bash
# Wall time of the pull-request checks for the committed registry on this machine:
# the synth with CloudFormation validation and cdk-nag (pr / synth), the base synth
# and the plan with the diff rendering (pr / plan, without the AWS change sets).
# Usage: bench-pr-checks.sh [base commit, default HEAD]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/scripts/env.sh"
cd "$root"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
t() { local s=$SECONDS; "$@" >/dev/null; echo $((SECONDS - s)); }
synth=$(t env CDK_VALIDATION=true node infra/scripts/synth.js --outdir "$out/head/cdk.out")
base=$(t ./scripts/pipeline/synth-base.sh "${1:-HEAD}" "$out/base")
plan=$(t node packages/pipeline/bin/platform-pipeline.js plan \
  --head-assembly "$out/head/cdk.out" --head-registry infra/config \
  --base-assembly "$out/base/cdk.out" --base-registry "$out/base/config" \
  --out "$out/plan.json" --markdown "$out/plan.md")
echo "synth with validation and cdk-nag: ${synth} s"
echo "base synth:                        ${base} s"
echo "plan and diff rendering:           ${plan} s"
echo "total:                             $((synth + base + plan)) s"
