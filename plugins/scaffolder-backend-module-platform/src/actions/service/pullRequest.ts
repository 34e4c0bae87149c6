import { DATA_API_MIN_AURORA_VERSION } from '@internal/plugin-platform-common';
import { ServiceValues } from './serviceRequest';

/** The branch the New service pull request comes from. */
export function serviceBranchName(name: string): string {
  return `new-service/${name}`;
}

/** Files the pull request adds to the platform repository, for its body. */
/** The code starter's files, under the build context. */
export const CODE_STARTER_FILES = [
  'README.md',
  'Dockerfile',
  '.dockerignore',
  'package.json',
  'src/server.js',
  'test/server.test.js',
];

export function serviceFiles(values: ServiceValues): string[] {
  const { name, platformRepository, ci, environments } = values;
  return [
    `${platformRepository.registryPath}/services/${name}.yaml`,
    `charts/${name}/`,
    ...environments.map(e => `charts/${name}/values-${e.name}.yaml`),
    ...environments.map(e => `argocd/${e.applicationName}.yaml`),
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
      ? `- \`host\`: one label in the public zone \`${values.publicZone}\`; non-prod environments get \`<label>-<environment>\`.`
      : '- `exposure`: internal (ClusterIP only, no ingress).',
    `- replicas ${values.minReplicas}-${values.maxReplicas}.`,
    ...(database
      ? [
          `- database: schema \`${database.schema}\` and user \`${database.user}\` are unique per cluster; every target cluster runs Aurora MySQL ${DATA_API_MIN_AURORA_VERSION} or later (RDS Data API).`,
        ]
      : []),
    '',
    '### What merging changes',
    '',
    `- **Hub stack** (account ${
      hub.account
    }): ECR repository \`${name}\` (immutable tags, KMS, scan on push, lifecycle), pullable only by ${environments
      .map(e => e.account)
      .join(', ')}${
      ci
        ? `; IAM role \`${ci.pushRoleName}\` that only the OIDC subject \`${ci.oidcSubject}\` (GitHub environment \`${ci.buildEnvironment}\`, \`main\` only) can assume`
        : ''
    }.`,
    `- **Each spoke stack** (${environments
      .map(e => `\`${e.name}\``)
      .join(
        ', ',
      )}): secret \`${configSecretName}\` with its own KMS key; an EKS Pod Identity role for \`${
      values.namespace
    }/${values.serviceAccount}\` that may read only that secret${
      database ? ` and \`rds-db:connect\` as \`${database.user}\`` : ''
    }${
      database
        ? `; Data API is turned on for the Aurora cluster, and the schema, the IAM-authenticated user and its grants are created at deploy time`
        : ''
    }.`,
    `- **Argo CD**: ${environments
      .map(e => `\`${e.applicationName}\``)
      .join(', ')} sync \`charts/${name}\` into namespace \`${
      values.namespace
    }\` with prune and self-heal.`,
    '',
    '### After merging',
    '',
    `1. Deploy the hub stack, then each spoke stack (\`cdk deploy\`).`,
    `2. Write the service's configuration into \`${configSecretName}\` in each spoke account${
      configKeys.length
        ? `; it must hold the keys ${configKeys
            .map(k => `\`${k}\``)
            .join(', ')}`
        : ''
    }. The chart's README shows the command.`,
    image.fromHub
      ? `3. Push to \`main\` of \`${ci!.slug}\`${
          ci!.inPlatformRepository ? ` under \`services/${name}/\`` : ''
        }: \`service-build.yaml\` tests, builds, scans and pushes the image once, then opens a pull request recording its digest for ${
          ci!.bumpEnvironments || 'no non-prod environment'
        }. Until a digest is recorded for an environment its chart does not render, so Argo CD deploys nothing there. \`service-promote.yaml\` moves a digest to the next environment (prod after its reviewers approve).`
      : `3. The image \`${
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
