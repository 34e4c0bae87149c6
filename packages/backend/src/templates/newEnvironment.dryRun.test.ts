/*
 * The New environment template end to end in a dry run, as the template editor
 * runs it: the real scaffolder (with the GitHub module, no GitHub credentials at
 * all) loads the template through the real catalog and runs every step against a
 * copy of the repository's registry. The files the dry run produced are then
 * written into that copy, which must load as a registry and synthesize (cdk-nag on).
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
import { loadRegistry } from '@internal/plugin-platform-common/node';
import { defaultKubernetesVersion } from '@internal/plugin-platform-common';
import platformModule, {
  synthesizePlatform,
} from '@internal/plugin-scaffolder-backend-module-platform';

jest.setTimeout(180_000);

const repoRoot = path.resolve(__dirname, '../../../..');
const user = 'user:default/mock';

const answers = {
  name: 'qa',
  description: 'QA spoke for release candidates',
  environmentClass: 'non-prod',
  deletionProtection: false,
  owner: 'group:default/platform-team',
  account: '555566667777',
  region: 'ap-southeast-3',
  azCount: 2,
  cidr: '10.4.0.0/16',
  natGateways: 'single',
  // Whatever the day, the version the policy offers first.
  eksVersion: defaultKubernetesVersion(new Date()),
  nodeInstanceType: 'm6i.large',
  nodeMinSize: 2,
  nodeDesiredSize: 2,
  nodeMaxSize: 4,
  auroraInstanceClass: 'db.r6g.large',
  auroraReaders: 1,
};

describe('templates/new-environment in a dry run', () => {
  let copy: string;
  let baseUrl: string;
  let template: unknown;

  beforeAll(async () => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'new-environment-repo-'));
    fs.cpSync(
      path.join(repoRoot, 'infra/config'),
      path.join(copy, 'infra/config'),
      {
        recursive: true,
      },
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
                    'templates/new-environment/template.yaml',
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
              permissions: { platformTeam: [user] },
            },
          },
        }),
      ],
    });
    baseUrl = `http://localhost:${server.port()}/api`;
    const deadline = Date.now() + 60_000;
    while (!template && Date.now() < deadline) {
      const response = await fetch(
        `${baseUrl}/catalog/entities/by-name/template/default/new-environment`,
        { headers: { authorization: mockCredentials.user.header(user) } },
      );
      if (response.ok) template = await response.json();
      else await new Promise(r => setTimeout(r, 500));
    }
    if (!template) {
      throw new Error(
        'The catalog did not load templates/new-environment in 60 s',
      );
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
        directoryContents: [],
      }),
    });
  }

  it('validates, renders and diffs, skips publishing, and the result loads and synthesizes', async () => {
    const response = await dryRun(answers);
    const body = await response.json();
    expect(response.status).toBe(200);

    expect(body.steps.map((s: { id: string }) => s.id)).toEqual([
      'validate',
      'render',
      'diff',
      'publish',
      'track',
    ]);
    const logText = body.log.map((l: any) => l.body.message).join('\n');
    expect(logText).toContain('Spoke qa passed every registry rule');
    expect(logText).toContain('Wrote infra/config/spokes/qa.yaml');
    expect(
      body.log.some(
        (l: any) => l.body.stepId === 'publish' && l.body.status === 'skipped',
      ),
    ).toBe(true);
    // Nothing to follow without a pull request: tracking is skipped too.
    expect(
      body.log.some(
        (l: any) => l.body.stepId === 'track' && l.body.status === 'skipped',
      ),
    ).toBe(true);

    const files = body.directoryContents.map((f: any) => f.path);
    expect(files).toEqual(['infra/config/spokes/qa.yaml']);

    expect(body.output.links).toEqual([
      {
        title: 'The spoke in the catalog (once merged)',
        entityRef: 'system:default/qa',
      },
    ]);
    const text = Object.fromEntries(
      body.output.text.map((t: any) => [t.title, t.content]),
    );
    expect(text.Validation).toContain(
      '**cidr-overlap**: `10.4.0.0/16` overlaps none',
    );
    expect(text['CloudFormation diff']).toMatch(
      /\| `platform-hub` \| 111122223333 \| changed \|/,
    );
    expect(text['CloudFormation diff']).toMatch(
      /\| `platform-spoke-qa` \| 555566667777 \| new \|/,
    );

    // The pull request's content, applied to another copy of the repository (the
    // server's copy stays as the main branch is).
    const merged = fs.mkdtempSync(
      path.join(os.tmpdir(), 'new-environment-merged-'),
    );
    fs.cpSync(copy, merged, { recursive: true });
    for (const file of body.directoryContents) {
      fs.writeFileSync(
        path.join(merged, file.path),
        Buffer.from(file.base64Content, 'base64'),
      );
    }
    const registry = loadRegistry(path.join(merged, 'infra/config'));
    fs.rmSync(merged, { recursive: true, force: true });
    expect(registry.spokes.map(s => s.name)).toEqual([
      'dev',
      'prod',
      'qa',
      'staging',
    ]);
    const stacks = synthesizePlatform(registry, { nag: true });
    expect(stacks.map(s => s.stackName)).toContain('platform-spoke-qa');
  });

  it.each([
    [
      'an overlapping CIDR',
      { cidr: '10.1.0.0/16' },
      'cidr (network.cidr) [cidr-overlap]',
    ],
    [
      'a duplicate account id',
      { account: '222233334444' },
      'account [unique-account]',
    ],
    ['an upper-case name', { name: 'QA' }, 'name [name-lowercase]'],
    [
      'a 64-character name',
      { name: `q${'a'.repeat(63)}` },
      'name [name-length]',
    ],
  ])(
    'refuses %s at the validate step, naming the field, and produces no files',
    async (_what, change, expected) => {
      // The form's own patterns would stop the last two; the server must too.
      const template2 = JSON.parse(JSON.stringify(template));
      for (const page of template2.spec.parameters) {
        for (const property of Object.values<any>(page.properties ?? {})) {
          delete property.pattern;
          delete property.maxLength;
        }
      }
      const response = await fetch(`${baseUrl}/scaffolder/v2/dry-run`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: mockCredentials.user.header(user),
        },
        body: JSON.stringify({
          template: template2,
          values: { ...answers, ...change },
          secrets: {},
          directoryContents: [],
        }),
      });
      const body = await response.json();
      expect(response.status).toBe(400);
      expect(body.error.name).toBe('InputError');
      expect(body.error.message).toContain(expected);
      expect(body.directoryContents).toBeUndefined();
    },
  );
});
