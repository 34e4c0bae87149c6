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
} from './__testUtils__/dryRun';
import {
  helmBinary,
  helmLint,
  helmTemplate,
  Manifest,
  missingLabels,
  schemaProblems,
  securityProblems,
} from './__testUtils__/manifests';
import { environmentHost } from './serviceRequest';

/*
 * The New service template end to end, through the scaffolder's own dry run, for
 * public and internal, with and without a database, on one and on three spokes.
 * Each rendered chart is linted and rendered by the real Helm for every
 * environment, every manifest is checked against the Kubernetes schemas and the
 * security rules, and every rendered service file goes through the CDK app with
 * cdk-nag.
 */

jest.setTimeout(180_000);

const registry: Registry = loadRegistry(SAMPLE_REGISTRY_DIR);
const HUB_ACCOUNT = registry.hub.account;
const PUBLIC_ZONE = 'app.piksel.big.go.id';
const spoke = (name: string): SpokeConfig =>
  registry.spokes.find(s => s.name === name)!;

interface Case {
  label: string;
  name: string;
  exposure: 'public' | 'internal';
  database: boolean;
  envs: string[];
  image: string;
  createRepository: boolean;
}

const cases: Case[] = [];
for (const exposure of ['public', 'internal'] as const) {
  for (const database of [true, false]) {
    for (const envs of [['dev'], ['dev', 'staging', 'prod']]) {
      const name = `shop-${exposure}-${database ? 'db' : 'nodb'}-${
        envs.length
      }`;
      cases.push({
        label: `${exposure}, ${database ? 'with' : 'without'} a database, ${
          envs.length
        } environment${envs.length > 1 ? 's' : ''}`,
        name,
        exposure,
        database,
        envs,
        // Seed 002's public image once; everything else is built by CI.
        image: name === 'shop-internal-nodb-1' ? 'zylwin/phl-store:latest' : '',
        // One case gets its own code repository.
        createRepository: name === 'shop-public-nodb-3',
      });
    }
  }
}

function formValues(c: Case): Record<string, unknown> {
  return {
    name: c.name,
    description: `Matrix case: ${c.label}`,
    owner: 'group:default/storefront-team',
    system: 'system:default/storefront',
    image: c.image,
    port: 8080,
    healthCheckPath: '/healthz',
    minReplicas: 2,
    maxReplicas: 5,
    configKeys:
      c.database && c.envs.length > 1
        ? ['api_key']
        : ['connection_string', 'port'],
    environments: c.envs.map(e => `system:default/${e}`),
    exposure: c.exposure,
    ...(c.exposure === 'public' ? { host: `${c.name}.${PUBLIC_ZONE}` } : {}),
    database: c.database,
    // Password authentication (rotated secret, rendered connection string) on
    // three environments, IAM on one.
    ...(c.database
      ? { databaseAuth: c.envs.length > 1 ? 'password' : 'iam' }
      : {}),
    createRepository: c.createRepository,
  };
}

