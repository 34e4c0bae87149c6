#!/usr/bin/env bash
# One step of the platform deploy plan, run by .github/actions/platform-step with
# the account's credentials already in the environment. ACTION is deploy, destroy,
# handshake or release; STACK or SPOKE names what it acts on. The cloud assemblies
# and registries come from the plan job (.platform/head, .platform/base).
set -euo pipefail
cdk=(node node_modules/aws-cdk/bin/cdk)
case "${ACTION:?}" in
  deploy)
    "${cdk[@]}" deploy "${STACK:?}" --app .platform/head/cdk.out --exclusively \
      --require-approval never --progress events
    ;;
  destroy)
    "${cdk[@]}" destroy "${STACK:?}" --app .platform/base/cdk.out --exclusively --force
    ;;
  handshake)
    # --record: what the spoke file's deployed: block then records (job spoke-deployed).
    node packages/pipeline/bin/platform-pipeline.js handshake \
      --registry .platform/head/config --spoke "${SPOKE:?}" --record .platform/records
    ;;
  release)
    node packages/pipeline/bin/platform-pipeline.js handshake \
      --registry .platform/head/config --base-registry .platform/base/config \
      --release "${SPOKE:?}"
    ;;
  *)
    echo "unknown step action '$ACTION'" >&2
    exit 2
    ;;
esac
