/*
 * The New service template in a dry run, as the template editor runs it on the
 * local default: the real scaffolder with the GitHub module and no GitHub
 * credentials at all, the template read through the real catalog, every step run
 * against a copy of the repository's registry (which holds the phl-store sample).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import platformModule from '@internal/plugin-scaffolder-backend-module-platform';

jest.setTimeout(180_000);

const repoRoot = path.resolve(__dirname, '../../../..');
const templateDir = path.join(repoRoot, 'templates/new-service');

/** The template folder's files, as the template editor sends them with a dry run. */
function templateFiles(dir = templateDir, prefix = ''): any[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    const full = path.join(dir, entry.name);
    return entry.isDirectory()
      ? templateFiles(full, rel)
      : [
          {
            path: rel,
            base64Content: fs.readFileSync(full).toString('base64'),
          },
        ];
  });
}
const user = 'user:default/mock';

const answers = {
  name: 'orders',
  description: 'Orders API',
  owner: 'group:default/storefront-team',
  imageSource: 'own',
  port: 8080,
  healthCheckPath: '/healthz',
  minReplicas: 2,
  maxReplicas: 4,
  environments: ['system:default/dev', 'system:default/prod'],
  exposure: 'internal',
  database: true,
  databaseAuth: 'password',
  egressServices: [{ name: 'phl-store', port: 80 }],
  createRepository: false,
};

describe('templates/new-service in a dry run without GitHub', () => {
  let copy: string;
  let baseUrl: string;
  let template: unknown;

  beforeAll(async () => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'new-service-repo-'));
    fs.cpSync(
      path.join(repoRoot, 'infra/config'),
      path.join(copy, 'infra/config'),
      { recursive: true },
    );
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        scaffolderEntityModel,
        scaffolderPlugin,
        githubModule,
        platformModule,
        mockServices.rootConfig.factory({
          data: {
            // No token and no app: the dry run must not need GitHub.
            integrations: { github: [{ host: 'github.com' }] },
            catalog: {
              rules: [{ allow: ['Template'] }],
              locations: [
                {
                  type: 'file',
                  target: path.join(
                    repoRoot,
                    'templates/new-service/template.yaml',
                  ),
                },
              ],
            },
            platform: {
              registryDir: path.join(copy, 'infra/config'),
              repository: {
                url: 'https://github.com/piksel-ina/piksel-portal',
                registryPath: 'infra/config',
              },
              permissions: { platformTeam: [] },
            },
          },
        }),
      ],
    });
    baseUrl = `http://localhost:${server.port()}/api`;
    const deadline = Date.now() + 60_000;
    while (!template && Date.now() < deadline) {
      const response = await fetch(
        `${baseUrl}/catalog/entities/by-name/template/default/new-service`,
        { headers: { authorization: mockCredentials.user.header(user) } },
      );
      if (response.ok) template = await response.json();
      else await new Promise(r => setTimeout(r, 500));
    }
    if (!template) {
      throw new Error('The catalog did not load templates/new-service in 60 s');
    }
  });

  afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

  function dryRun(values: Record<string, unknown>) {
    return fetch(`${baseUrl}/scaffolder/v2/dry-run`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: mockCredentials.user.header(user),
      },
      body: JSON.stringify({
        template,
        values,
        secrets: {},
        directoryContents: templateFiles(),
      }),
    });
  }

  it('validates, renders and diffs the service stacks, and skips the GitHub steps', async () => {
    const response = await dryRun(answers);
    const body = await response.json();
    expect([response.status, body.error?.message]).toEqual([200, undefined]);

    const status = Object.fromEntries(
      body.log
        .filter((l: any) => l.body.stepId && l.body.status)
        .map((l: any) => [l.body.stepId, l.body.status]),
    );
    expect(status).toMatchObject({
      validate: 'completed',
      platform: 'completed',
      environments: 'completed',
      diff: 'completed',
      'pull-request': 'skipped',
    });
    const logText = body.log.map((l: any) => l.body.message).join('\n');
    expect(logText).not.toContain('No token available');

    const files = body.directoryContents.map((f: any) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'platform/infra/config/services/orders.yaml',
        'platform/argocd/orders-dev.yaml',
        'platform/argocd/orders-prod.yaml',
        'platform/argocd/projects/team-storefront-team.yaml',
      ]),
    );
    // The team's project now covers both its services.
    const project = Buffer.from(
      body.directoryContents.find(
        (f: any) =>
          f.path === 'platform/argocd/projects/team-storefront-team.yaml',
      ).base64Content,
      'base64',
    ).toString('utf8');
    expect(project).toContain('namespace: phl-store');
    expect(project).toContain('namespace: orders');

    const text = Object.fromEntries(
      body.output.text.map((t: any) => [t.title, t.content]),
    );
    expect(text['CloudFormation diff']).toMatch(
      /\| `platform-service-orders-hub` \| 111122223333 \| new \|/,
    );
    expect(text['CloudFormation diff']).toMatch(
      /\| `platform-service-orders-prod` \| \d{12} \| new \|/,
    );
    expect(text['CloudFormation diff']).toContain(
      'AWS::SecretsManager::RotationSchedule',
    );
    expect(text['What happens next']).toContain('### After merging');
  });

  it('refuses the name of the sample service, naming the field and the rule', async () => {
    const response = await dryRun({ ...answers, name: 'phl-store' });
    const body = await response.json();
    expect(response.status).toBe(400);
    expect(body.error.message).toContain('name [unique-name]');
  });
});
