import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import {
  RegistryIssue,
  RegistryValidationError,
} from './RegistryValidationError';
import { Registry, SpokeConfig } from './schema';

/**
 * Services: `infra/config/services/<name>.yaml`, one file per service that the New
 * service template adds. The CDK app reads them next to the registry (hub ECR
 * repository, per-spoke secret, pod identity role, database user); the template
 * validates a candidate against them before it publishes anything.
 */

/**
 * Longest service name. The name is the Kubernetes namespace, Service, Deployment
 * and release name, the ECR repository and part of `github-push-<name>` (IAM, 64) and
 * of `<name>-<environment>` (Argo CD application, 63); 30 leaves room for suffixes
 * such as the HPA's and for environment names of up to 32 characters.
 */
export const SERVICE_NAME_MAX_LENGTH = 30;

/**
 * Argo CD labels what it deploys with the application name, `<name>-<environment>`,
 * and label values are at most 63 characters.
 */
export const APPLICATION_NAME_MAX_LENGTH = 63;

/** Names taken by Kubernetes, EKS add-ons, Argo CD and the platform itself. */
export const RESERVED_SERVICE_NAMES: readonly string[] = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'argocd',
  'argo-cd',
  'karpenter',
  'cert-manager',
  'external-dns',
  'external-secrets',
  'ingress-nginx',
  'aws-load-balancer-controller',
  'amazon-cloudwatch',
  'secrets-store-csi-driver',
  'platform',
  'portal',
  'backstage',
  'hub',
  'spoke',
];

/** Name prefixes Kubernetes, EKS and AWS reserve for themselves. */
export const RESERVED_SERVICE_NAME_PREFIXES: readonly string[] = [
  'kube-',
  'eks-',
  'aws-',
  'amazon-',
  'argocd-',
];

/**
 * RDS Data API on provisioned Aurora MySQL needs engine 3.07 or later; the CDK app
 * creates each service's schema and IAM-authenticated user through it.
 */
export const DATA_API_MIN_AURORA_VERSION = '3.07.0';

