#!/usr/bin/env bash
# The production build and start, from the built bundle as Backstage's host build does
# (https://backstage.io/docs/deployment/docker#host-build):
#
#   scripts/production.sh build    backend bundle with the frontend inside (yarn build:backend),
#                                  assembled in $PRODUCTION_DIR with production dependencies
#   scripts/production.sh start [--config extra.yaml ...]
#                                  NODE_ENV=production node packages/backend
#                                    --config app-config.yaml --config app-config.production.yaml [...]
#
# PRODUCTION_DIR defaults to .tools/production. Production dependencies are installed
# there once per lockfile (yarn workspaces focus --all --production, about 1-8 min
# depending on the machine's load) and reused while yarn.lock and the package
# manifests stay the same; the bundle itself is replaced on every build. Install
# scripts are off: production uses PostgreSQL, so better-sqlite3's native build is
# not needed (the local default is what uses SQLite).
# The environment the start needs is listed in the README's "Production" section; a
# missing variable stops the start with its name.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
DIR="${PRODUCTION_DIR:-$ROOT/.tools/production}"
BUNDLE="$ROOT/packages/backend/dist/bundle.tar.gz"
SKELETON="$ROOT/packages/backend/dist/skeleton.tar.gz"

assemble() {
  local stamp
  stamp="$(cat package.json yarn.lock .yarnrc.yml <(tar xzOf "$SKELETON") | sha256sum | cut -c1-16)"
  if [ "$(cat "$DIR/.dependencies" 2>/dev/null || true)" != "$stamp" ]; then
    echo "Installing production dependencies in $DIR"
    rm -rf "$DIR"
    mkdir -p "$DIR/.yarn"
    cp package.json yarn.lock .yarnrc.yml "$DIR/"
    cp -r .yarn/releases "$DIR/.yarn/"
    tar xzf "$SKELETON" -C "$DIR"
    (cd "$DIR" && YARN_ENABLE_SCRIPTS=false yarn workspaces focus --all --production)
    echo "$stamp" >"$DIR/.dependencies"
  fi
  # A new bundle replaces every package's dist; nothing of the previous build stays.
  find "$DIR/packages" "$DIR/plugins" "$DIR/infra" -mindepth 1 -maxdepth 2 -name dist -type d -prune -exec rm -rf {} + 2>/dev/null || true
  tar xzf "$BUNDLE" -C "$DIR"
  # What the production config reads from the working folder.
  cp app-config.yaml app-config.production.yaml app-config.redis.yaml catalog-info.yaml "$DIR/"
  rm -rf "$DIR/templates"
  cp -r templates "$DIR/templates"
  rm -rf "$DIR/services"
  cp -r services "$DIR/services"
  # The bundle's files carry fixed timestamps; this one says when it was assembled.
  touch "$DIR/.built"
  echo "Production bundle ready in $DIR"
}

case "${1:-}" in
  build)
    yarn build:backend
    assemble
    ;;
  start)
    shift
    if [ ! -f "$DIR/packages/backend/dist/index.cjs.js" ]; then
      echo "No production bundle in $DIR: run scripts/production.sh build first" >&2
      exit 1
    fi
    cd "$DIR"
    export NODE_ENV=production
    exec node packages/backend --config app-config.yaml --config app-config.production.yaml "$@"
    ;;
  *)
    echo "usage: scripts/production.sh build | start [--config extra.yaml ...]" >&2
    exit 2
    ;;
esac
