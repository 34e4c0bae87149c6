import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parse as parseYaml } from 'yaml';
import { parseRegistry } from '@internal/plugin-platform-common';
import { readRegistryFiles } from '@internal/plugin-platform-common/node';
import {
  PLATFORM_REPOSITORY,
  SAMPLE_REGISTRY_DIR,
} from './__testUtils__/constants';
import { createServiceActions } from '.';
import { examples, phlStoreInput } from './serviceValidate.examples';

function registryIn(dir: string) {
  return {
    dir: () => dir,
    load: () => parseRegistry(readRegistryFiles(dir)),
  };
}

describe('platform:service:validate', () => {
  let dir: string;
  const action = () =>
    createServiceActions({
      registry: registryIn(dir),
      repository: PLATFORM_REPOSITORY,
    })[0];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'service-validate-'));
    fs.cpSync(SAMPLE_REGISTRY_DIR, dir, { recursive: true });
    // Without the committed sample service: these cases bring their own.
    fs.rmSync(path.join(dir, 'services'), { recursive: true, force: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function run(input: Record<string, unknown>) {
    const ctx = createMockActionContext({ input: input as any });
    let error: unknown;
    try {
      await action().handler(ctx);
    } catch (e) {
      error = e;
    }
    const outputs = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
    return { error, outputs };
  }

  it.each(examples.map(e => [e.description, e]))(
    'replays the example: %s',
    async (_description, example) => {
      const step = parseYaml(example.example).steps[0];
      expect(step.action).toBe('platform:service:validate');
      const { error, outputs } = await run(step.input);
      expect(error).toBeUndefined();
      expect(outputs.values.name).toBe(step.input.name);
      expect(outputs.repoUrl).toBe(PLATFORM_REPOSITORY.repoUrl);
      expect(outputs.branchName).toBe(`new-service/${step.input.name}`);
    },
  );

  it('outputs values, one entry per environment and the pull request text for phl-store', async () => {
    const { error, outputs } = await run(phlStoreInput);
    expect(error).toBeUndefined();
    expect(outputs.environments.map((e: any) => e.name)).toEqual([
      'dev',
      'prod',
    ]);
    // Mirrored into the hub ECR by the pull-through cache: spokes never pull
    // from Docker Hub.
    expect(outputs.values.image).toEqual({
      repository:
        '111122223333.dkr.ecr.ap-southeast-3.amazonaws.com/mirror/phl-store/zylwin/phl-store',
      tag: 'latest',
      fromHub: false,
      source: 'external',
      upstream: 'zylwin/phl-store:latest',
    });
    expect(outputs.values.ci).toBeNull();
    expect(outputs.title).toBe('New service: phl-store on dev,prod');
    expect(outputs.body).toContain('`rds-db:connect` as `phl_store`');
    expect(outputs.serviceRepoUrl).toBe('');
  });

  it.each([
    [{ name: 'PhlStore' }, 'name [lower-case]'],
    [{ name: `a${'b'.repeat(30)}` }, 'name [max-length]'],
    [{ name: 'default' }, 'name [reserved]'],
    [{ name: 'kube-thing' }, 'name [reserved]'],
    [{ name: 'dev' }, 'name [reserved]'],
    [{ name: 'piksel/odc' }, 'name [dns-label]'],
    [{ port: 0 }, 'port [port-range]'],
    [{ port: 65536 }, 'port [port-range]'],
    [{ port: 'http' }, 'port [port-range]'],
    [{ port: 80.5 }, 'port [port-range]'],
  ])('refuses %j naming %s and outputs nothing', async (change, expected) => {
    const { error, outputs } = await run({ ...phlStoreInput, ...change });
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain(expected);
    expect((error as Error).message).toContain('nothing was published');
    expect(outputs).toEqual({});
  });

  it('refuses a name an existing service file has', async () => {
    fs.mkdirSync(path.join(dir, 'services'));
    fs.writeFileSync(
      path.join(dir, 'services', 'phl-store.yaml'),
      'name: phl-store\nowner: group:default/a\nenvironments: [dev]\n',
    );
    const { error } = await run(phlStoreInput);
    expect((error as Error).message).toMatch(
      /name \[unique-name\] 'phl-store' is also the name in services\/phl-store\.yaml/,
    );
  });

  it('fails as a server problem, not an input problem, when the server service files are broken', async () => {
    fs.mkdirSync(path.join(dir, 'services'));
    fs.writeFileSync(path.join(dir, 'services', 'x.yaml'), 'name: [');
    const { error } = await run(phlStoreInput);
    expect(error).not.toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/service files on the server/);
  });

  it('names the config key when the platform repository is not configured', async () => {
    const [unconfigured] = createServiceActions({ registry: registryIn(dir) });
    const ctx = createMockActionContext({ input: phlStoreInput as any });
    await expect(unconfigured.handler(ctx)).rejects.toThrow(
      /platform\.repository\.url is not configured/,
    );
  });
});