const SERVICE_NAME = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;
/** MySQL identifiers the platform allows: lower case, digits, `_`; users max 32. */
const MYSQL_USER = /^[a-z][a-z0-9_]{0,31}$/;
const MYSQL_SCHEMA = /^[a-z][a-z0-9_]{0,63}$/;
const GITHUB_REPOSITORY = /^[A-Za-z0-9._-]{1,100}$/;
const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;
/** `[registry/]path[:tag|@digest]`, lower-case path (OCI distribution reference). */
const EXTERNAL_IMAGE =
  /^(?:[a-z0-9]+(?:[.-][a-z0-9]+)*(?::\d+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

/** Where a service's image comes from (form parameter `image.source`). */
export const IMAGE_SOURCES = ['own', 'external'] as const;
export type ImageSource = (typeof IMAGE_SOURCES)[number];

/** How a service authenticates to its database (form parameter `database.auth`). */
export const DATABASE_AUTH_MODES = ['iam', 'password'] as const;
export type DatabaseAuthMode = (typeof DATABASE_AUTH_MODES)[number];

/**
 * Upstream registries an ECR pull-through cache rule can mirror, by the host an
 * image reference names, and whether ECR needs a credential for it (a Secrets
 * Manager secret named `ecr-pullthroughcache/...`, listed in `hub.yaml`).
 */
export const PULL_THROUGH_UPSTREAMS: Readonly<
  Record<string, { upstream: string; credential: boolean }>
> = {
  'docker.io': { upstream: 'registry-1.docker.io', credential: true },
  'public.ecr.aws': { upstream: 'public.ecr.aws', credential: false },
  'quay.io': { upstream: 'quay.io', credential: false },
  'registry.k8s.io': { upstream: 'registry.k8s.io', credential: false },
  'ghcr.io': { upstream: 'ghcr.io', credential: true },
};

/** An external image split into its upstream registry and the rest. */
export interface ExternalImage {
  /** Key of {@link PULL_THROUGH_UPSTREAMS}, e.g. `docker.io`. */
  registry: string;
  /** Upstream registry URL for the pull-through cache rule. */
  upstream: string;
  credential: boolean;
  /** Repository path upstream, e.g. `zylwin/phl-store` (`library/nginx` for official images). */
  path: string;
  /** Tag or `@sha256:...`; `latest` when absent. */
  tag: string;
  digest?: string;
}

/** A private ECR registry host, `<account>.dkr.ecr.<region>.amazonaws.com`. */
const PRIVATE_ECR_HOST = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com$/;

/**
 * The account and region of an image reference on a private ECR registry (an image
 * the hub ECR already holds needs no mirror); undefined for any other registry.
 */
export function privateEcrImage(
  reference: string,
): { account: string; region: string } | undefined {
  const slash = reference.indexOf('/');
  if (slash <= 0) return undefined;
  const match = PRIVATE_ECR_HOST.exec(reference.slice(0, slash));
  return match ? { account: match[1], region: match[2] } : undefined;
}

/** Parses an external image reference; undefined when its registry cannot be mirrored. */
export function externalImageUpstream(
  reference: string,
): ExternalImage | undefined {
  if (!EXTERNAL_IMAGE.test(reference)) return undefined;
  const [withoutDigest, digest] = reference.split('@');
  const slash = withoutDigest.indexOf('/');
  const first = slash > 0 ? withoutDigest.slice(0, slash) : '';
  const hasRegistry =
    first.includes('.') || first.includes(':') || first === 'localhost';
  const registry = hasRegistry ? first : 'docker.io';
  let rest = hasRegistry ? withoutDigest.slice(slash + 1) : withoutDigest;
  const known = PULL_THROUGH_UPSTREAMS[registry];
  if (!known) return undefined;
  const colon = rest.lastIndexOf(':');
  const tag = colon > 0 ? rest.slice(colon + 1) : 'latest';
  if (colon > 0) rest = rest.slice(0, colon);
  if (registry === 'docker.io' && !rest.includes('/')) rest = `library/${rest}`;
  return { registry, ...known, path: rest, tag, digest };
}

/** One problem with a service name, without a file. */
export interface ServiceNameIssue {
  field: string;
  rule: string;
  message: string;
}

/**
 * The name rules that need no registry: a lower-case DNS-1035 label (it names a
 * Kubernetes namespace and Service), at most {@link SERVICE_NAME_MAX_LENGTH}, not
 * reserved. Each issue names the field and the rule.
 */
export function serviceNameIssues(
  name: unknown,
  field = 'name',
): ServiceNameIssue[] {
  if (typeof name !== 'string' || name.length === 0) {
    return [{ field, rule: 'required', message: 'is required' }];
  }
  const issues: ServiceNameIssue[] = [];
  if (/[A-Z]/.test(name)) {
    issues.push({
      field,
      rule: 'lower-case',
      message: `'${name}' has upper-case letters; Kubernetes and ECR names must be lower case`,
    });
  } else if (!SERVICE_NAME.test(name)) {
    issues.push({
      field,
      rule: 'dns-label',
      message: `'${name}' must be a DNS label: a-z, 0-9 and -, starting with a letter and ending with a letter or digit`,
    });
  }
  if (name.length > SERVICE_NAME_MAX_LENGTH) {
    issues.push({
      field,
      rule: 'max-length',
      message: `'${name}' is ${name.length} characters; at most ${SERVICE_NAME_MAX_LENGTH} keep the Kubernetes, ECR and IAM names derived from it valid`,
    });
  }
  const lower = name.toLowerCase();
  if (RESERVED_SERVICE_NAMES.includes(lower)) {
    issues.push({
      field,
      rule: 'reserved',
      message: `'${name}' is reserved for the cluster or the platform`,
    });
  } else {
    const prefix = RESERVED_SERVICE_NAME_PREFIXES.find(p =>
      lower.startsWith(p),
    );
    if (prefix) {
      issues.push({
        field,
        rule: 'reserved',
        message: `'${name}' starts with '${prefix}', which is reserved for the cluster or AWS`,
      });
    }
  }
  return issues;
}

/** `services/<name>.yaml`: one service deployed to some spokes. */
export const serviceConfigSchema = z.strictObject({
  /** Equals the file's base name; see {@link serviceNameIssues}. */
  name: z.string().superRefine((name, ctx) => {
    for (const issue of serviceNameIssues(name)) {
      ctx.addIssue({ code: 'custom', message: issue.message });
    }
  }),
  description: z.string().optional(),
  owner: z
    .string()
    .regex(/^group:([a-z0-9][a-z0-9-]*\/)?[a-z0-9][a-z0-9._-]*$/, {
      error: 'must be a group entity ref such as group:default/storefront-team',
    }),
  /** Spoke names the service runs on; each one gets a secret and a pod role. */
  environments: z
    .array(
      z.string().regex(/^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/, {
        error: 'must be a spoke name',
      }),
    )
    .min(1, { error: 'must list at least one spoke' }),
  /**
   * Where CI builds the image: the GitHub repository (in the hub's GitHub
   * organisation) whose `main` branch may push to the service's ECR repository.
   * Absent when the image is built elsewhere (for example a public image).
   */
  ci: z
    .strictObject({
      repository: z.string().regex(GITHUB_REPOSITORY, {
        error: 'must be a GitHub repository name',
      }),
    })
    .optional(),
  /** The catalog System the service belongs to (tag `Tenant`); absent: the owner. */
  system: z
    .string()
    .regex(/^system:([a-z0-9][a-z0-9-]*\/)?[a-z0-9][a-z0-9._-]*$/, {
      error: 'must be a system entity ref such as system:default/storefront',
    })
    .optional(),
  /**
   * Where the image comes from. `own` (the default when `ci` is set): built by CI
   * into the hub ECR repository. `external`: an image built elsewhere, mirrored into
   * the hub ECR through a pull-through cache rule so spokes never pull from the
   * internet.
   */
  image: z
    .strictObject({
      source: z.enum(IMAGE_SOURCES),
      /** `external` only: the upstream reference, e.g. `zylwin/phl-store:latest`. */
      reference: z
        .string()
        .regex(EXTERNAL_IMAGE, {
          error:
            'must be an image reference such as zylwin/phl-store:latest or ghcr.io/acme/app:1.2.3',
        })
        .optional(),
    })
    .superRefine((image, ctx) => {
      if (image.source === 'external' && !image.reference) {
        ctx.addIssue({
          code: 'custom',
          path: ['reference'],
          message: 'is required when source is external',
        });
      }
      if (
        image.source === 'external' &&
        image.reference &&
        !externalImageUpstream(image.reference) &&
        !privateEcrImage(image.reference)
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['reference'],
          message: `'${
            image.reference
          }' is neither in the hub ECR nor on a registry the hub can mirror (${Object.keys(
            PULL_THROUGH_UPSTREAMS,
          ).join(', ')})`,
        });
      }
    })
    .optional(),
  /** An Aurora MySQL schema and a user in each spoke's cluster. */
  database: z
    .strictObject({
      schema: z.string().regex(MYSQL_SCHEMA, {
        error:
          'must be a MySQL schema name: a-z, 0-9 and _, starting with a letter, at most 64 characters',
      }),
      user: z.string().regex(MYSQL_USER, {
        error:
          'must be a MySQL user name: a-z, 0-9 and _, starting with a letter, at most 32 characters',
      }),
      /**
       * `iam`: IAM database authentication (tokens from the pod's role).
       * `password`: a password in Secrets Manager, rotated by the hosted MySQL
       * single-user rotation function, for apps that read a connection string.
       */
      auth: z.enum(DATABASE_AUTH_MODES).default('iam'),
      /** Grant DDL (CREATE, ALTER, DROP, INDEX, REFERENCES) on the schema. */
      ddl: z.boolean().default(false),
    })
    .optional(),
  /**
   * What the pods may reach besides DNS, the Pod Identity agent and their own
   * database (the chart's NetworkPolicy denies everything else).
   */
  egress: z
    .strictObject({
      /** Other services on the same spoke, by service name and port. */
      services: z
        .array(
          z.strictObject({
            name: z.string().regex(SERVICE_NAME, {
              error: 'must be a service name',
            }),
            port: z.number().int().min(1).max(65535),
          }),
        )
        .default([]),
      /**
       * HTTPS destinations by host name. NetworkPolicy cannot match host names, so
       * the chart allows 443 only to the spoke's VPC (interface endpoints, the hub
       * over the Transit Gateway) unless this names a host outside AWS; see the
       * chart README.
       */
      https: z
        .array(
          z.string().regex(HOST_NAME, {
            error: 'must be a host name such as api.example.com',
          }),
        )
        .default([]),
    })
    .optional(),
});

