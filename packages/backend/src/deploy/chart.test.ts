/*
 * The portal's Helm chart (deploy/helm/platform-portal), with real Helm: `helm lint
 * --strict` and `helm template` for every variant its values allow, each rendered
 * object validated against the Kubernetes schemas, and the same security checks the
 * New service template's charts pass. Also checks the chart against what it deploys:
 * the image's config files, Backstage's health endpoints, and every variable the
 * production config reads.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import path from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import {
  helmBinary,
  helmLint,
  helmTemplate,
  Manifest,
  missingLabels,
  schemaProblems,
  securityProblems,
} from '@internal/plugin-scaffolder-backend-module-platform/testUtils';
import { copies, parseDockerfile, stages } from './dockerfile';
import { requiredVariables } from '../lib/requiredEnvironment';

const repoRoot = path.resolve(__dirname, '../../../..');
const chartDir = path.join(repoRoot, 'deploy/helm/platform-portal');
const ciValues = parseYaml(
  fs.readFileSync(path.join(chartDir, 'ci-values.yaml'), 'utf8'),
);
const kubeVersion = '1.33.0';
const release = 'portal';
const namespace = 'platform-portal';

let tmp: string;

beforeAll(() => {
  helmBinary(); // fails the file loudly when Helm is missing
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-chart-'));
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function merge(base: any, override: any): any {
  if (
    typeof base !== 'object' ||
    typeof override !== 'object' ||
    Array.isArray(override) ||
    base === null ||
    override === null
  ) {
    return override;
  }
  const out = { ...base };
  for (const [k, v] of Object.entries(override)) out[k] = merge(base[k], v);
  return out;
}

let counter = 0;
function valuesFile(override: object): string {
  const file = path.join(tmp, `values-${counter++}.yaml`);
  fs.writeFileSync(file, stringify(merge(ciValues, override)));
  return file;
}

const variants: [string, object][] = [
  ['the default values', {}],
  [
    'Redis on',
    {
      redis: {
        enabled: true,
        host: 'master.portal.abc123.apse3.cache.amazonaws.com',
        port: 6379,
      },
      secrets: {
        redisSecretArn:
          'arn:aws:secretsmanager:ap-southeast-3:111122223333:secret:platform-portal/redis-AbCdEf',
      },
    },
  ],
  [
    'no ingress, three replicas',
    { ingress: { enabled: false }, replicaCount: 3 },
  ],
  [
    'extra config and environment',
    {
      appConfig: { app: { title: 'Portal' } },
      extraEnv: { LOG_LEVEL: 'info' },
    },
  ],
  [
    "spoke health's memory-first settings (the chart README's example)",
    {
      appConfig: { platform: { health: { refresh: { threads: 0 } } } },
      extraEnv: {
        NODE_OPTIONS: '--no-node-snapshot --max-old-space-size=320',
      },
    },
  ],
];

function render(override: object): Manifest[] {
  return helmTemplate({
    chartDir,
    release,
    namespace,
    valueFiles: [valuesFile(override)],
    kubeVersion,
  });
}

function one(manifests: Manifest[], kind: string): any {
  const found = manifests.filter(m => m.kind === kind);
  expect(found.map(m => m.kind)).toEqual([kind]);
  return found[0];
}

describe.each(variants)('portal chart with %s', (_name, override) => {
  let manifests: Manifest[];

  beforeAll(() => {
    helmLint(chartDir, valuesFile(override), kubeVersion);
    manifests = render(override);
  });

  it('renders objects that validate against the Kubernetes schemas', () => {
    expect(manifests.length).toBeGreaterThan(5);
    expect(manifests.flatMap(schemaProblems)).toEqual([]);
  });

  it('passes the security checks every chart in the estate passes', () => {
    expect(securityProblems(manifests)).toEqual([]);
    expect(
      manifests.flatMap(m =>
        missingLabels(m).map(l => `${m.kind} ${m.metadata.name}: ${l}`),
      ),
    ).toEqual([]);
  });

  it('runs at least two replicas spread over zones, with a disruption budget', () => {
    const deployment = one(manifests, 'Deployment');
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
    const pdb = one(manifests, 'PodDisruptionBudget');
    expect(pdb.spec.minAvailable).toBe(1);
    expect(pdb.spec.selector.matchLabels).toEqual(
      deployment.spec.selector.matchLabels,
    );
    const podLabels = deployment.spec.template.metadata.labels;
    for (const [k, v] of Object.entries(pdb.spec.selector.matchLabels)) {
      expect(podLabels[k]).toBe(v);
    }
    expect(
      deployment.spec.template.spec.topologySpreadConstraints.map(
        (c: any) => c.topologyKey,
      ),
    ).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
  });

  it("probes Backstage's health endpoints", () => {
    const [container] = one(manifests, 'Deployment').spec.template.spec
      .containers;
    expect(container.readinessProbe.httpGet).toEqual({
      path: '/.backstage/health/v1/readiness',
      port: 'http',
    });
    expect(container.livenessProbe.httpGet).toEqual({
      path: '/.backstage/health/v1/liveness',
      port: 'http',
    });
    expect(container.startupProbe.httpGet.path).toBe(
      '/.backstage/health/v1/liveness',
    );
    expect(container.ports).toEqual([
      { name: 'http', containerPort: 7007, protocol: 'TCP' },
    ]);
  });

  it('keeps the root filesystem read-only with an emptyDir for /tmp', () => {
    const pod = one(manifests, 'Deployment').spec.template.spec;
    const [container] = pod.containers;
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    const tmpMount = container.volumeMounts.find(
      (m: any) => m.mountPath === '/tmp',
    );
    const volume = pod.volumes.find((v: any) => v.name === tmpMount?.name);
    expect(volume?.emptyDir).toBeDefined();
    // Every other mount is read-only.
    for (const mount of container.volumeMounts.filter(
      (m: any) => m !== tmpMount,
    )) {
      expect([mount.mountPath, mount.readOnly]).toEqual([
        mount.mountPath,
        true,
      ]);
    }
    expect(pod.securityContext.runAsUser).toBe(1000);
  });

  it('runs as the service account that Pod Identity binds to the portal role', () => {
    const account = one(manifests, 'ServiceAccount');
    const pod = one(manifests, 'Deployment').spec.template.spec;
    expect(pod.serviceAccountName).toBe(account.metadata.name);
    expect(account.metadata.name).toBe('platform-portal');
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  it('reads secrets from Secrets Manager with the CSI driver and Pod Identity', () => {
    const spc = one(manifests, 'SecretProviderClass');
    expect(spc.spec.provider).toBe('aws');
    expect(spc.spec.parameters.usePodIdentity).toBe('true');
    expect(spc.spec.parameters.region).toBe('ap-southeast-3');
    const objects = parseYaml(spc.spec.parameters.objects);
    expect(objects[0].objectName).toBe(ciValues.secrets.appSecretArn);
    const aliases = objects.flatMap((o: any) =>
      o.jmesPath.map((j: any) => j.objectAlias),
    );
    const [synced] = spc.spec.secretObjects;
    expect(synced.data.map((d: any) => d.objectName).sort()).toEqual(
      [...aliases].sort(),
    );

    const pod = one(manifests, 'Deployment').spec.template.spec;
    const csi = pod.volumes.find((v: any) => v.csi);
    expect(csi.csi).toMatchObject({
      driver: 'secrets-store.csi.k8s.io',
      readOnly: true,
      volumeAttributes: { secretProviderClass: spc.metadata.name },
    });
    expect(pod.containers[0].volumeMounts.map((m: any) => m.name)).toContain(
      csi.name,
    );
    // Every secret the container reads is one the driver syncs, and nothing else.
    const refs = pod.containers[0].env
      .filter((e: any) => e.valueFrom?.secretKeyRef)
      .map((e: any) => e.valueFrom.secretKeyRef);
    expect(refs.length).toBe(synced.data.length);
    for (const ref of refs) {
      expect(ref.name).toBe(synced.secretName);
      expect(synced.data.map((d: any) => d.key)).toContain(ref.key);
    }
    // No secret value is rendered into any object.
    expect(manifests.filter(m => m.kind === 'Secret')).toEqual([]);
  });

  it('provides every variable the production config reads, from a ConfigMap or a secret', () => {
    const deployment = one(manifests, 'Deployment');
    const [container] = deployment.spec.template.spec.containers;
    const configFiles = container.args.filter(
      (_: string, i: number) => container.args[i - 1] === '--config',
    );
    const envConfigMap = manifests.find(
      m =>
        m.kind === 'ConfigMap' &&
        m.metadata.name === container.envFrom[0].configMapRef.name,
    ) as any;
    const provided = new Set([
      ...Object.keys(envConfigMap.data),
      ...container.env.map((e: any) => e.name),
    ]);
    const layer = manifests.find(
      m => m.kind === 'ConfigMap' && m.metadata.name.endsWith('-config'),
    ) as any;
    const deploymentLayer = parseYaml(layer.data['app-config.deployment.yaml']);
    // IAM authentication replaces the password the production file leaves to the environment.
    expect(deploymentLayer.backend.database.connection.type).toBe('rds');

    // What a production start requires (the same reading the start itself does).
    const read = new Set<string>();
    for (const file of configFiles.filter((f: string) => !f.startsWith('/'))) {
      const text = fs.readFileSync(path.join(repoRoot, file), 'utf8');
      for (const ref of requiredVariables(text, file)) read.add(ref.name);
    }
    expect(read).toContain('GITHUB_ORG');
    const missing = [...read].filter(v => !provided.has(v));
    expect(missing).toEqual([]);
    expect(provided.has('POSTGRES_PASSWORD')).toBe(false);

    // The config layer is mounted where the command line reads it.
    const mount = container.volumeMounts.find((m: any) => m.name === 'config');
    expect(configFiles).toContain(
      `${mount.mountPath}/app-config.deployment.yaml`,
    );
  });

  it('starts with config files the image carries, and its CA bundle', () => {
    const dockerfile = fs.readFileSync(
      path.join(repoRoot, 'packages/backend/Dockerfile'),
      'utf8',
    );
    const all = stages(parseDockerfile(dockerfile));
    const imageFiles = copies(all[all.length - 1]).flatMap(c =>
      c.destination.endsWith('/')
        ? c.sources.map(s => path.basename(s))
        : [c.destination.replace(/^\.\//, '')],
    );
    const [container] = one(manifests, 'Deployment').spec.template.spec
      .containers;
    const configFiles: string[] = container.args.filter(
      (_: string, i: number) => container.args[i - 1] === '--config',
    );
    for (const file of configFiles.filter(f => !f.startsWith('/'))) {
      expect(imageFiles).toContain(file);
    }
    const env = manifests.find(
      m => m.kind === 'ConfigMap' && m.metadata.name.endsWith('-env'),
    ) as any;
    expect(env.data.NODE_EXTRA_CA_CERTS).toBe('/app/rds-global-bundle.pem');
    expect(imageFiles).toContain('rds-global-bundle.pem');
  });

  it('allows traffic only from the ALB subnets and only to DNS, Pod Identity, the data subnets and HTTPS', () => {
    const policies = manifests.filter(m => m.kind === 'NetworkPolicy');
    const allow = policies.find(
      p => Object.keys(p.spec.podSelector).length > 0,
    )!;
    expect(allow.spec.ingress).toEqual([
      {
        from: ciValues.networkPolicy.ingressCidrs.map((cidr: string) => ({
          ipBlock: { cidr },
        })),
        ports: [{ port: 7007, protocol: 'TCP' }],
      },
    ]);
    const ports = allow.spec.egress.flatMap((e: any) =>
      e.ports.map((p: any) => p.port),
    );
    const redis = (override as any).redis?.enabled ? [6379] : [];
    expect(ports.sort()).toEqual([53, 53, 80, 5432, 443, ...redis].sort());
    const podIdentity = allow.spec.egress.find((e: any) =>
      e.to?.some((t: any) => t.ipBlock?.cidr === '169.254.170.23/32'),
    );
    expect(podIdentity.ports).toEqual([{ port: 80, protocol: 'TCP' }]);
  });
});

describe('portal chart values', () => {
  it('uses Redis over TLS with the AUTH token when Redis is on', () => {
    const manifests = render(variants[1][1]);
    const [container] = one(manifests, 'Deployment').spec.template.spec
      .containers;
    expect(container.args).toContain('app-config.redis.yaml');
    const url = container.env.find((e: any) => e.name === 'REDIS_URL');
    expect(url.value).toBe(
      'rediss://:$(REDIS_AUTH_TOKEN)@master.portal.abc123.apse3.cache.amazonaws.com:6379',
    );
    const names = container.env.map((e: any) => e.name);
    expect(names.indexOf('REDIS_AUTH_TOKEN')).toBeLessThan(
      names.indexOf('REDIS_URL'),
    );
  });

  it("collects spoke health in the backend's thread with a capped heap, keeping the image's node option", () => {
    const manifests = render(variants[4][1]);
    const env = manifests.find(
      m => m.kind === 'ConfigMap' && m.metadata.name.endsWith('-env'),
    ) as any;
    expect(env.data.NODE_OPTIONS.split(' ')).toEqual([
      '--no-node-snapshot',
      '--max-old-space-size=320',
    ]);
    // The example replaces the image's NODE_OPTIONS, so it must repeat all of them.
    const dockerfile = fs.readFileSync(
      path.join(repoRoot, 'packages/backend/Dockerfile'),
      'utf8',
    );
    expect(dockerfile).toContain('ENV NODE_OPTIONS="--no-node-snapshot"\n');
    const layer = manifests.find(
      m => m.kind === 'ConfigMap' && m.metadata.name.endsWith('-config'),
    ) as any;
    const deploymentLayer = parseYaml(layer.data['app-config.deployment.yaml']);
    expect(deploymentLayer.platform.health.refresh.threads).toBe(0);
    expect(deploymentLayer.backend.database.connection.type).toBe('rds');
  });

  it('routes the ALB to the service with TLS and an external-dns host', () => {
    const manifests = render({});
    const ingress = one(manifests, 'Ingress');
    expect(ingress.spec.ingressClassName).toBe('alb');
    expect(ingress.metadata.annotations).toMatchObject({
      'alb.ingress.kubernetes.io/certificate-arn':
        ciValues.ingress.certificateArn,
      'alb.ingress.kubernetes.io/healthcheck-path':
        '/.backstage/health/v1/readiness',
      'external-dns.alpha.kubernetes.io/hostname': 'portal.piksel.big.go.id',
    });
    const service = one(manifests, 'Service');
    expect(ingress.spec.rules[0].http.paths[0].backend.service.name).toBe(
      service.metadata.name,
    );
  });

  it.each([
    [{ replicaCount: 1 }, 'replicaCount'],
    [{ secrets: { appSecretArn: '' } }, 'appSecretArn'],
    [{ baseUrl: 'http://portal.example.com' }, 'baseUrl'],
    [{ image: { tag: '' } }, 'tag'],
    [{ networkPolicy: { ingressCidrs: [] } }, 'ingressCidrs'],
    [{ redis: { enabled: true, host: 'r' } }, 'redisSecretArn'],
    [{ ingress: { certificateArn: 'not-an-arn' } }, 'certificateArn'],
  ])('refuses %j, naming %s', (override, field) => {
    expect(() => helmLint(chartDir, valuesFile(override), kubeVersion)).toThrow(
      new RegExp(field),
    );
  });
});
