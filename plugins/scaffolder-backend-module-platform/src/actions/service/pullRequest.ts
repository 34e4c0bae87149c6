import { DATA_API_MIN_AURORA_VERSION } from '@internal/plugin-platform-common';
import { ServiceValues } from './serviceRequest';

/** The branch the New service pull request comes from. */
export function serviceBranchName(name: string): string {
  return `new-service/${name}`;
}

/** The code starter's files, under the build context. */
export const CODE_STARTER_FILES = [
  'README.md',
  'Dockerfile',
  '.dockerignore',
  'package.json',
  'src/server.js',
  'test/server.test.js',
];

/** Files the pull request adds to the platform repository, for its body. */
export function serviceFiles(values: ServiceValues): string[] {
  const { name, platformRepository, ci, environments } = values;
  return [
    `${platformRepository.registryPath}/services/${name}.yaml`,
    `charts/${name}/`,
    ...environments.map(e => `charts/${name}/values-${e.name}.yaml`),
    ...environments.map(e => `argocd/${e.applicationName}.yaml`),
    `argocd/projects/${values.project.name}.yaml`,
    `services/${name}/catalog-info.yaml`,
    ...(ci?.inPlatformRepository
      ? [
          `.github/workflows/${name}.yaml`,
          ...CODE_STARTER_FILES.map(f => `services/${name}/${f}`),
        ]
      : []),
  ];
}

/**
 * The pull request body: what was validated and what the merge changes, so the
 * reviewer does not have to reconstruct it from the diff.
 */