/** A service file as parsed. */
export type ServiceConfig = z.output<typeof serviceConfigSchema>;

/** The file a service lives in, relative to the config dir. */
export function serviceFile(name: string): string {
  return `services/${name}.yaml`;
}

/** Names of everything the platform creates for a service; one place for all readers. */
export interface ServiceResourceNames {
  /** Kubernetes namespace, Deployment, Service and Helm release. */
  namespace: string;
  serviceAccount: string;
  /** Hub ECR repository. */
  ecrRepository: string;
  /** Hub IAM role that the service's CI assumes through GitHub OIDC. */
  pushRoleName: string;
  /** Secrets Manager secret in each spoke account holding `/config/config.json`. */
  configSecretName: string;
  /** Secrets Manager secret in each spoke account holding the database password (`password` auth). */
  databaseSecretName: string;
  /** GitHub environment the image build and push job runs in (the push role trusts only it). */
  buildEnvironment: string;
  /** Prefix of the hub ECR pull-through cache rule that mirrors an external image. */
  pullThroughPrefix: string;
  /** The per-service stack in the hub (`hub`) or a spoke account. */
  stackName(account: 'hub' | string): string;
  /** The Argo CD application for one spoke. */
  applicationName(spoke: string): string;
}

export function serviceResourceNames(name: string): ServiceResourceNames {
  return {
    namespace: name,
    serviceAccount: name,
    ecrRepository: name,
    pushRoleName: `github-push-${name}`,
    configSecretName: `services/${name}/config`,
    databaseSecretName: `services/${name}/database`,
    buildEnvironment: `service-${name}-build`,
    pullThroughPrefix: `mirror/${name}`,
    stackName: account => `platform-service-${name}-${account}`,
    applicationName: spoke => `${name}-${spoke}`,
  };
}

