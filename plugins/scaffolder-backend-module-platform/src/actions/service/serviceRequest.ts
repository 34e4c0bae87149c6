import {
  planSubnets,
  PULL_THROUGH_UPSTREAMS,
  Registry,
  serviceNameIssues,
  serviceResourceNames,
  ServiceConfig,
  SpokeConfig,
  spokePublicZoneName,
  validateService,
} from '@internal/plugin-platform-common';
import {
  MIRRORABLE_REGISTRIES,
  mirroredRepository,
  parseImageReference,
} from './imageReference';

/**
 * The New service form's answers as the `platform:service:validate` action gets
 * them. Types are loose on purpose: every rule is checked here, so each refusal
 * can name its field and rule.
 */
export interface ServiceRequestInput {
  name?: unknown;
  description?: unknown;
  owner?: unknown;
  system?: unknown;
  /**
   * `{ source: 'own' | 'external', reference }`: own is the hub ECR repository named
   * after the service, built by the service's CI; external is an image built
   * elsewhere, mirrored into the hub ECR. A plain string is read as the reference
   * (empty: own).
   */
  image?: unknown;
  /** `own` or `external` (form parameter `imageSource`, i.e. `image.source`); default from `image`. */
  imageSource?: unknown;
  port?: unknown;
  healthCheckPath?: unknown;
  /** Spoke names or System entity refs (`system:default/dev`). */
  environments?: unknown;
  exposure?: unknown;
  /** One label in a public zone of the hub, e.g. `shop.app.example.com`. */
  host?: unknown;
  /**
   * `{ enabled, auth: 'iam' | 'password', ddl, schema, user }` (`enabled` defaults
   * to true); `true` is `{ enabled: true, auth: 'iam' }`.
   */
  database?: unknown;
  /** `iam` or `password` (form parameter `databaseAuth`, i.e. `database.auth`). */
  databaseAuth?: unknown;
  /** Same as `database.schema`. */
  databaseSchema?: unknown;
  databaseUser?: unknown;
  /** Grant DDL on the schema (same as `database.ddl`); default false. */
  databaseDdl?: unknown;
  /** Other services this one calls: `[{ name, port }]`. */
  egressServices?: unknown;
  /** HTTPS host names this one calls outside the platform. */
  egressHttps?: unknown;
  minReplicas?: unknown;
  maxReplicas?: unknown;
  configKeys?: unknown;
  createRepository?: unknown;
}

/** One refused input. */
export interface ServiceRequestIssue {
  /** The form field, e.g. `port`. */
  field: string;
  rule: string;
  message: string;
}

/** Where the pull request goes (see `platform.repository` in config). */
export interface ServiceRequestRepository {
  /** Web URL, e.g. `https://github.com/acme/platform`. */
  url: string;
  /** `github.com?owner=acme&repo=platform`. */
  repoUrl: string;
  /** Registry folder inside the repository, e.g. `infra/config`. */
  registryPath: string;
}

/** One target environment, as the per-environment skeleton files need it. */
export interface ServiceEnvironment {
  name: string;
  environmentClass: 'non-prod' | 'prod';
  account: string;
  region: string;
  /** The spoke's EKS cluster (also its Argo CD cluster name). */
  clusterName: string;
  applicationName: string;
  /** Public host in this environment; empty when internal. */
  host: string;
  vpcCidr: string;
  /** Where the ALB's nodes live: the only sources besides the namespace. */
  publicSubnets: string[];
  /** Aurora's subnets: the only MySQL destinations. */
  databaseSubnets: string[];
  minReplicas: number;
  maxReplicas: number;
  /** `alb.ingress.kubernetes.io/tags`: the five tags for this environment's load balancer. */
  loadBalancerTags: string;
  /**
   * Where the pods may open HTTPS: the spoke's VPC (interface endpoints) and the
   * hub; everywhere (through NAT) only when the service names outside hosts.
   */
  httpsCidrs: string[];
  /** Argo CD syncs automatically outside prod; prod is synced by hand. */
  autoSync: boolean;
}

