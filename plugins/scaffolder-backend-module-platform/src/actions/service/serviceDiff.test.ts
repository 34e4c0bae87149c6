import { createMockDirectory } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { fixtureRegistry, writeFiles } from '../../__testUtils__/registry';
import { createServiceDiffAction } from './serviceDiff';

const repository = {
  url: 'https://github.com/piksel-ina/piksel-platform',
  repoUrl: 'github.com?owner=piksel-ina&repo=piksel-platform',
  registryPath: 'infra/config',
};

const shop = (extra = '') => `name: shop
owner: group:default/storefront-team
environments: [dev]
ci: { repository: piksel-platform }
${extra}`;

describe('platform:service:diff', () => {
  const registry = fixtureRegistry();
  const workspace = createMockDirectory();
  const action = createServiceDiffAction({
    registry: { dir: () => registry.dir, load: () => registry.source.load() },
    repository,
  });
  beforeEach(() => {
    registry.reset();
    workspace.clear();
  });

  async function run() {
    const ctx = createMockActionContext({
      input: { registryPath: 'platform/infra/config' },
      workspacePath: workspace.path,
    });
    await action.handler(ctx);
    return Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
  }

  it('shows a new service as new stacks in the hub and its spokes only', async () => {
    writeFiles(workspace.resolve('platform/infra/config'), [
      { path: 'services/shop.yaml', content: shop() },
    ]);
    const out = await run();
    expect(out.stacks.map((s: any) => [s.stackName, s.status])).toEqual([
      ['platform-service-shop-hub', 'new'],
      ['platform-service-shop-dev', 'new'],
    ]);
    expect(out.summary).toContain('AWS::ECR::Repository');
    expect(out.summary).toContain(
      '`platform-hub` and every `platform-spoke-*` stack are unchanged',
    );
  });

  it('shows a change to an existing service as a change of its spoke stack', async () => {
    writeFiles(registry.dir, [{ path: 'services/shop.yaml', content: shop() }]);
    writeFiles(workspace.resolve('platform/infra/config'), [
      {
        path: 'services/shop.yaml',
        content: shop('database: { schema: shop, user: shop }\n'),
      },
    ]);
    const out = await run();
    expect(out.stacks.map((s: any) => [s.stackName, s.status])).toEqual([
      ['platform-service-shop-dev', 'changed'],
    ]);
    expect(out.stacks[0].added).toBeGreaterThan(0);
  });

  it('refuses a workspace without a changed service file, naming registryPath', async () => {
    await expect(run()).rejects.toThrow(InputError);
    await expect(run()).rejects.toThrow(/^registryPath: no service file/);
  });

  it('refuses a service file that does not load, naming the file and field', async () => {
    writeFiles(workspace.resolve('platform/infra/config'), [
      { path: 'services/shop.yaml', content: shop().replace('[dev]', '[qa]') },
    ]);
    await expect(run()).rejects.toThrow(
      /services\/shop\.yaml environments\.0 \[known-spoke\]/,
    );
  });
});
