import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import {
  DryRunner,
  DryRunResult,
  startDryRunner,
} from './__testUtils__/dryRun';
import {
  helmBinary,
  helmLint,
  helmTemplate,
  Manifest,
  securityProblems,
} from './__testUtils__/manifests';
import { PHL_STORE_ANSWERS } from './__testUtils__/phlStore';

/*
 * The sample service committed to the repository (seed 002's phl-store) is exactly
 * what the New service template renders for PHL_STORE_ANSWERS today. Regenerate
 * it after a template change with:
 *
 *   UPDATE_SAMPLE=1 CI=true yarn backstage-cli package test src/actions/service/sample
 */

jest.setTimeout(180_000);

const REPO_ROOT = path.resolve(__dirname, '../../../../..');
/** This repository, the platform repository of the local default (app-config.yaml). */
const THIS_REPOSITORY = {
  url: 'https://github.com/piksel-ina/piksel-portal',
  repoUrl: 'github.com?owner=piksel-ina&repo=piksel-portal',
  registryPath: 'infra/config',
};
const KUBE_VERSION = '1.33.0';
const tmpDirs: string[] = [];

let fresh: DryRunner;
let committed: DryRunner;
let result: DryRunResult;

beforeAll(async () => {
  helmBinary();
  fresh = await startDryRunner({
    without: ['phl-store'],
    repository: THIS_REPOSITORY,
  });
  result = await fresh.run(PHL_STORE_ANSWERS);
  if (result.status !== 200) {
    throw new Error(JSON.stringify(result.body).slice(0, 2000));
  }
  if (process.env.UPDATE_SAMPLE) {
    for (const [file, content] of result.files) {
      if (!file.startsWith('platform/')) continue;
      const target = path.join(REPO_ROOT, file.slice('platform/'.length));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
    }
  }
  committed = await startDryRunner();
});

afterAll(async () => {
  await fresh?.stop();
  await committed?.stop();
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the committed phl-store sample', () => {
  it('is exactly what the template renders for its answers', () => {
    const rendered = [...result.files.keys()]
      .filter(f => f.startsWith('platform/'))
      .sort();
    expect(rendered).toEqual(
      expect.arrayContaining([
        'platform/infra/config/services/phl-store.yaml',
        'platform/charts/phl-store/Chart.yaml',
        'platform/argocd/phl-store-prod.yaml',
        'platform/argocd/projects/team-storefront-team.yaml',
        'platform/services/phl-store/catalog-info.yaml',
      ]),
    );
    for (const file of rendered) {
      const onDisk = path.join(REPO_ROOT, file.slice('platform/'.length));
      expect([file, fs.existsSync(onDisk)]).toEqual([file, true]);
      expect([file, fs.readFileSync(onDisk, 'utf8')]).toEqual([
        file,
        result.files.get(file),
      ]);
    }
  });

  it('runs on every spoke and shows their health on its catalog entry', () => {
    const entity = parseYaml(
      fs.readFileSync(
        path.join(REPO_ROOT, 'services/phl-store/catalog-info.yaml'),
        'utf8',
      ),
    );
    expect(entity.metadata.annotations['platform.io/spokes']).toBe(
      'dev,staging,prod',
    );
  });

  it('is a name the validate step refuses for a second service', async () => {
    const again = await committed.run(PHL_STORE_ANSWERS);
    expect(again.status).toBe(400);
    expect(again.body.error.message).toContain('name [unique-name]');
    expect(again.files.size).toBe(0);
  });
});