/** Everything the skeleton renders from; derived once, here. */
export interface ServiceValues {
  name: string;
  description: string;
  owner: string;
  system: string;
  namespace: string;
  serviceAccount: string;
  image: {
    /** `own`: built by the service's CI into the hub ECR; `external`: built elsewhere. */
    source: ImageSource;
    /** Always in the hub ECR: the service's repository or the pull-through cache's. */
    repository: string;
    /** Empty for an own image until its first build records a digest. */
    tag: string;
    /** `sha256:...`; wins over the tag. */
    digest: string;
    /** True when CI builds it into the hub ECR repository (source `own`). */
    fromHub: boolean;
    /** An external image as the form named it, e.g. `zylwin/phl-store:latest`; empty when own. */
    upstream: string;
  };
  port: number;
  healthCheckPath: string;
  exposure: 'internal' | 'public';
  publicZone: string;
  hostLabel: string;
  database: {
    schema: string;
    user: string;
    auth: DatabaseAuth;
    ddl: boolean;
    /** `password` auth: the rotated secret with the user's credentials; else empty. */
    secretName: string;
  } | null;
  /** What the pods may call besides DNS, Pod Identity and their database. */
  egress: {
    services: Array<{ name: string; namespace: string; port: number }>;
    https: string[];
  };
  /**
   * The owning team's Argo CD AppProject (`argocd/projects/<team>.yaml`): the
   * platform repository as its only source, the namespaces of the team's services
   * on the spokes they run on as its only destinations.
   */
  project: {
    name: string;
    destinations: Array<{ cluster: string; namespace: string }>;
  };
  /** Seed 000's five tags, without Environment (set per environment). */
  tags: { Project: string; Service: string; Owner: string; Tenant: string };
  minReplicas: number;
  maxReplicas: number;
  configKeys: string[];
  /** `dev,prod`: the catalog annotation `platform.io/spokes`. */
  spokes: string;
  environments: ServiceEnvironment[];
  hub: { account: string; region: string; githubOrg: string };
  ecrRegistry: string;
  configSecretName: string;
  platformRepository: {
    url: string;
    /** `owner/name`. */
    slug: string;
    owner: string;
    name: string;
    registryPath: string;
  };
  /** Null when the image is not built by the platform's CI. */
  ci: {
    /** Repository whose main branch builds the image. */
    repository: string;
    slug: string;
    /** Build context inside that repository. */
    context: string;
    /** True when the code lives in the platform repository (`services/<name>/`). */
    inPlatformRepository: boolean;
    pushRoleArn: string;
    /** Environments each build moves to the new tag (non-prod; prod is promoted by hand). */
    bumpEnvironments: string;
    /** Where the skeleton's workflow goes in the workspace. */
    workflowTarget: string;
    /** Where the skeleton's code starter (README, .dockerignore) goes in the workspace. */
    codeTarget: string;
    /** `uses:` of the caller: the platform repository's reusable service-build.yaml. */
    buildWorkflow: string;
    /** GitHub environment of the push job; the push role trusts only its OIDC subject. */
    buildEnvironment: string;
    /** `github-push-<name>`. */
    pushRoleName: string;
    /** The OIDC subject the push role trusts. */
    oidcSubject: string;
  } | null;
  /** The template that generated the files, stamped on the entity and the files. */
  template: ServiceTemplateStamp;
  createRepository: boolean;
  /** `owner/repo` the Component's source lives in. */
  sourceSlug: string;
  /** The service file `infra/config/services/<name>.yaml` as the CDK app reads it. */
  serviceConfig: ServiceConfig;
}

export type ImageSource = 'own' | 'external';
export type DatabaseAuth = 'iam' | 'password';

/** Which template, at which version, generated a service's files. */
export interface ServiceTemplateStamp {
  /** `template:default/new-service`. */
  ref: string;
  /** The template's `backstage.io/template-version` annotation; empty when it has none. */
  version: string;
  /** One line for the head of each generated file. */
  header: string;
}

/** The `backstage.io/template-version` annotation (the community annotator's name). */
export const TEMPLATE_VERSION_ANNOTATION = 'backstage.io/template-version';

/** The header line generated files carry, so a later template version can find them. */
export function templateStamp(
  ref: string,
  version: string,
): ServiceTemplateStamp {
  return {
    ref,
    version,
    header: `Generated by ${ref}${
      version ? ` ${TEMPLATE_VERSION_ANNOTATION}=${version}` : ''
    }.`,
  };
}