export function servicePullRequestBody(values: ServiceValues): string {
  const {
    name,
    environments,
    database,
    image,
    ci,
    hub,
    configSecretName,
    configKeys,
  } = values;
  const envList = environments
    .map(
      e =>
        `\`${e.name}\` (${e.environmentClass}, account ${e.account}${
          e.host ? `, https://${e.host}` : ''
        })`,
    )
    .join(', ');
  const databaseChange: Record<string, string> = {
    iam: database
      ? ` and \`rds-db:connect\` as \`${database.user}\`; the schema, the IAM-authenticated user and its grants, created through the Data API at deploy time`
      : '',
    password: database
      ? `; secret \`${database.secretName}\` with the user's password, rotated every 30 days by the hosted MySQL single-user rotation function in the spoke's VPC; the schema, the user and its grants, created through the Data API at deploy time`
      : '',
  };
  // An external image already in the hub ECR has no hub stack; others a mirror or a repository.
  const inHubEcr = `- **\`platform-service-${name}-hub\`** (account ${hub.account}): nothing to mirror, \`${image.upstream}\` is already in the hub ECR.`;
  const mirrorOrRepository =
    image.source === 'external'
      ? `- **\`platform-service-${name}-hub\`** (account ${
          hub.account
        }): a pull-through cache rule mirroring \`${image.upstream}\` into \`${
          image.repository
        }\` (its own KMS key, scan, pull only by ${environments
          .map(e => e.account)
          .join(
            ', ',
          )}), warmed at deploy time so the first sync finds the image.`
      : `- **\`platform-service-${name}-hub\`** (account ${
          hub.account
        }): ECR repository \`${name}\` (immutable tags, its own KMS key, scan on push, only untagged images expire), pullable only by ${environments
          .map(e => e.account)
          .join(', ')}${
          ci
            ? `; IAM role \`${ci.pushRoleName}\` that only the OIDC subject \`${ci.oidcSubject}\` (\`${ci.slug}\` jobs in the GitHub environment \`${ci.buildEnvironment}\`) can assume`
            : ''
        }.`;
  const lines = [
    `Adds the service **${name}** (${values.description}), owned by \`${
      values.owner
    }\`${values.system ? ` in \`${values.system}\`` : ''}, to ${envList}.`,
    '',
    '### Validated by the portal',
    '',
    `- \`name\`: lower-case DNS label, ${
      name.length
    } characters, not reserved, not an existing service, spoke or ECR repository; every Argo CD application name (${environments
      .map(e => `\`${e.applicationName}\``)
      .join(', ')}) fits in 63 characters.`,
    `- \`port\`: ${values.port} (1-65535); probes on \`${values.healthCheckPath}\`.`,
    `- \`environments\`: spokes of the registry.`,
    values.exposure === 'public'
      ? `- \`host\`: one label in the public zone \`${values.publicZone}\`; each environment serves \`<label>.<environment>.${values.publicZone}\` (its own subdomain and certificate).`
      : '- `exposure`: internal (ClusterIP only, no ingress).',
    `- replicas ${values.minReplicas}-${values.maxReplicas}.`,
    ...(database
      ? [
          `- database: schema \`${database.schema}\` and user \`${
            database.user
          }\` are unique per cluster; every target cluster runs Aurora MySQL ${DATA_API_MIN_AURORA_VERSION} or later (RDS Data API); authentication \`${
            database.auth
          }\`; ${
            database.ddl
              ? 'DDL granted (asked for)'
              : 'data privileges only (no DDL)'
          }.`,
        ]
      : []),
    ...(values.egress.services.length
      ? [
          `- egress: ${values.egress.services
            .map(e => `\`${e.name}:${e.port}\``)
            .join(', ')} are services of the platform on a shared spoke.`,
        ]
      : []),
    '',
    '### What merging changes',
    '',
    `Only this service's own stacks: \`platform-hub\` and the \`platform-spoke-*\` stacks (network, EKS, Aurora) do not change. Every resource carries the tags ${Object.entries(
      values.tags,
    )
      .map(([k, v]) => `\`${k}=${v}\``)
      .join(', ')} and \`Environment=<account>\`.`,
    '',
    image.source === 'external' && !image.repository.includes('/mirror/')
      ? inHubEcr
      : mirrorOrRepository,
    ...environments.map(
      e =>
        `- **\`platform-service-${name}-${e.name}\`** (account ${
          e.account
        }): secret \`${configSecretName}\` with its own KMS key; a Pod Identity role for \`${
          values.namespace
        }/${values.serviceAccount}\` that may read only its secrets${
          database ? databaseChange[database.auth] : ''
        }.`,
    ),
    `- **Argo CD**: ${environments
      .map(
        e =>
          `\`${e.applicationName}\` (${
            e.autoSync
              ? 'automated, prune and self-heal'
              : 'manual sync, never pruned automatically'
          })`,
      )
      .join(', ')} in project \`${
      values.project.name
    }\` (this repository, the team's namespaces only) sync \`charts/${name}\` into namespace \`${
      values.namespace
    }\`.`,
    '',
    '### After merging',
    '',
    `1. The deploy workflow deploys \`platform-service-${name}-hub\` and then each \`platform-service-${name}-<spoke>\` (prod after its reviewers approve); nothing else is redeployed.`,
    `2. Argo CD syncs only after the stack of its spoke exists: the applications are applied after the stacks in the same pipeline${
      environments.some(e => !e.autoSync)
        ? ', and prod waits for a manual sync inside its sync window'
        : ''
    }.`,
    `3. Write the service's configuration into \`${configSecretName}\` in each spoke account${
      configKeys.length
        ? `; it must hold the keys ${configKeys
            .map(k => `\`${k}\``)
            .join(', ')}`
        : ''
    }. The chart's README shows the command.${
      database?.auth === 'password'
        ? ' The connection string and port are written by the chart from the rotated secret; pods read it at start, so restart them after a rotation.'
        : ''
    }`,
    image.fromHub
      ? `4. Push to \`main\` of \`${ci!.slug}\`${
          ci!.inPlatformRepository ? ` under \`services/${name}/\`` : ''
        }: \`service-build.yaml\` tests, builds, scans and pushes the image once, then opens a pull request recording its digest for ${
          ci!.bumpEnvironments || 'no non-prod environment'
        }. Until a digest is recorded for an environment its chart does not render, so Argo CD deploys nothing there. \`service-promote.yaml\` moves a digest to the next environment (prod after its reviewers approve).`
      : `4. The image \`${
          image.upstream
        }\` is pulled through the hub ECR's pull-through cache as \`${
          image.repository
        }${
          image.digest ? `@${image.digest}` : `:${image.tag}`
        }\`; pin a digest or a version tag before production.`,
    '',
    '### Files',
    '',
    ...serviceFiles(values).map(f => `- \`${f}\``),
  ];
  return lines.join('\n');
}
