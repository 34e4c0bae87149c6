import * as fs from 'fs';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parse } from 'yaml';
import {
  fixtureRegistry,
  platformEngineer,
  platformTeam,
} from '../__testUtils__/registry';
import { createSpokeDiffAction } from './spokeDiff';
import { examples as diffExamples } from './spokeDiff.examples';
import { createSpokeRenderAction } from './spokeRender';
import { examples as renderExamples } from './spokeRender.examples';
import { createSpokeValidateAction } from './spokeValidate';
import { examples as validateExamples } from './spokeValidate.examples';

/**
 * Replays every action's documented examples as the scaffolder would run them:
 * each example's steps, in order, in one workspace, with `${{ steps.x.output.y }}`
 * resolved from the steps run before it.
 */
describe('the documented examples', () => {
  const registry = fixtureRegistry();
  const workspace = createMockDirectory();
  const shared = {
    registry: registry.source,
    platformTeam,
    now: () => new Date('2026-12-06T09:00:00Z'),
    repository: {
      url: 'https://github.com/piksel-ina/piksel-portal',
      repoUrl: 'github.com?owner=piksel-ina&repo=piksel-portal',
      registryPath: 'infra/config',
    },
  };
  const actions: Record<string, TemplateAction<any, any>> = Object.fromEntries(
    [
      createSpokeValidateAction(shared),
      createSpokeRenderAction(shared),
      createSpokeDiffAction(shared),
    ].map(a => [a.id, a]),
  );
  let outputs: Record<string, Record<string, unknown>>;
  beforeEach(() => {
    registry.reset();
    workspace.clear();
    outputs = {};
  });

  function resolve(value: unknown): unknown {
    if (typeof value === 'string') {
      const ref = /^\$\{\{\s*steps\.([\w-]+)\.output\.([\w-]+)\s*\}\}$/.exec(
        value,
      );
      if (!ref) return value;
      const [, step, key] = ref;
      if (!(key in (outputs[step] ?? {}))) {
        throw new Error(
          `${value} refers to an output no earlier step produced`,
        );
      }
      return outputs[step][key];
    }
    if (Array.isArray(value)) return value.map(resolve);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, resolve(v)]),
      );
    }
    return value;
  }

  async function replay(example: { example: string }) {
    const { steps } = parse(example.example);
    for (const step of steps) {
      const action = actions[step.action];
      expect(action).toBeDefined();
      const ctx = createMockActionContext({
        input: resolve(step.input) as any,
        workspacePath: workspace.path,
        user: platformEngineer,
      });
      await action.handler(ctx);
      outputs[step.id] = Object.fromEntries(
        (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
      );
    }
  }

  it.each(validateExamples.map(e => [e.description, e]))(
    'platform:spoke:validate: %s',
    async (_description, example) => {
      await replay(example);
      expect(outputs.validate.file).toMatch(/^spokes\/[a-z0-9-]+\.yaml$/);
    },
  );

  it.each(renderExamples.map(e => [e.description, e]))(
    'platform:spoke:render: %s',
    async (_description, example) => {
      await replay(validateExamples[0]);
      await replay(example);
      expect(outputs.render.filePath).toMatch(/\/spokes\/qa\.yaml$/);
      expect(
        fs.readFileSync(
          workspace.resolve(outputs.render.filePath as string),
          'utf8',
        ),
      ).toBe(outputs.render.content);
    },
  );

  it.each(
    diffExamples.map((e, i) => [e.description, e, renderExamples[i]] as const),
  )('platform:spoke:diff: %s', async (_description, example, renderExample) => {
    await replay(validateExamples[0]);
    await replay(renderExample);
    await replay(example);
    expect(outputs.diff.changedFiles).toEqual([outputs.render.filePath]);
    expect(outputs.diff.summary).toContain('#### `platform-spoke-qa` (new)');
  });
});
