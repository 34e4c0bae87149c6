#!/usr/bin/env bash
# The README's start command: sets up whatever is missing, then serves the portal with
# the local defaults (app-config.yaml + app-config.development.yaml, which adds guest
# sign-in): frontend on http://127.0.0.1:3000, backend on http://127.0.0.1:7007, and
# beside them the local AWS endpoint (packages/aws-local) on http://127.0.0.1:4566,
# which stops with the portal. With --config, exactly the given files are loaded; give
# absolute paths, as each package resolves relative ones against its own folder:
#   ./scripts/start.sh --config "$PWD/app-config.yaml" \
#     --config "$PWD/app-config.development.yaml" --config "$PWD/app-config.local.yaml"
# --skip-bootstrap is for the browser tests, whose test command already set up.
# With AWS_ENDPOINT_URL already set (real AWS or another endpoint), no local endpoint starts.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

if [ "${1:-}" = "--skip-bootstrap" ]; then
  shift
else
  ./scripts/bootstrap.sh
  # Again: on a fresh machine bootstrap has only now provisioned Node 22.
  source "$ROOT/scripts/env.sh"
fi

if [ -z "${AWS_ENDPOINT_URL:-}" ]; then
  port="${AWS_LOCAL_PORT:-4566}"
  node packages/aws-local/bin/aws-local.js &
  aws_local_pid=$!
  # Stop the endpoint with the portal, however the portal ends.
  trap 'kill "$aws_local_pid" 2>/dev/null || true' EXIT INT TERM
  export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
  # The local endpoint accepts any credentials; real ones must never be needed locally.
  export AWS_REGION="${AWS_REGION:-ap-southeast-3}"
  export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-local}"
  export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-local}"
fi

if [[ " $* " != *" --config "* ]]; then
  set -- "$@" --config "$ROOT/app-config.yaml" --config "$ROOT/app-config.development.yaml"
fi
yarn start "$@"