/** `8.0.mysql_aurora.3.08.0` → `[3, 8, 0]`; undefined when not that shape. */
function auroraVersion(engineVersion: string): number[] | undefined {
  const match = /^\d+\.\d+\.mysql_aurora\.(\d+)\.(\d+)\.(\d+)$/.exec(
    engineVersion,
  );
  return match ? match.slice(1).map(Number) : undefined;
}

/** Whether a spoke's Aurora engine version supports the RDS Data API. */
export function supportsDataApi(engineVersion: string): boolean {
  const version = auroraVersion(engineVersion);
  if (!version) return false;
  const min = DATA_API_MIN_AURORA_VERSION.split('.').map(Number);
  for (let i = 0; i < min.length; i++) {
    if (version[i] !== min[i]) return version[i] > min[i];
  }
  return true;
}

interface ServiceEntry {
  file: string;
  config: ServiceConfig;
}

function schemaIssues(file: string, error: z.ZodError): RegistryIssue[] {
  return error.issues.flatMap(issue => {
    const field = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map(key => ({
        file,
        field: field ? `${field}.${key}` : key,
        rule: 'unknown-field',
        message: `'${key}' is not a known field`,
      }));
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      return [{ file, field, rule: 'required', message: 'is required' }];
    }
    const rule =
      issue.code === 'custom' || issue.code === 'invalid_format'
        ? 'format'
        : issue.code;
    return [{ file, field, rule, message: issue.message }];
  });
}

