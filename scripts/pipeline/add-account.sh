#!/usr/bin/env bash
# One-time set-up of an AWS account for the platform pipeline, run by a person with
# administrator credentials for that account (docs/runbooks/add-an-account.md).
# Usage: add-account.sh <hub|spoke name>
set -euo pipefail
name="${1:?usage: add-account.sh <hub|spoke name>}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/scripts/env.sh"
cd "$root"

# Account, region and the external id secret's name, from the registry.
read -r account region secret < <(node -e '
  require("@backstage/cli/config/nodeTransform.cjs");
  const { loadRegistry } = require("@internal/plugin-platform-common/node");
  const r = loadRegistry("infra/config");
  const name = process.argv[1];
  const a = name === "hub" ? r.hub : r.spokes.find(s => s.name === name);
  if (!a) { console.error(`no account named ${name} in infra/config`); process.exit(1); }
  console.log(a.account, a.region, r.hub.portal.externalIdName);
' "$name")

caller="$(aws sts get-caller-identity --query Account --output text)"
if [ "$caller" != "$account" ]; then
  echo "your credentials are for account $caller, $name is $account" >&2
  exit 1
fi

echo "1/3 CDK bootstrap of aws://$account/$region"
node node_modules/aws-cdk/bin/cdk bootstrap "aws://$account/$region" \
  --cloudformation-execution-policies arn:aws:iam::aws:policy/AdministratorAccess

if [ "$name" != "hub" ]; then
  echo "2/3 external id secret $secret"
  if aws secretsmanager describe-secret --secret-id "$secret" --region "$region" >/dev/null 2>&1; then
    echo "    exists; left as it is"
  else
    # The value goes from /dev/urandom to Secrets Manager; it is never printed.
    aws secretsmanager create-secret --name "$secret" --region "$region" \
      --description "sts:ExternalId the platform portal uses for its read-only role" \
      --secret-string "$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 40)" \
      --query ARN --output text
  fi
else
  echo "2/3 external id secret: not needed in the hub"
fi

echo "3/3 deploy platform-cicd-$name"
node infra/scripts/synth.js --outdir "$root/.tools/add-account/cdk.out" >/dev/null
node node_modules/aws-cdk/bin/cdk deploy "platform-cicd-$name" \
  --app "$root/.tools/add-account/cdk.out" --exclusively --require-approval never
echo "done: create the GitHub environment '$name' (docs/runbooks/add-an-account.md)"
