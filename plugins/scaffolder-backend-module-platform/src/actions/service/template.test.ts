import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import {
  ANNOTATION_PLATFORM_SPOKES,
  parseServices,
  parseSpokesAnnotation,
  Registry,
  serviceResourceNames,
  SpokeConfig,
} from '@internal/plugin-platform-common';
import { loadRegistry } from '@internal/plugin-platform-common/node';
import { buildApp } from '@internal/infra';
import {
  DryRunner,
  DryRunResult,
  PLATFORM_REPOSITORY,
  SAMPLE_REGISTRY_DIR,
  startDryRunner,
  TEMPLATE_DIR,
} from './__testUtils__/dryRun';
import {
  actionlintProblems,
  dockerfileFacts,
  reusableWorkflowCalls,
  unpinnedActions,
} from './__testUtils__/workflows';
import {
  helmBinary,
  helmLint,
  helmTemplate,
  Manifest,
  missingLabels,
  schemaProblems,
  securityProblems,
} from './__testUtils__/manifests';
import { CODE_STARTER_FILES } from './pullRequest';
import { environmentHost, TEMPLATE_VERSION_ANNOTATION } from './serviceRequest';

/*
 * The New service template end to end, through the scaffolder's own dry run, for
 * every combination the form allows: public/internal x no database/IAM/password x
 * one/three environments x own/external image x monorepo/new repository (48; the
 * 12 external-image cases with a new repository are refused, since a new repository
 * holds the code of an own image). Each rendered chart is linted and rendered by the
 * real Helm for every environment, every manifest is checked against the Kubernetes
 * schemas and the security rules, every generated workflow goes through actionlint,
 * the code starter's test runs and its Dockerfile is checked, and every rendered
 * service file goes through the CDK app with cdk-nag.
 *
 * Shared work: cases that differ only in where the code lives use the same service
 * name, so their charts are byte-identical and Helm runs once for both (results are
 * cached by the content of the chart and values); the starter's test runs once per
 * distinct starter; one synth covers every service file.
 */

jest.setTimeout(300_000);

const registry: Registry = loadRegistry(SAMPLE_REGISTRY_DIR);
const HUB_ACCOUNT = registry.hub.account;
const ECR_REGISTRY = `${HUB_ACCOUNT}.dkr.ecr.${registry.hub.region}.amazonaws.com`;
const PUBLIC_ZONE = 'app.piksel.big.go.id';
const EXTERNAL_IMAGE = 'zylwin/phl-store:latest';
/** What service-build.yaml records after the first build. */
const CI_DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const CI_TAG = 'sha-0123456789ab';
const REPOSITORY_ROOT = path.resolve(TEMPLATE_DIR, '../..');
const TEMPLATE_VERSION: string = parseYaml(
  fs.readFileSync(path.join(TEMPLATE_DIR, 'template.yaml'), 'utf8'),
).metadata.annotations[TEMPLATE_VERSION_ANNOTATION];
const spoke = (name: string): SpokeConfig =>
  registry.spokes.find(s => s.name === name)!;

type DatabaseMode = 'none' | 'iam' | 'password';
interface Case {
  label: string;
  name: string;
  exposure: 'public' | 'internal';
  database: DatabaseMode;
  envs: string[];
  image: 'own' | 'external';
  createRepository: boolean;
}

const allCases: Case[] = [];
for (const exposure of ['public', 'internal'] as const) {
  for (const database of ['none', 'iam', 'password'] as const) {
    for (const envs of [['dev'], ['dev', 'staging', 'prod']]) {
      for (const image of ['own', 'external'] as const) {
        for (const createRepository of [false, true]) {
          allCases.push({
            label: `${exposure}, database ${database}, ${
              envs.length
            } env, ${image} image, ${
              createRepository ? 'new repository' : 'monorepo'
            }`,
            // Shared by the monorepo and new-repository variants (same chart).
            name: `s-${exposure === 'public' ? 'pub' : 'int'}-${database}-${
              envs.length
            }-${image === 'own' ? 'own' : 'ext'}`,
            exposure,
            database,
            envs,
            image,
            createRepository,
          });
        }
      }
    }
  }
}
const cases = allCases.filter(c => c.image === 'own' || !c.createRepository);
const refusedCases = allCases.filter(
  c => c.image === 'external' && c.createRepository,
);