/** Rules for one service against the registry and the services before it. */
function checkService(
  registry: Registry,
  { file, config }: ServiceEntry,
  earlier: ServiceEntry[],
): RegistryIssue[] {
  const issues: RegistryIssue[] = [];
  const push = (field: string, rule: string, message: string) =>
    issues.push({ file, field, rule, message });
  const base = /^services\/([^/]+)\.ya?ml$/.exec(file)?.[1];
  if (base !== undefined && base !== config.name) {
    push(
      'name',
      'name-matches-file',
      `is '${config.name}' but the file is ${file}; they must be equal`,
    );
  }
  if (
    config.name === registry.hub.name ||
    registry.spokes.some(s => s.name === config.name)
  ) {
    push(
      'name',
      'reserved',
      `'${config.name}' is the name of a platform environment`,
    );
  }
  const ecrImage =
    config.image?.source === 'external' && config.image.reference
      ? privateEcrImage(config.image.reference)
      : undefined;
  if (
    ecrImage &&
    (ecrImage.account !== registry.hub.account ||
      ecrImage.region !== registry.hub.region)
  ) {
    push(
      'image.reference',
      'hub-ecr',
      `'${
        config.image!.reference
      }' is in an ECR registry other than the hub's (${registry.hub.account}, ${
        registry.hub.region
      }); spokes pull only from the hub ECR`,
    );
  }
  if (registry.hub.ecr.repositories.includes(config.name)) {
    push(
      'name',
      'unique-name',
      `'${config.name}' is already an ECR repository in hub.yaml ecr.repositories`,
    );
  }
  const sameName = earlier.find(e => e.config.name === config.name);
  if (sameName) {
    push(
      'name',
      'unique-name',
      `'${config.name}' is also the name in ${sameName.file}`,
    );
  }
  const seen = new Set<string>();
  config.environments.forEach((env, i) => {
    const field = `environments.${i}`;
    if (seen.has(env)) {
      push(field, 'unique-environment', `lists '${env}' twice`);
    }
    seen.add(env);
    const spoke = registry.spokes.find(s => s.name === env);
    if (!spoke) {
      push(
        field,
        'known-spoke',
        `'${env}' is not a spoke of the registry (${registry.spokes
          .map(s => s.name)
          .join(', ')})`,
      );
      return;
    }
    const app = serviceResourceNames(config.name).applicationName(env);
    if (app.length > APPLICATION_NAME_MAX_LENGTH) {
      push(
        field,
        'application-name-length',
        `the Argo CD application '${app}' would be ${app.length} characters; at most ${APPLICATION_NAME_MAX_LENGTH}`,
      );
    }
    if (config.database && !supportsDataApi(spoke.aurora.engineVersion)) {
      push(
        'database',
        'data-api-engine-version',
        `spoke '${env}' runs Aurora ${spoke.aurora.engineVersion}; creating the schema and user needs the RDS Data API (Aurora MySQL ${DATA_API_MIN_AURORA_VERSION} or later)`,
      );
    }
  });
  if (config.database) {
    for (const other of earlier) {
      const db = other.config.database;
      const shared = other.config.environments.filter(e =>
        config.environments.includes(e),
      );
      if (!db || shared.length === 0) continue;
      if (db.user === config.database.user) {
        push(
          'database.user',
          'unique-db-user',
          `'${db.user}' is also the database user of ${
            other.file
          } on ${shared.join(', ')}`,
        );
      }
      if (db.schema === config.database.schema) {
        push(
          'database.schema',
          'unique-db-schema',
          `'${db.schema}' is also the schema of ${other.file} on ${shared.join(
            ', ',
          )}`,
        );
      }
    }
  }
  return issues;
}