export type ServiceRequestResult =
  | { ok: true; values: ServiceValues }
  | { ok: false; issues: ServiceRequestIssue[] };

const DEFAULT_HEALTH_CHECK_PATH = '/';
const MAX_REPLICAS = 50;
const CONFIG_KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
const HEALTH_PATH = /^\/[A-Za-z0-9._~\/-]*$/;
const ENTITY_REF =
  /^(?:([a-z]+):)?(?:([a-z0-9][a-z0-9._-]*)\/)?([a-z0-9][a-z0-9._-]*)$/i;
/** Names the registry schema cannot know about: the service's own registry/zones. */
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** A whole number from a number or a numeric string; undefined otherwise. */
function wholeNumber(value: unknown): number | undefined {
  const n =
    typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** `system:default/dev` → `dev`; undefined when not a ref of the expected kind. */
function refName(value: string, kind: string): string | undefined {
  const match = ENTITY_REF.exec(value.trim());
  if (!match) return undefined;
  if (match[1] && match[1].toLowerCase() !== kind) return undefined;
  return match[3].toLowerCase();
}

function fullRef(value: string, kind: string): string | undefined {
  const match = ENTITY_REF.exec(value.trim());
  if (!match) return undefined;
  if (match[1] && match[1].toLowerCase() !== kind) return undefined;
  return `${kind}:${(
    match[2] ?? 'default'
  ).toLowerCase()}/${match[3].toLowerCase()}`;
}

/**
 * A public host in this environment: `<label>.<spoke>.<zone>`, one label in the
 * spoke's own public subdomain, which the spoke's wildcard certificate covers and its
 * external-dns writes (docs/adr/0041).
 */
export function environmentHost(
  label: string,
  zone: string,
  spoke: Pick<SpokeConfig, 'name'>,
): string {
  return `${label}.${spokePublicZoneName(spoke.name, zone)}`;
}

interface Context {
  registry: Registry;
  services: readonly ServiceConfig[];
  repository: ServiceRequestRepository;
  /** The running template (scaffolder `templateInfo`); a placeholder when absent. */
  template?: { ref: string; version: string };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * Checks the New service form against the registry and the existing services and
 * derives everything the skeleton needs. Pure: the caller reads the registry.
 * Every refusal names the form field and the rule; nothing is derived from a
 * refused request.
 */
export function resolveServiceRequest(
  input: ServiceRequestInput,
  { registry, services, repository, template }: Context,
): ServiceRequestResult {
  const issues: ServiceRequestIssue[] = [];
  const refuse = (field: string, rule: string, message: string) =>
    issues.push({ field, rule, message });

  const name = text(input.name);
  issues.push(...serviceNameIssues(input.name, 'name'));

  const owner = fullRef(text(input.owner), 'group');
  if (!owner) {
    refuse(
      'owner',
      'group-ref',
      'must be a group entity ref such as group:default/storefront-team',
    );
  }
  const systemText = text(input.system);
  const system = systemText ? fullRef(systemText, 'system') : '';
  if (system === undefined) {
    refuse(
      'system',
      'system-ref',
      'must be a System entity ref such as system:default/storefront',
    );
  }

  const port = wholeNumber(input.port);
  if (port === undefined || port < 1 || port > 65535) {
    refuse(
      'port',
      'port-range',
      `must be a whole number from 1 to 65535, got ${JSON.stringify(
        input.port,
      )}`,
    );
  }

  const healthCheckPath =
    text(input.healthCheckPath) || DEFAULT_HEALTH_CHECK_PATH;
  if (!HEALTH_PATH.test(healthCheckPath)) {
    refuse(
      'healthCheckPath',
      'http-path',
      `'${healthCheckPath}' must be an absolute URL path such as /healthz`,
    );
  }

  const minReplicas = wholeNumber(input.minReplicas);
  const maxReplicas = wholeNumber(input.maxReplicas);
  if (minReplicas === undefined || minReplicas < 1) {
    refuse('minReplicas', 'replica-range', 'must be a whole number >= 1');
  }
  if (
    maxReplicas === undefined ||
    maxReplicas < 1 ||
    maxReplicas > MAX_REPLICAS
  ) {
    refuse(
      'maxReplicas',
      'replica-range',
      `must be a whole number from 1 to ${MAX_REPLICAS}`,
    );
  } else if (minReplicas !== undefined && maxReplicas < minReplicas) {
    refuse(
      'maxReplicas',
      'replica-order',
      `is ${maxReplicas}, below minReplicas (${minReplicas})`,
    );
  }

  const configKeys = Array.isArray(input.configKeys)
    ? input.configKeys.map(k => (typeof k === 'string' ? k.trim() : k))
    : [];
  if (input.configKeys !== undefined && !Array.isArray(input.configKeys)) {
    refuse('configKeys', 'list', 'must be a list of key names');
  }
  const seenKeys = new Set<string>();
  configKeys.forEach((key, i) => {
    if (typeof key !== 'string' || !CONFIG_KEY.test(key)) {
      refuse(
        `configKeys.${i}`,
        'config-key',
        `${JSON.stringify(
          key,
        )} must start with a letter or _ and hold only letters, digits, _, . and -`,
      );
    } else if (seenKeys.has(key)) {
      refuse(`configKeys.${i}`, 'unique-config-key', `lists '${key}' twice`);
    } else if (key === 'database') {
      refuse(
        `configKeys.${i}`,
        'reserved-config-key',
        "'database' is written by the platform (host, port, schema, user)",
      );
    }
    if (typeof key === 'string') seenKeys.add(key);
  });

  const envInput = Array.isArray(input.environments) ? input.environments : [];
  const environmentNames: string[] = [];
  if (envInput.length === 0) {
    refuse('environments', 'required', 'must list at least one spoke');
  }
  envInput.forEach((value, i) => {
    const env =
      typeof value === 'string' ? refName(value, 'system') : undefined;
    if (!env) {
      refuse(
        `environments.${i}`,
        'spoke-ref',
        `${JSON.stringify(value)} is not a spoke name or System entity ref`,
      );
    } else {
      environmentNames.push(env);
    }
  });

  const exposure = text(input.exposure) || 'internal';
  let hostLabel = '';
  let publicZone = '';
  if (exposure !== 'internal' && exposure !== 'public') {
    refuse('exposure', 'one-of', "must be 'internal' or 'public'");
  } else if (exposure === 'public') {
    const host = text(input.host).toLowerCase().replace(/\.$/, '');
    const zones = [...registry.hub.dns.publicZones].sort(
      (a, b) => b.length - a.length,
    );
    const zone = zones.find(z => host.endsWith(`.${z}`));
    const label = zone ? host.slice(0, -zone.length - 1) : '';
    if (!host) {
      refuse('host', 'required', 'is required when exposure is public');
    } else if (!zone) {
      refuse(
        'host',
        'public-zone',
        `'${host}' is not in a public zone of the platform (${registry.hub.dns.publicZones.join(
          ', ',
        )})`,
      );
    } else if (!DNS_LABEL.test(label)) {
      refuse(
        'host',
        'single-label',
        `'${host}' must be one DNS label in front of ${zone}, e.g. shop.${zone}; each environment serves it as <label>.<spoke>.${zone}, which the spoke's wildcard certificate covers`,
      );
    } else {
      hostLabel = label;
      publicZone = zone;
    }
  }

  const databaseInput = record(input.database);
  const databaseEnabled = databaseInput?.enabled;
  const wantsDatabase = databaseInput
    ? databaseEnabled === undefined ||
      databaseEnabled === true ||
      databaseEnabled === 'true'
    : input.database === true || input.database === 'true';
  const auth = text(databaseInput?.auth) || text(input.databaseAuth) || 'iam';
  if (wantsDatabase && auth !== 'iam' && auth !== 'password') {
    refuse('database.auth', 'one-of', "must be 'iam' or 'password'");
  }
  const defaultDbName = name.replace(/-/g, '_');
  const ddlInput = databaseInput?.ddl ?? input.databaseDdl;
  const databaseDdl = ddlInput === true || ddlInput === 'true';
  const database = wantsDatabase
    ? {
        schema:
          text(databaseInput?.schema) ||
          text(input.databaseSchema) ||
          defaultDbName,
        user:
          text(databaseInput?.user) ||
          text(input.databaseUser) ||
          defaultDbName,
        auth: auth as DatabaseAuth,
        ddl: databaseDdl,
        secretName:
          auth === 'password'
            ? serviceResourceNames(name).databaseSecretName
            : '',
      }
    : null;
  if (database?.auth === 'password') {
    configKeys.forEach((key, i) => {
      if (key === 'connection_string' || key === 'port') {
        refuse(
          `configKeys.${i}`,
          'reserved-config-key',
          `'${key}' is written by the chart from the database secret in password mode`,
        );
      }
    });
  }

  const egressServices: ServiceValues['egress']['services'] = [];
  if (input.egressServices !== undefined) {
    if (!Array.isArray(input.egressServices)) {
      refuse('egress.services', 'list', 'must be a list of { name, port }');
    } else {
      input.egressServices.forEach((entry, i) => {
        const field = `egress.services.${i}`;
        const e = (entry ?? {}) as Record<string, unknown>;
        const target = text(e.name);
        const targetPort = wholeNumber(e.port);
        const other = services.find(s => s.name === target);
        if (!other) {
          refuse(
            `${field}.name`,
            'known-service',
            `'${target}' is not a service of the platform`,
          );
        } else if (
          !other.environments.some(env => environmentNames.includes(env))
        ) {
          refuse(
            `${field}.name`,
            'shared-spoke',
            `'${target}' runs on ${other.environments.join(
              ', ',
            )}, none of this service's spokes`,
          );
        }
        if (targetPort === undefined || targetPort < 1 || targetPort > 65535) {
          refuse(`${field}.port`, 'port-range', 'must be 1-65535');
        }
        if (other && targetPort !== undefined) {
          egressServices.push({
            name: target,
            namespace: serviceResourceNames(target).namespace,
            port: targetPort,
          });
        }
      });
    }
  }
  const egressHttps: string[] = [];
  if (input.egressHttps !== undefined) {
    if (!Array.isArray(input.egressHttps)) {
      refuse('egress.https', 'list', 'must be a list of host names');
    } else {
      input.egressHttps.forEach((host, i) => {
        const h = text(host).toLowerCase();
        if (!HOST_NAME.test(h)) {
          refuse(
            `egress.https.${i}`,
            'host-name',
            `${JSON.stringify(
              host,
            )} must be a host name such as api.example.com`,
          );
        } else egressHttps.push(h);
      });
    }
  }

  const imageInput = record(input.image);
  const imageText = text(imageInput ? imageInput.reference : input.image);
  const sourceText =
    text(imageInput?.source) ||
    text(input.imageSource) ||
    (imageText ? 'external' : 'own');
  let image: ServiceValues['image'] | undefined;
  const hub = registry.hub;
  const ecrRegistry = `${hub.account}.dkr.ecr.${hub.region}.amazonaws.com`;
  const names = serviceResourceNames(name);
  const ownRepository = `${ecrRegistry}/${names.ecrRepository}`;
  if (sourceText !== 'own' && sourceText !== 'external') {
    refuse('image.source', 'one-of', "must be 'own' or 'external'");
  } else if (sourceText === 'own' || imageText === ownRepository) {
    image = {
      source: 'own',
      repository: ownRepository,
      tag: '',
      digest: '',
      fromHub: true,
      upstream: '',
    };
  } else if (!imageText) {
    refuse(
      'image.reference',
      'required',
      'is required for an external image, e.g. zylwin/phl-store:latest',
    );
  } else {
    const parsed = parseImageReference(imageText);
    // An image already in the hub ECR needs no mirror.
    let repositoryRef: string | undefined;
    if (parsed?.registry === ecrRegistry) {
      repositoryRef = `${ecrRegistry}/${parsed.path}`;
    } else if (parsed) {
      repositoryRef = mirroredRepository(parsed, ecrRegistry, name);
    }
    if (!parsed) {
      refuse(
        'image.reference',
        'image-reference',
        `'${imageText}' must be an image reference such as zylwin/phl-store:latest`,
      );
    } else if (!repositoryRef) {
      refuse(
        'image.reference',
        'pull-through-cache',
        `'${
          parsed.registry
        }' is not a registry the hub's pull-through cache can mirror, so spokes could not pull it; use an image from ${MIRRORABLE_REGISTRIES.join(
          ', ',
        )} or the hub ECR`,
      );
    } else if (
      parsed.registry !== ecrRegistry &&
      PULL_THROUGH_UPSTREAMS[parsed.registry]?.credential &&
      !registry.hub.ecr.upstreamCredentials?.[parsed.registry]
    ) {
      refuse(
        'image.reference',
        'mirror-credential',
        `mirroring ${parsed.registry} needs a credential the hub does not have (hub.yaml ecr.upstreamCredentials.${parsed.registry})`,
      );
    } else {
      // Spokes pull from the hub ECR (the service's mirror), never the internet.
      image = {
        source: 'external',
        repository: repositoryRef,
        tag: parsed.tag,
        digest: parsed.digest,
        fromHub: false,
        upstream: imageText,
      };
    }
  }

  const createRepository =
    input.createRepository === true || input.createRepository === 'true';
  if (
    createRepository &&
    (sourceText === 'external' || image?.fromHub === false)
  ) {
    refuse(
      'createRepository',
      'needs-hub-image',
      "a new code repository holds the code of an own image; choose image source 'own'",
    );
  }

  const repoMatch = /^https?:\/\/[^/]+\/([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(
    repository.url,
  );
  const platformSlug = repoMatch ? `${repoMatch[1]}/${repoMatch[2]}` : '';
  const platformRepoName = repoMatch ? repoMatch[2] : '';

  // The registry's own rules on the service file (unknown spokes, reserved and
  // taken names, Argo CD name length, database users, Data API version).
  const ciRepository = createRepository ? name : platformRepoName;
  const serviceConfig: Record<string, unknown> = {
    name,
    ...(text(input.description)
      ? { description: text(input.description) }
      : {}),
    owner: owner ?? '',
    ...(system ? { system } : {}),
    environments: environmentNames,
    ...(image?.fromHub ? { ci: { repository: ciRepository } } : {}),
    ...(image && !image.fromHub
      ? { image: { source: 'external', reference: image.upstream } }
      : {}),
    ...(database
      ? {
          database: {
            schema: database.schema,
            user: database.user,
            auth: database.auth,
            ddl: database.ddl,
          },
        }
      : {}),
    ...(egressServices.length || egressHttps.length
      ? {
          egress: {
            services: egressServices.map(e => ({ name: e.name, port: e.port })),
            https: egressHttps,
          },
        }
      : {}),
  };
  // Only with a valid name and owner, so the schema does not repeat those refusals.
  if (serviceNameIssues(input.name).length === 0 && owner) {
    const checked = validateService(registry, services, serviceConfig);
    const reported = new Set(issues.map(i => i.field));
    for (const issue of checked.issues) {
      const field = serviceFieldToInput(issue.field);
      if (field === 'environments' && reported.has('environments')) continue;
      issues.push({ field, rule: issue.rule, message: issue.message });
    }
  }
  // The spoke's certificate and zone exist only under the public zones it lists.
  if (publicZone) {
    for (const env of environmentNames) {
      const spoke = registry.spokes.find(s => s.name === env);
      if (spoke && !(spoke.dns.publicZones ?? []).includes(publicZone)) {
        refuse(
          'host',
          'spoke-public-zone',
          `spoke ${env} does not list ${publicZone} in dns.publicZones (spokes/${env}.yaml), so it has no certificate or zone for ${environmentHost(
            hostLabel,
            publicZone,
            spoke,
          )}`,
        );
      }
    }
  }
  if (issues.length > 0) return { ok: false, issues };

  const spokes = environmentNames.map(
    env => registry.spokes.find(s => s.name === env)!,
  );
  const refTail = (ref: string) => ref.replace(/^[a-z]+:(?:[^/]+\/)?/, '');
  const tags = {
    Project: hub.project,
    Service: name,
    Owner: refTail(owner!),
    Tenant: refTail(system || owner!),
  };
  const environments: ServiceEnvironment[] = spokes.map(spoke => {
    const plan = planSubnets(spoke.network.cidr, spoke.network.azCount);
    return {
      name: spoke.name,
      environmentClass: spoke.environmentClass,
      account: spoke.account,
      region: spoke.region,
      clusterName: spoke.name,
      applicationName: names.applicationName(spoke.name),
      host: hostLabel ? environmentHost(hostLabel, publicZone, spoke) : '',
      vpcCidr: spoke.network.cidr,
      publicSubnets: plan.public,
      databaseSubnets: plan.database,
      minReplicas: minReplicas!,
      maxReplicas: maxReplicas!,
      httpsCidrs: egressHttps.length
        ? ['0.0.0.0/0']
        : [spoke.network.cidr, hub.network.cidr],
      autoSync: spoke.environmentClass !== 'prod',
      loadBalancerTags: Object.entries({
        Project: tags.Project,
        Service: tags.Service,
        Environment: spoke.name,
        Owner: tags.Owner,
        Tenant: tags.Tenant,
      })
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    };
  });

  const ci = image!.fromHub
    ? {
        repository: ciRepository,
        slug: `${hub.github.org}/${ciRepository}`,
        context: createRepository ? '.' : `services/${name}`,
        inPlatformRepository: !createRepository,
        pushRoleArn: `arn:aws:iam::${hub.account}:role/${names.pushRoleName}`,
        bumpEnvironments: environments
          .filter(e => e.environmentClass !== 'prod')
          .map(e => e.name)
          .join(' '),
        workflowTarget: createRepository ? './service' : './platform',
        codeTarget: createRepository
          ? './service'
          : `./platform/services/${name}`,
        buildWorkflow: createRepository
          ? `${platformSlug}/.github/workflows/service-build.yaml@main`
          : './.github/workflows/service-build.yaml',
        buildEnvironment: `service-${name}-build`,
        pushRoleName: names.pushRoleName,
        oidcSubject: `repo:${hub.github.org}/${ciRepository}:environment:service-${name}-build`,
      }
    : null;

  return {
    ok: true,
    values: {
      name,
      description: text(input.description) || `The ${name} service.`,
      owner: owner!,
      system: system ?? '',
      namespace: names.namespace,
      serviceAccount: names.serviceAccount,
      image: image!,
      port: port!,
      healthCheckPath,
      exposure: exposure as 'internal' | 'public',
      publicZone,
      hostLabel,
      database,
      egress: { services: egressServices, https: egressHttps },
      tags,
      project: {
        name: `team-${refTail(owner!)}`,
        destinations: [
          ...services.filter(s => s.owner === owner && s.name !== name),
          { name, environments: environmentNames },
        ]
          .flatMap(s =>
            s.environments.map(env => ({
              cluster: env,
              namespace: serviceResourceNames(s.name).namespace,
            })),
          )
          .sort((a, b) =>
            `${a.cluster}/${a.namespace}`.localeCompare(
              `${b.cluster}/${b.namespace}`,
            ),
          ),
      },
      minReplicas: minReplicas!,
      maxReplicas: maxReplicas!,
      configKeys: configKeys as string[],
      spokes: environmentNames.join(','),
      environments,
      hub: {
        account: hub.account,
        region: hub.region,
        githubOrg: hub.github.org,
      },
      ecrRegistry,
      configSecretName: names.configSecretName,
      platformRepository: {
        url: repository.url.replace(/\.git$/, '').replace(/\/$/, ''),
        slug: platformSlug,
        owner: repoMatch ? repoMatch[1] : '',
        name: platformRepoName,
        registryPath: repository.registryPath,
      },
      ci,
      template: templateStamp(
        template?.ref ?? 'template:default/new-service',
        template?.version ?? '',
      ),
      createRepository,
      sourceSlug: createRepository ? `${hub.github.org}/${name}` : platformSlug,
      serviceConfig: serviceConfig as ServiceConfig,
    },
  };
}

/** Service file fields back to the form fields they came from. */
function serviceFieldToInput(field: string): string {
  if (field.startsWith('database.schema')) return 'databaseSchema';
  if (field.startsWith('database.user')) return 'databaseUser';
  if (field.startsWith('database.auth')) return 'database.auth';
  if (field.startsWith('image.')) return 'image';
  if (field.startsWith('ci.repository')) return 'createRepository';
  return field || 'name';
}