function formValues(c: Case): Record<string, unknown> {
  return {
    name: c.name,
    // The same for both repository variants of a name, so their charts are identical.
    description: `Matrix case ${c.name}`,
    owner: 'group:default/storefront-team',
    system: 'system:default/storefront',
    imageSource: c.image,
    ...(c.image === 'external' ? { image: EXTERNAL_IMAGE } : {}),
    port: 8080,
    healthCheckPath: '/healthz',
    minReplicas: 2,
    maxReplicas: 5,
    // In password mode the chart writes connection_string and port itself.
    configKeys:
      c.database === 'password' ? ['api_key'] : ['connection_string', 'port'],
    environments: c.envs.map(e => `system:default/${e}`),
    exposure: c.exposure,
    ...(c.exposure === 'public' ? { host: `${c.name}.${PUBLIC_ZONE}` } : {}),
    database: c.database !== 'none',
    ...(c.database !== 'none' ? { databaseAuth: c.database } : {}),
    createRepository: c.createRepository,
  };
}

/** Writes the workspace's files under `prefix/` to a fresh folder. */
function writeWorkspace(result: DryRunResult, prefix: string): string {
  const dir = fs.mkdtempSync(
    path.join(os.tmpdir(), `${prefix.replace(/\//g, '-')}-`),
  );
  for (const [file, content] of result.files) {
    if (!file.startsWith(`${prefix}/`)) continue;
    const target = path.join(dir, file.slice(prefix.length + 1));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
  return dir;
}

function listTree(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory()
      ? listTree(path.join(dir, entry.name), rel)
      : [rel];
  });
}

/** A content hash of files: identical inputs give identical Helm and test results. */
function contentKey(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    if (fs.existsSync(part) && fs.statSync(part).isDirectory()) {
      for (const f of listTree(part).sort()) {
        hash.update(f).update(fs.readFileSync(path.join(part, f)));
      }
    } else if (fs.existsSync(part)) {
      hash.update(fs.readFileSync(part));
    } else {
      hash.update(part);
    }
  }
  return hash.digest('hex');
}

const shared = new Map<string, unknown>();
const sharing = { computed: 0, reused: 0 };
function once<T>(key: string, compute: () => T): T {
  if (shared.has(key)) {
    sharing.reused++;
    const value = shared.get(key) as T | Error;
    if (value instanceof Error) throw value;
    return value;
  }
  sharing.computed++;
  try {
    const value = compute();
    shared.set(key, value);
    return value;
  } catch (e) {
    shared.set(key, e);
    throw e;
  }
}