describe('phl-store /config/config.json (helm template)', () => {
  const chartDir = path.join(REPO_ROOT, 'charts/phl-store');
  const render = (env: string): Manifest[] =>
    helmTemplate({
      chartDir,
      release: 'phl-store',
      namespace: 'phl-store',
      valueFiles: [
        path.join(chartDir, 'values.yaml'),
        path.join(chartDir, `values-${env}.yaml`),
      ],
      kubeVersion: KUBE_VERSION,
    });

  it.each(['dev', 'staging', 'prod'])(
    'lints and renders secure manifests without any secret value for %s',
    env => {
      helmLint(
        chartDir,
        path.join(chartDir, `values-${env}.yaml`),
        KUBE_VERSION,
      );
      const manifests = render(env);
      expect(securityProblems(manifests)).toEqual([]);
      // The chart never holds a secret: no Secret object, no credential in an
      // environment variable, only references to Secrets Manager by name.
      expect(manifests.map(m => m.kind)).not.toContain('Secret');
      const text = JSON.stringify(manifests);
      expect(text).not.toMatch(/"name":"[A-Z_]*(PASSWORD|SECRET)[A-Z_]*"/);
      expect(text).toContain('services/phl-store/database');
      const ingress = manifests.find(m => m.kind === 'Ingress')!;
      expect(
        ingress.metadata.annotations['alb.ingress.kubernetes.io/tags'],
      ).toBe(
        `Project=piksel,Service=phl-store,Environment=${env},Owner=storefront-team,Tenant=storefront`,
      );
    },
  );

  it('writes the connection string from the mounted secret into config.json, keeping the team keys', () => {
    const deployment = render('prod').find(m => m.kind === 'Deployment')!;
    const pod = deployment.spec.template.spec;
    const [init] = pod.initContainers;
    expect(init.command).toEqual(['/bin/sh', '-ec']);
    // Run the rendered script against files laid out as the CSI driver mounts them.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'phl-store-config-'));
    tmpDirs.push(root);
    const secrets = path.join(root, 'secrets');
    const config = path.join(root, 'config');
    fs.mkdirSync(secrets);
    fs.mkdirSync(config);
    const mounted: Record<string, string> = {
      'db-username': 'phl_store',
      'db-password': 'Zq7Xk2pL9mN4vR8tY3wB6cD1fG5hJ0sA',
      'db-host': 'prod-aurora.cluster-abc.ap-southeast-3.rds.amazonaws.com',
      'db-port': '3306',
      'db-name': 'phl_store',
      'config.json':
        '{\n  "database": { "auth": "password" },\n  "log_level": "info"\n}\n',
    };
    for (const [file, content] of Object.entries(mounted)) {
      fs.writeFileSync(path.join(secrets, file), content);
    }
    const script = (init.args[0] as string)
      .split('/secrets')
      .join(secrets)
      .split('/config/config.json')
      .join(path.join(config, 'config.json'));
    execFileSync('/bin/sh', ['-ec', script]);
    const written = JSON.parse(
      fs.readFileSync(path.join(config, 'config.json'), 'utf8'),
    );
    expect(written).toEqual({
      connection_string:
        'phl_store:Zq7Xk2pL9mN4vR8tY3wB6cD1fG5hJ0sA@tcp(prod-aurora.cluster-abc.ap-southeast-3.rds.amazonaws.com:3306)/phl_store?tls=skip-verify&parseTime=true',
      port: 8080,
      database: { auth: 'password' },
      log_level: 'info',
    });
    // Readable by the app's user only; the app mounts it read-only from memory.
    expect(fs.statSync(path.join(config, 'config.json')).mode & 0o077).toBe(0);
    const app = pod.containers[0];
    expect(app.volumeMounts).toContainEqual({
      name: 'config',
      mountPath: '/config',
      readOnly: true,
    });
    expect(pod.volumes.find((v: any) => v.name === 'config').emptyDir).toEqual({
      medium: 'Memory',
      sizeLimit: '1Mi',
    });
  });

  it('also writes config.json when the team has not set any key yet', () => {
    const deployment = render('dev').find(m => m.kind === 'Deployment')!;
    const script: string =
      deployment.spec.template.spec.initContainers[0].args[0];
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'phl-store-config-'));
    tmpDirs.push(root);
    for (const [file, content] of Object.entries({
      'db-username': 'u',
      'db-password': 'p',
      'db-host': 'h',
      'db-port': '3306',
      'db-name': 'd',
      'config.json': '{}',
    })) {
      fs.writeFileSync(path.join(root, file), content);
    }
    execFileSync('/bin/sh', [
      '-ec',
      script
        .split('/secrets')
        .join(root)
        .split('/config/config.json')
        .join(path.join(root, 'out.json')),
    ]);
    expect(
      JSON.parse(fs.readFileSync(path.join(root, 'out.json'), 'utf8')),
    ).toEqual({
      connection_string: 'u:p@tcp(h:3306)/d?tls=skip-verify&parseTime=true',
      port: 8080,
    });
  });
});