/** Writes the workspace's files under `prefix/` to a fresh folder. */
function writeWorkspace(result: DryRunResult, prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  for (const [file, content] of result.files) {
    if (!file.startsWith(`${prefix}/`)) continue;
    const target = path.join(dir, file.slice(prefix.length + 1));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
  return dir;
}

let runner: DryRunner;
const renderedServiceFiles: { path: string; content: string }[] = [];
const tmpDirs: string[] = [];

beforeAll(async () => {
  helmBinary(); // fails the whole file loudly when Helm is missing
  runner = await startDryRunner();
});

afterAll(async () => {
  await runner?.stop();
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe.each(cases)('New service: $label', c => {
  let result: DryRunResult;
  let platformDir: string;
  const chartDir = () => path.join(platformDir, 'charts', c.name);
  const fromHub = c.image === '';

  beforeAll(async () => {
    result = await runner.run(formValues(c));
    if (result.status !== 200) {
      throw new Error(
        `dry run refused: ${JSON.stringify(result.body).slice(0, 2000)}`,
      );
    }
    platformDir = writeWorkspace(result, 'platform');
    tmpDirs.push(platformDir);
    const serviceFile = `infra/config/services/${c.name}.yaml`;
    renderedServiceFiles.push({
      path: `services/${c.name}.yaml`,
      content: fs.readFileSync(path.join(platformDir, serviceFile), 'utf8'),
    });
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

  it.each(c.envs)(
    'passes helm lint --strict and renders valid, secure manifests for %s',
    env => {
      const target = spoke(env);
      const kubeVersion = target.eks.version;
      const envValues = path.join(chartDir(), `values-${env}.yaml`);
      helmLint(chartDir(), envValues, kubeVersion);
      const manifests = helmTemplate({
        chartDir: chartDir(),
        release: c.name,
        namespace: serviceResourceNames(c.name).namespace,
        valueFiles: [path.join(chartDir(), 'values.yaml'), envValues],
        kubeVersion,
      });

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

  if (!fromHub) {
    it('writes no CI workflow for an image built elsewhere', () => {
      expect(
        [...result.files.keys()].filter(f => f.includes('.github/')),
      ).toEqual([]);
      expect(result.steps.code).toBe('skipped');
    });
  }

  if (fromHub) {
    it('writes a CI workflow that pushes through the OIDC push role and bumps the non-prod tags', () => {
      const where = c.createRepository ? 'service' : 'platform';
      const text = result.files.get(
        `${where}/.github/workflows/${c.name}.yaml`,
      );
      expect(text).toBeDefined();
      const workflow = parseYaml(text!);
      expect(workflow.permissions['id-token']).toBe('write');
      expect(workflow.env).toMatchObject({
        PUSH_ROLE_ARN: `arn:aws:iam::${HUB_ACCOUNT}:role/${
          serviceResourceNames(c.name).pushRoleName
        }`,
        ECR_REPOSITORY: c.name,
        CHART_PATH: `charts/${c.name}`,
        DEFAULT_ENVIRONMENTS: c.envs
          .filter(e => spoke(e).environmentClass !== 'prod')
          .join(' '),
      });
      const steps = workflow.jobs.build.steps;
      expect(
        steps.find((s: any) =>
          String(s.uses).startsWith('aws-actions/configure-aws-credentials'),
        ).with['role-to-assume'],
      ).toBe('${{ env.PUSH_ROLE_ARN }}');
      expect(
        steps.find((s: any) =>
          String(s.uses).startsWith('docker/build-push-action'),
        ).with,
      ).toMatchObject({
        push: true,
        tags: '${{ env.ECR_REGISTRY }}/${{ env.ECR_REPOSITORY }}:${{ steps.tag.outputs.tag }}',
      });
      const bump = workflow.jobs.bump.steps
        .map((s: any) => s.run ?? '')
        .join('\n');
      expect(bump).toContain('.image.tag = strenv(TAG)');
      expect(bump).toContain('gh pr create');
      // The code lives in a new repository (published) or in services/<name>/.
      expect(workflow.on.push.paths ?? []).toEqual(
        c.createRepository
          ? []
          : [`services/${c.name}/**`, `.github/workflows/${c.name}.yaml`],
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
  }
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
  const password = c.database && c.envs.length > 1;
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
  // Always from the hub ECR: an external image through its pull-through mirror.
  const ecr = `${HUB_ACCOUNT}.dkr.ecr.${registry.hub.region}.amazonaws.com`;
  expect(container.image).toBe(
    c.image
      ? `${ecr}/mirror/${c.name}/zylwin/phl-store:latest`
      : `${ecr}/${c.name}:0.1.0`,
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
    expect(ingress.spec.ingressClassName).toBe('alb');
    expect(ingress.metadata.annotations).toMatchObject({
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
      'alb.ingress.kubernetes.io/target-type': 'ip',
      // Seed 000's five tags on the load balancer.
      'alb.ingress.kubernetes.io/tags': `Project=piksel-ina,Service=${c.name},Environment=${target.name},Owner=storefront-team,Tenant=storefront`,
    });
    expect(ingress.spec.rules[0].host).toBe(host);
    expect(ingress.spec.tls[0].hosts).toEqual([host]);
  } else {
    expect(ingressBlocks).toEqual([]);
  }
  expect(egressPorts.includes(3306)).toBe(c.database);
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
    expect(renderedServiceFiles).toHaveLength(cases.length);
    process.env.CDK_VALIDATION ??= 'false';
    const services = parseServices(registry, renderedServiceFiles);
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
      cases
        .flatMap(c =>
          ['hub', ...c.envs].map(a => `platform-service-${c.name}-${a}`),
        )
        .sort(),
    );
    for (const c of cases) {
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