function parseEntry(
  file: string,
  data: unknown,
  issues: RegistryIssue[],
): ServiceEntry | undefined {
  const result = serviceConfigSchema.safeParse(data ?? {}, {
    reportInput: true,
  });
  if (!result.success) {
    issues.push(...schemaIssues(file, result.error));
    return undefined;
  }
  return { file, config: result.data };
}

/** A service file: path relative to the config dir (`services/<name>.yaml`) and its text. */
export interface ServiceFile {
  path: string;
  content: string;
}

/**
 * Parses and checks every service file against a loaded registry: the schema, the
 * file name, known spokes, unique names and database users per cluster. Sorted by
 * name.
 *
 * @throws RegistryValidationError listing every issue found.
 */
export function parseServices(
  registry: Registry,
  files: ServiceFile[],
): ServiceConfig[] {
  const issues: RegistryIssue[] = [];
  const entries: ServiceEntry[] = [];
  const sorted = [...files].sort((a, b) => a.path.localeCompare(b.path));
  for (const { path, content } of sorted) {
    if (!/^services\/[^/]+\.ya?ml$/.test(path)) {
      issues.push({
        file: path,
        field: '',
        rule: 'unknown-file',
        message: 'expected services/<name>.yaml',
      });
      continue;
    }
    let data: unknown;
    try {
      data = parseYaml(content);
    } catch (e) {
      issues.push({
        file: path,
        field: '',
        rule: 'yaml-syntax',
        message: e instanceof Error ? e.message.split('\n')[0] : String(e),
      });
      continue;
    }
    const entry = parseEntry(path, data, issues);
    if (!entry) continue;
    issues.push(...checkService(registry, entry, entries));
    entries.push(entry);
  }
  if (issues.length > 0) throw new RegistryValidationError(issues);
  return entries
    .map(e => e.config)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Result of {@link validateService}. */
export type ServiceValidationResult =
  | { ok: true; service: ServiceConfig; file: string; issues: [] }
  | { ok: false; issues: RegistryIssue[] };

/**
 * Checks a candidate service (an object, e.g. from the New service form) against a
 * loaded registry and the existing services, as if it were `services/<name>.yaml`.
 * A name already used by an existing service is refused. Never throws.
 */
export function validateService(
  registry: Registry,
  existing: readonly ServiceConfig[],
  candidate: unknown,
): ServiceValidationResult {
  const name =
    candidate &&
    typeof candidate === 'object' &&
    'name' in candidate &&
    typeof candidate.name === 'string'
      ? candidate.name
      : 'new-service';
  const file = serviceFile(name);
  const issues: RegistryIssue[] = [];
  const entry = parseEntry(file, candidate, issues);
  if (!entry) return { ok: false, issues };
  const earlier = existing.map(s => ({ file: serviceFile(s.name), config: s }));
  const checks = checkService(registry, entry, earlier);
  if (checks.length > 0) return { ok: false, issues: checks };
  return { ok: true, service: entry.config, file, issues: [] };
}

/** The spokes a service runs on, in the order it lists them. */
export function serviceSpokes(
  registry: Registry,
  service: Pick<ServiceConfig, 'environments'>,
): SpokeConfig[] {
  return service.environments.map(env => {
    const spoke = registry.spokes.find(s => s.name === env);
    if (!spoke) {
      throw new RegistryValidationError([
        {
          file: 'services',
          field: 'environments',
          rule: 'known-spoke',
          message: `'${env}' is not a spoke of the registry`,
        },
      ]);
    }
    return spoke;
  });
}
