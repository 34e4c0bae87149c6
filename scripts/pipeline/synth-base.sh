#!/usr/bin/env bash
# Synthesizes the platform as it is at a base commit (a pull request's base, or the
# commit before a push), with that commit's own infra code and registry, for the
# deploy plan. Usage: synth-base.sh <commit> <out-dir>
# Writes <out-dir>/cdk.out and <out-dir>/config (the base registry). A missing or
# all-zero commit (the first push) leaves <out-dir> empty: every stack is new.
set -euo pipefail
commit="${1:?usage: synth-base.sh <commit> <out-dir>}"
out="${2:?usage: synth-base.sh <commit> <out-dir>}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
if [[ "$commit" =~ ^0+$ ]] || ! git -C "$root" cat-file -e "$commit^{commit}" 2>/dev/null; then
  echo "no base commit ($commit): planning every stack as new"
  exit 0
fi
worktree="$(mktemp -d)/base"
git -C "$root" worktree add --detach "$worktree" "$commit" >/dev/null
trap 'git -C "$root" worktree remove --force "$worktree"' EXIT
# The base's code with the head's installed dependencies: no second install.
ln -s "$root/node_modules" "$worktree/node_modules"
[ -d "$root/infra/node_modules" ] && ln -s "$root/infra/node_modules" "$worktree/infra/node_modules"
cp -r "$worktree/infra/config" "$out/config"
# Validation and cdk-nag decide nothing about the base: they ran when it merged.
CDK_VALIDATION=false node "$worktree/infra/scripts/synth.js" --outdir "$out/cdk.out" --config "$out/config"