/** `helm template` with an error captured, for the renders expected to fail. */
function helmTemplateError(options: Parameters<typeof helmTemplate>[0]) {
  try {
    helmTemplate(options);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

/** The inputs and secrets the platform's reusable service-build.yaml declares. */
const serviceBuild = parseYaml(
  fs.readFileSync(
    path.join(REPOSITORY_ROOT, '.github/workflows/service-build.yaml'),
    'utf8',
  ),
).on.workflow_call;

let runner: DryRunner;
/** Service files by name, from the monorepo variant of each name. */
const renderedServiceFiles = new Map<string, string>();
const tmpDirs: string[] = [];
const started = Date.now();

/** Dry runs by case label, a few at a time so the backend overlaps their I/O. */
const dryRuns = new Map<string, Promise<DryRunResult>>();
const DRY_RUN_CONCURRENCY = 4;

/** Runs `task` once fewer than `limit` tasks of this limiter are running. */
function limiter(limit: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>(r => waiting.push(r));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

beforeAll(async () => {
  helmBinary(); // fails the whole file loudly when Helm is missing
  runner = await startDryRunner();
  const limited = limiter(DRY_RUN_CONCURRENCY);
  const dryRunner = runner;
  for (const c of [...cases, ...refusedCases]) {
    const run = limited(() => dryRunner.run(formValues(c)));
    run.catch(() => undefined); // awaited, and reported, by its case
    dryRuns.set(c.label, run);
  }
});

const dryRun = (c: Case): Promise<DryRunResult> => dryRuns.get(c.label)!;

afterAll(async () => {
  await runner?.stop();
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
  // eslint-disable-next-line no-console
  console.log(
    `template matrix: ${cases.length} rendered + ${
      refusedCases.length
    } refused cases in ${((Date.now() - started) / 1000).toFixed(
      1,
    )} s; shared results: ${sharing.computed} computed, ${
      sharing.reused
    } reused`,
  );
});

describe.each(cases)('New service: $label', c => {
  let result: DryRunResult;
  let platformDir: string;
  const chartDir = () => path.join(platformDir, 'charts', c.name);
  const fromHub = c.image === 'own';
  const where = c.createRepository ? 'service' : 'platform';
  const codePrefix = c.createRepository
    ? 'service'
    : `platform/services/${c.name}`;

  beforeAll(async () => {
    result = await dryRun(c);
    if (result.status !== 200) {
      throw new Error(
        `dry run refused: ${JSON.stringify(result.body).slice(0, 2000)}`,
      );
    }
    platformDir = writeWorkspace(result, 'platform');
    tmpDirs.push(platformDir);
    const serviceFile = fs.readFileSync(
      path.join(platformDir, `infra/config/services/${c.name}.yaml`),
      'utf8',
    );
    if (!c.createRepository) renderedServiceFiles.set(c.name, serviceFile);
  });

  it('runs every step, diffs the service stacks and skips the GitHub steps in a dry run', () => {
    expect(result.steps).toMatchObject({
      validate: 'completed',
      platform: 'completed',
      environments: 'completed',
      diff: 'completed',
      'pull-request': 'skipped',
    });
    expect(result.steps.workflow).toBe(fromHub ? 'completed' : 'skipped');
    expect(result.steps.code).toBe(fromHub ? 'completed' : 'skipped');
    // Nothing is opened in a dry run, so nothing is tracked.
    expect(result.steps.track).toBe('skipped');
    // The push job's environment is created for real runs only (no dry-run support).
    expect(
      result.log
        .join('\n')
        .includes('github:environment:create does not support dry-run'),
    ).toBe(fromHub);
    expect(result.body.output.links).toEqual([]);
    const text = Object.fromEntries(
      result.body.output.text.map((t: any) => [t.title, t.content]),
    );
    // One new stack in the hub and one per target spoke; the platform stacks stay.
    expect(text['CloudFormation diff']).toContain(
      `| \`platform-service-${c.name}-hub\` | ${HUB_ACCOUNT} | new |`,
    );
    for (const e of c.envs) {
      expect(text['CloudFormation diff']).toContain(
        `| \`platform-service-${c.name}-${e}\` | ${spoke(e).account} | new |`,
      );
    }
    expect(text['CloudFormation diff']).not.toMatch(
      /\| `platform-(hub|spoke-[a-z]+)` \|/,
    );
  });

  if (c.createRepository) {
    it('writes the same service file as the monorepo variant but for the repository CI builds in', () => {
      const monorepo = parseYaml(renderedServiceFiles.get(c.name)!);
      const own = parseYaml(
        result.files.get(`platform/infra/config/services/${c.name}.yaml`)!,
      );
      expect(monorepo.ci).toEqual({ repository: 'piksel-platform' });
      expect(own).toEqual({ ...monorepo, ci: { repository: c.name } });
    });
  }

  it('writes the chart, one values file and one Argo CD application per environment', () => {
    for (const f of [
      'Chart.yaml',
      'values.yaml',
      'values.schema.json',
      'templates/_helpers.tpl',
      'templates/NOTES.txt',
      ...c.envs.map(e => `values-${e}.yaml`),
    ]) {
      expect(fs.existsSync(path.join(chartDir(), f))).toBe(true);
    }
    const apps = fs
      .readdirSync(path.join(platformDir, 'argocd'))
      .filter(f => f !== 'projects')
      .sort();
    expect(apps).toEqual(c.envs.map(e => `${c.name}-${e}.yaml`).sort());
    // Nothing of the Nunjucks skeleton is left unrendered.
    for (const [file, content] of result.files) {
      expect(`${file}: ${content}`).not.toMatch(/\$\{\{\s*(values|each)\b/);
    }
  });

  it('stamps the template version on the catalog entity, the chart and every generated file', () => {
    const header = `backstage.io/template-version=${TEMPLATE_VERSION}`;
    const stamped = [...result.files.keys()].filter(
      f =>
        !f.includes('/templates/') && /(\.ya?ml|\.js|\.md|Dockerfile)$/.test(f),
    );
    expect(stamped.length).toBeGreaterThan(4);
    for (const f of stamped) {
      expect(`${f}: ${result.files.get(f)}`).toContain(header);
    }
    const entity = parseYaml(
      result.files.get(`platform/services/${c.name}/catalog-info.yaml`)!,
    );
    expect(entity.metadata.annotations[TEMPLATE_VERSION_ANNOTATION]).toBe(
      TEMPLATE_VERSION,
    );
    const chart = parseYaml(
      fs.readFileSync(path.join(chartDir(), 'Chart.yaml'), 'utf8'),
    );
    expect(chart.annotations[TEMPLATE_VERSION_ANNOTATION]).toBe(
      TEMPLATE_VERSION,
    );
  });

  it.each(c.envs)(
    'passes helm lint --strict and renders valid, secure manifests for %s',
    env => {
      const target = spoke(env);
      const kubeVersion = target.eks.version;
      const envValues = path.join(chartDir(), `values-${env}.yaml`);
      const namespace = serviceResourceNames(c.name).namespace;
      // An own image renders once its first build has recorded a digest (what
      // service-build.yaml writes); before that the chart refuses to render.
      const valueFiles = [path.join(chartDir(), 'values.yaml'), envValues];
      const unpinned = once(
        `unpinned:${contentKey(chartDir(), envValues, kubeVersion)}`,
        () =>
          helmTemplateError({
            chartDir: chartDir(),
            release: c.name,
            namespace,
            valueFiles,
            kubeVersion,
          }),
      );
      // External images render as pinned by the form; own ones wait for CI.
      expect(
        unpinned.includes('image.digest is not set for this environment yet'),
      ).toBe(fromHub);
      const recorded = path.join(platformDir, `ci-recorded-${env}.yaml`);
      fs.writeFileSync(
        recorded,
        `image:\n  digest: "${CI_DIGEST}"\n  tag: ${CI_TAG}\n`,
      );
      if (fromHub) valueFiles.push(recorded);
      const key = contentKey(chartDir(), ...valueFiles, kubeVersion);
      once(`lint:${key}`, () =>
        helmLint(chartDir(), valueFiles.slice(1), kubeVersion),
      );
      const manifests = once(`template:${key}`, () =>
        helmTemplate({
          chartDir: chartDir(),
          release: c.name,
          namespace,
          valueFiles,
          kubeVersion,
        }),
      );

      expect(manifests.flatMap(schemaProblems)).toEqual([]);
      expect(securityProblems(manifests)).toEqual([]);
      expect(
        manifests.flatMap(m =>
          missingLabels(m).map(l => `${m.kind} ${m.metadata.name}: ${l}`),
        ),
      ).toEqual([]);
      expect(manifests.map(m => m.kind).sort()).toEqual(
        [
          'Deployment',
          'HorizontalPodAutoscaler',
          ...(c.exposure === 'public' ? ['Ingress'] : []),
          'NetworkPolicy',
          'NetworkPolicy',
          'PodDisruptionBudget',
          'SecretProviderClass',
          'Service',
          'ServiceAccount',
        ].sort(),
      );
      checkWiring(c, target, manifests);
    },
  );

  it('points each Argo CD application at the chart with that environment values', () => {
    for (const env of c.envs) {
      const app = parseYaml(
        fs.readFileSync(
          path.join(platformDir, 'argocd', `${c.name}-${env}.yaml`),
          'utf8',
        ),
      );
      expect(app).toMatchObject({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: `${c.name}-${env}`, namespace: 'argocd' },
        spec: {
          source: {
            repoURL: `${PLATFORM_REPOSITORY.url}.git`,
            path: `charts/${c.name}`,
            helm: {
              releaseName: c.name,
              valueFiles: ['values.yaml', `values-${env}.yaml`],
            },
          },
          project: 'team-storefront-team',
          destination: { name: env, namespace: c.name },
        },
      });
      // Prod is synced by hand and never pruned automatically.
      expect(app.spec.syncPolicy.automated).toEqual(
        spoke(env).environmentClass === 'prod'
          ? undefined
          : { prune: true, selfHeal: true },
      );
      expect(app.spec.syncPolicy.syncOptions).toContain('CreateNamespace=true');
      for (const file of app.spec.source.helm.valueFiles) {
        expect(
          fs.existsSync(path.join(platformDir, app.spec.source.path, file)),
        ).toBe(true);
      }
    }
  });

  it('writes the catalog entry with the spokes, the project slug, the owner and the system', () => {
    const entity = parseYaml(
      fs.readFileSync(
        path.join(platformDir, 'services', c.name, 'catalog-info.yaml'),
        'utf8',
      ),
    );
    expect(entity.kind).toBe('Component');
    expect(entity.metadata.name).toBe(c.name);
    expect(
      parseSpokesAnnotation(
        entity.metadata.annotations[ANNOTATION_PLATFORM_SPOKES],
      ),
    ).toEqual(c.envs);
    expect(entity.metadata.annotations['github.com/project-slug']).toBe(
      c.createRepository
        ? `piksel-ina/${c.name}`
        : 'piksel-ina/piksel-platform',
    );
    expect(entity.spec).toMatchObject({
      type: 'service',
      owner: 'group:default/storefront-team',
      system: 'system:default/storefront',
    });
  });

  it('records the image by digest per environment: nothing pinned for an own image, the mirrored reference for an external one', () => {
    for (const env of c.envs) {
      const values = parseYaml(
        fs.readFileSync(path.join(chartDir(), `values-${env}.yaml`), 'utf8'),
      );
      expect(values.image).toEqual(
        fromHub ? { digest: '', tag: '' } : { digest: '', tag: 'latest' },
      );
    }
    const defaults = parseYaml(
      fs.readFileSync(path.join(chartDir(), 'values.yaml'), 'utf8'),
    );
    expect(defaults.image.repository).toBe(
      fromHub
        ? `${ECR_REGISTRY}/${c.name}`
        : `${ECR_REGISTRY}/mirror/${c.name}/zylwin/phl-store`,
    );
  });

  if (!fromHub) {
    it('writes no CI workflow and no code starter for an image built elsewhere', () => {
      expect(
        [...result.files.keys()].filter(
          f => f.includes('.github/') || f.endsWith('Dockerfile'),
        ),
      ).toEqual([]);
    });
  }

  if (fromHub) {
    it('writes a thin caller of service-build.yaml that actionlint passes', async () => {
      const workflows = [...result.files.keys()].filter(f =>
        f.includes('/.github/workflows/'),
      );
      expect(workflows).toEqual([`${where}/.github/workflows/${c.name}.yaml`]);
      const text = result.files.get(workflows[0])!;
      expect(
        await actionlintProblems(text, `.github/workflows/${c.name}.yaml`),
      ).toEqual([]);
      expect(unpinnedActions(text)).toEqual([]);
      expect(reusableWorkflowCalls(text)).toEqual([
        c.createRepository
          ? 'piksel-ina/piksel-platform/.github/workflows/service-build.yaml@main'
          : './.github/workflows/service-build.yaml',
      ]);

      const workflow = parseYaml(text);
      expect(Object.keys(workflow.on).sort()).toEqual([
        'pull_request',
        'push',
        'workflow_dispatch',
      ]);
      expect(workflow.on.push.branches).toEqual(['main']);
      const paths = c.createRepository
        ? undefined
        : [`services/${c.name}/**`, `.github/workflows/${c.name}.yaml`];
      expect(workflow.on.push.paths).toEqual(paths);
      expect(workflow.on.pull_request?.paths).toEqual(paths);
      expect(workflow.permissions).toEqual({});
      const job = workflow.jobs.build;
      expect(job.permissions).toEqual({
        contents: c.createRepository ? 'read' : 'write',
        ...(c.createRepository ? {} : { 'pull-requests': 'write' }),
        'id-token': 'write',
      });
      expect(job.with).toEqual({
        service: c.name,
        context: c.createRepository ? '.' : `services/${c.name}`,
        'platform-repository': 'piksel-ina/piksel-platform',
        'aws-region': registry.hub.region,
        'ecr-registry': ECR_REGISTRY,
        'push-role-arn': `arn:aws:iam::${HUB_ACCOUNT}:role/${
          serviceResourceNames(c.name).pushRoleName
        }`,
        environments: c.envs
          .filter(e => spoke(e).environmentClass !== 'prod')
          .join(' '),
      });
      // actionlint cannot read a remote reusable workflow: check the contract here.
      const declared = serviceBuild.inputs;
      const required = Object.keys(declared).filter(k => declared[k].required);
      expect(required.filter(k => !(k in job.with))).toEqual([]);
      expect(Object.keys(job.with).filter(k => !(k in declared))).toEqual([]);
      expect(Object.keys(job.secrets).sort()).toEqual(
        Object.keys(serviceBuild.secrets).sort(),
      );
      expect(
        result.files.has(
          c.createRepository
            ? 'service/README.md'
            : `platform/services/${c.name}/README.md`,
        ),
      ).toBe(true);
      // Creating the repository needs GitHub: skipped in a dry run, like the PR.
      expect(result.steps.repository).toBe('skipped');
    });

    it('writes a code starter whose test passes and whose Dockerfile is multi-stage and non-root', () => {
      for (const f of CODE_STARTER_FILES) {
        expect(result.files.has(`${codePrefix}/${f}`)).toBe(true);
      }
      const codeDir = writeWorkspace(result, codePrefix);
      tmpDirs.push(codeDir);
      const facts = dockerfileFacts(
        fs.readFileSync(path.join(codeDir, 'Dockerfile'), 'utf8'),
      );
      expect(facts.problems).toEqual([]);
      expect(facts.stages.map(s => s.name)).toEqual([
        'base',
        'test',
        'runtime',
      ]);
      expect(facts.finalUser).toBe('10001:10001');
      expect(facts.exposed).toEqual(['8080']);
      expect(facts.execForm).toBe(true);
      // The test stage (what CI builds with --target test) runs the same tests.
      const output = once(
        `starter:${contentKey(
          path.join(codeDir, 'src'),
          path.join(codeDir, 'test'),
          path.join(codeDir, 'package.json'),
        )}`,
        () =>
          execFileSync(process.execPath, ['--test'], {
            cwd: codeDir,
            encoding: 'utf8',
            env: { ...process.env, NODE_OPTIONS: '' },
          }),
      );
      expect(output).toMatch(/# pass 3\b/);
      expect(output).toMatch(/# fail 0\b/);
    });
  }
});

describe.each(refusedCases)('New service, refused: $label', c => {
  it('refuses a new repository for an external image and publishes nothing', async () => {
    const result = await dryRun(c);
    expect(result.status).toBe(400);
    expect(result.files.size).toBe(0);
    expect(result.steps['pull-request']).toBeUndefined();
    expect(JSON.stringify(result.body)).toContain(
      'createRepository [needs-hub-image]',
    );
  });
});

/** What ties the manifests to each other, the infra and the form. */
function checkWiring(c: Case, target: SpokeConfig, manifests: Manifest[]) {
  const byKind = (kind: string) => manifests.filter(m => m.kind === kind);
  const names = serviceResourceNames(c.name);
  const deployment = byKind('Deployment')[0];
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  // Pod Identity: the association (infra) names this service account.
  expect(byKind('ServiceAccount')[0].metadata.name).toBe(names.serviceAccount);
  expect(pod.serviceAccountName).toBe(names.serviceAccount);

  // /config/config.json from the service's secret through the CSI driver; with
  // password auth also the rotated database secret, from which an init container
  // writes config.json into memory.
  const password = c.database === 'password';
  const spc = byKind('SecretProviderClass')[0];
  expect(parseYaml(spc.spec.parameters.objects)).toEqual([
    {
      objectName: names.configSecretName,
      objectType: 'secretsmanager',
      objectAlias: 'config.json',
    },
    ...(password
      ? [
          expect.objectContaining({
            objectName: names.databaseSecretName,
            jmesPath: expect.arrayContaining([
              { path: 'password', objectAlias: 'db-password' },
            ]),
          }),
        ]
      : []),
  ]);
  expect(spc.spec.parameters.usePodIdentity).toBe('true');
  const csi = {
    driver: 'secrets-store.csi.k8s.io',
    readOnly: true,
    volumeAttributes: { secretProviderClass: spc.metadata.name },
  };
  const configVolume = pod.volumes.find((v: any) => v.name === 'config');
  if (password) {
    expect(configVolume.emptyDir.medium).toBe('Memory');
    expect(pod.volumes.find((v: any) => v.name === 'secrets').csi).toEqual(csi);
    const [init] = pod.initContainers;
    expect(init.volumeMounts).toEqual([
      { name: 'secrets', mountPath: '/secrets', readOnly: true },
      { name: 'config', mountPath: '/config' },
    ]);
    expect(init.args[0]).toContain('connection_string');
    // The app itself never sees the raw secrets.
    expect(container.volumeMounts.map((m: any) => m.name)).not.toContain(
      'secrets',
    );
  } else {
    expect(configVolume.csi).toEqual(csi);
    expect(pod.initContainers).toBeUndefined();
  }
  expect(container.volumeMounts).toEqual(
    expect.arrayContaining([
      { name: 'config', mountPath: '/config', readOnly: true },
      { name: 'tmp', mountPath: '/tmp' },
    ]),
  );
  expect(pod.volumes.find((v: any) => v.name === 'tmp').emptyDir).toBeDefined();

  // Image, port and probes from the form.
  // Always from the hub ECR: the service's repository by digest, or the
  // pull-through cache's mirror of the external image.
  expect(container.image).toBe(
    c.image === 'own'
      ? `${ECR_REGISTRY}/${c.name}@${CI_DIGEST}`
      : `${ECR_REGISTRY}/mirror/${c.name}/zylwin/phl-store:latest`,
  );
  expect(container.ports).toEqual([
    { name: 'http', containerPort: 8080, protocol: 'TCP' },
  ]);
  expect(container.readinessProbe.httpGet).toEqual({
    path: '/healthz',
    port: 'http',
  });

  const hpa = byKind('HorizontalPodAutoscaler')[0];
  expect(hpa.spec).toMatchObject({ minReplicas: 2, maxReplicas: 5 });
  expect(deployment.spec.replicas).toBeUndefined();

  // Network policy: ALB sources only when public, MySQL egress only with a database.
  const policy = byKind('NetworkPolicy').find(
    p => Object.keys(p.spec.podSelector).length > 0,
  )!;
  const ingressBlocks = policy.spec.ingress
    .flatMap((r: any) => r.from)
    .filter((f: any) => f.ipBlock)
    .map((f: any) => f.ipBlock.cidr);
  const egressPorts = policy.spec.egress.flatMap((r: any) =>
    r.ports.map((p: any) => p.port),
  );
  if (c.exposure === 'public') {
    expect(ingressBlocks.length).toBeGreaterThan(0);
    const ingress = byKind('Ingress')[0];
    const host = environmentHost(c.name, PUBLIC_ZONE, target);
    // In the spoke's own subdomain, which its wildcard certificate covers.
    expect(host).toBe(`${c.name}.${target.name}.${PUBLIC_ZONE}`);
    expect(ingress.spec.ingressClassName).toBe('alb');
    expect(ingress.metadata.annotations).toMatchObject({
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
      'alb.ingress.kubernetes.io/target-type': 'ip',
      // Seed 000's five tags on the load balancer.
      'alb.ingress.kubernetes.io/tags': `Project=${registry.hub.project},Service=${c.name},Environment=${target.name},Owner=storefront-team,Tenant=storefront`,
    });
    expect(ingress.spec.rules[0].host).toBe(host);
    expect(ingress.spec.tls[0].hosts).toEqual([host]);
    // The controller finds the spoke's certificate by the host: no ARN to carry.
    expect(
      ingress.metadata.annotations['alb.ingress.kubernetes.io/certificate-arn'],
    ).toBeUndefined();
  } else {
    expect(ingressBlocks).toEqual([]);
  }
  expect(egressPorts.includes(3306)).toBe(c.database !== 'none');
  expect(egressPorts).toEqual(expect.arrayContaining([53, 80, 443]));
  // 443 only to the spoke's VPC and the hub: nothing names an outside host.
  const https = policy.spec.egress.find((r: any) =>
    r.ports.some((p: any) => p.port === 443),
  );
  expect(https.to.map((t: any) => t.ipBlock.cidr)).toEqual([
    target.network.cidr,
    registry.hub.network.cidr,
  ]);
}

describe('the infra app with every rendered service file', () => {
  it('synthesizes the per-service stacks with the cdk-nag validation plugin passing and the five tags', () => {
    const names = [...new Set(cases.map(c => c.name))].sort();
    expect([...renderedServiceFiles.keys()].sort()).toEqual(names);
    const byName = names.map(n => cases.find(c => c.name === n)!);
    process.env.CDK_VALIDATION ??= 'false';
    const services = parseServices(
      registry,
      [...renderedServiceFiles].map(([name, content]) => ({
        path: `services/${name}.yaml`,
        content,
      })),
    );
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'service-synth-'));
    tmpDirs.push(outdir);
    // nag on: synth throws on any unacknowledged AwsSolutions finding.
    // Only the service stacks: they take nothing from the platform stacks, which
    // infra/test/service.test.ts proves unchanged by services.
    const built = buildApp(
      { ...registry, services },
      { outdir, platformStacks: false },
    );
    const assembly = built.app.synth();
    // Each service's hub stack and one per target spoke.
    expect(assembly.stacks.map(st => st.stackName).sort()).toEqual(
      byName
        .flatMap(c =>
          ['hub', ...c.envs].map(a => `platform-service-${c.name}-${a}`),
        )
        .sort(),
    );
    for (const c of byName) {
      expect(Object.keys(built.services[c.name].spokes).sort()).toEqual(
        [...c.envs].sort(),
      );
    }
    // Seed 000's five tags on every taggable resource of every service stack.
    const TAGGABLE = [
      'AWS::ECR::Repository',
      'AWS::KMS::Key',
      'AWS::IAM::Role',
      'AWS::SecretsManager::Secret',
      'AWS::Lambda::Function',
      'AWS::EC2::SecurityGroup',
      'AWS::EKS::PodIdentityAssociation',
    ];
    const untagged = assembly.stacks
      .filter(st => st.stackName.startsWith('platform-service-'))
      .flatMap(st =>
        Object.entries(st.template.Resources as Record<string, any>)
          .filter(([, r]) => TAGGABLE.includes(r.Type))
          .filter(([, r]) => {
            const keys = (r.Properties.Tags ?? []).map((t: any) => t.Key);
            return ![
              'Project',
              'Service',
              'Environment',
              'Owner',
              'Tenant',
            ].every(k => keys.includes(k));
          })
          .map(([id]) => `${st.stackName}/${id}`),
      );
    expect(untagged).toEqual([]);
  });
});

describe('refusals: nothing is published', () => {
  const valid: Case = cases[0];

  async function refused(values: Record<string, unknown>) {
    const result = await runner.run({ ...formValues(valid), ...values });
    expect(result.status).toBe(400);
    expect(result.files.size).toBe(0);
    expect(result.steps['pull-request']).toBeUndefined();
    return JSON.stringify(result.body);
  }

  it('refuses upper-case names in the form, naming the field', async () => {
    expect(await refused({ name: 'PhlStore' })).toMatch(
      /instance\.name does not match pattern/,
    );
  });

  it('refuses names too long for the derived Kubernetes and ECR names', async () => {
    expect(await refused({ name: `s${'x'.repeat(30)}` })).toMatch(
      /instance\.name does not meet maximum length of 30/,
    );
  });

  it('refuses ports outside 1-65535, naming the field', async () => {
    expect(await refused({ port: 0 })).toMatch(
      /instance\.port must be greater than or equal to 1/,
    );
    expect(await refused({ port: 65536 })).toMatch(
      /instance\.port must be less than or equal to 65535/,
    );
  });

  it('refuses reserved names in the validate step', async () => {
    expect(await refused({ name: 'argocd' })).toMatch(
      /name \[reserved\] 'argocd' is reserved/,
    );
    expect(await refused({ name: 'kube-proxy' })).toMatch(/name \[reserved\]/);
    expect(await refused({ name: 'staging' })).toMatch(
      /name \[reserved\] 'staging' is the name of a platform environment/,
    );
  });

  it('refuses the name of a service the platform already has', async () => {
    fs.mkdirSync(path.join(runner.registryDir, 'services'), {
      recursive: true,
    });
    fs.writeFileSync(
      path.join(runner.registryDir, 'services', 'taken.yaml'),
      'name: taken\nowner: group:default/a\nenvironments: [dev]\n',
    );
    try {
      expect(await refused({ name: 'taken' })).toMatch(
        /name \[unique-name\] 'taken' is also the name in services\/taken\.yaml/,
      );
    } finally {
      fs.rmSync(path.join(runner.registryDir, 'services'), {
        recursive: true,
      });
    }
  });

  it('refuses a public host outside the platform zones', async () => {
    expect(
      await refused({ exposure: 'public', host: 'shop.example.com' }),
    ).toMatch(/host \[public-zone\]/);
  });
});
