import * as fs from 'fs';
import * as path from 'path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { InputError, NotAllowedError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parseRegistry } from '@internal/plugin-platform-common';
import { readRegistryFiles } from '@internal/plugin-platform-common/node';
import {
  fixtureRegistry,
  platformEngineer,
  platformTeam,
  serviceDeveloper,
} from '../__testUtils__/registry';
import { createSpokeRenderAction } from './spokeRender';
import { exampleSpoke } from './spokeRender.examples';

const repository = {
  url: 'https://github.com/piksel-ina/piksel-portal',
  repoUrl: 'github.com?owner=piksel-ina&repo=piksel-portal',
  registryPath: 'infra/config',
};

describe('platform:spoke:render', () => {
  const registry = fixtureRegistry();
  const workspace = createMockDirectory();
  beforeEach(() => {
    registry.reset();
    workspace.clear();
  });

  function run(
    spoke: unknown,
    options: {
      registryPath?: string;
      user?: any;
      withRepository?: boolean;
      isDryRun?: boolean;
    } = {},
  ) {
    const action = createSpokeRenderAction({
      registry: registry.source,
      repository: options.withRepository === false ? undefined : repository,
      platformTeam,
      now: () => new Date('2026-12-06T09:00:00Z'),
    });
    const ctx = {
      ...createMockActionContext({
        input: { spoke, registryPath: options.registryPath } as any,
        workspacePath: workspace.path,
        user: 'user' in options ? options.user : platformEngineer,
      }),
      isDryRun: options.isDryRun,
    };
    return { ctx, done: action.handler(ctx) };
  }

  it('writes the spoke file where the registry lives in the repository, and says where to publish it', async () => {
    const { ctx, done } = run(exampleSpoke);
    await done;
    const written = workspace.resolve('infra/config/spokes/qa.yaml');
    const content = fs.readFileSync(written, 'utf8');
    expect(content).toMatch(/^# QA spoke for release candidates\n/);
    expect(content).toContain("account: '555566667777'");
    expect(content).toContain(
      'availabilityZones: [ap-southeast-3a, ap-southeast-3b]',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'filePath',
      'infra/config/spokes/qa.yaml',
    );
    expect(ctx.output).toHaveBeenCalledWith('content', content);
    expect(ctx.output).toHaveBeenCalledWith('repoUrl', repository.repoUrl);
    expect(ctx.output).toHaveBeenCalledWith(
      'branchName',
      'platform/new-environment-qa',
    );
    expect(ctx.output).toHaveBeenCalledWith('entityRef', 'system:default/qa');
  });

  it('writes a file that loads with the rest of the registry as exactly the spoke given', async () => {
    await run(exampleSpoke).done;
    const loaded = parseRegistry([
      ...readRegistryFiles(registry.dir),
      ...readRegistryFiles(workspace.resolve('infra/config')),
    ]);
    expect(loaded.spokes.map(s => s.name)).toEqual([
      'dev',
      'prod',
      'qa',
      'staging',
    ]);
    expect(loaded.spokes.find(s => s.name === 'qa')).toEqual(exampleSpoke);
  });

  it('honours another registry folder', async () => {
    const { ctx, done } = run(exampleSpoke, {
      registryPath: 'platform/registry',
    });
    await done;
    expect(
      fs.existsSync(workspace.resolve('platform/registry/spokes/qa.yaml')),
    ).toBe(true);
    expect(ctx.output).toHaveBeenCalledWith(
      'filePath',
      'platform/registry/spokes/qa.yaml',
    );
  });

  it.each([
    [
      'an overlapping CIDR',
      { network: { ...exampleSpoke.network, cidr: '10.2.0.0/16' } },
      'cidr (network.cidr) [cidr-overlap]',
    ],
    [
      'a duplicate account id',
      { account: '333344445555' },
      'account [unique-account] 333344445555 is also the account of spokes/staging.yaml',
    ],
    ['an upper-case name', { name: 'Qa' }, 'name [name-lowercase]'],
    [
      'a 64-character name',
      { name: `q${'a'.repeat(63)}` },
      'name [name-length] is 64 characters',
    ],
    [
      'an unknown field',
      { extra: true },
      "extra [unknown-field] 'extra' is not a known field",
    ],
  ])('refuses %s and writes nothing', async (_what, change, expected) => {
    const { ctx, done } = run({ ...exampleSpoke, ...change });
    await expect(done).rejects.toThrow(InputError);
    await expect(done).rejects.toThrow(expected);
    expect(workspace.content()).toEqual({});
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('refuses a registry folder outside the workspace and writes nothing', async () => {
    const { done } = run(exampleSpoke, { registryPath: '../outside' });
    await expect(done).rejects.toThrow(/outside/);
    expect(fs.existsSync(path.join(workspace.path, '..', 'outside'))).toBe(
      false,
    );
  });

  it('refuses without a configured platform repository, before writing', async () => {
    const { done } = run(exampleSpoke, { withRepository: false });
    await expect(done).rejects.toThrow(
      'platform.repository.url is not configured',
    );
    expect(workspace.content()).toEqual({});
  });

  it('renders in a dry run even without a configured platform repository', async () => {
    const { ctx, done } = run(exampleSpoke, {
      withRepository: false,
      isDryRun: true,
    });
    await done;
    expect(ctx.output).toHaveBeenCalledWith(
      'filePath',
      'infra/config/spokes/qa.yaml',
    );
    expect(ctx.output).not.toHaveBeenCalledWith('repoUrl', expect.anything());
  });

  it('refuses anyone outside the platform team and writes nothing', async () => {
    const { done } = run(exampleSpoke, { user: serviceDeveloper });
    await expect(done).rejects.toThrow(NotAllowedError);
    expect(workspace.content()).toEqual({});
  });
});
