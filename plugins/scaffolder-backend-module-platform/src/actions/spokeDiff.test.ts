import { createMockDirectory } from '@backstage/backend-test-utils';
import { InputError, NotAllowedError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { fixtures } from '@internal/plugin-platform-common';
import {
  fixtureRegistry,
  platformEngineer,
  platformTeam,
  serviceDeveloper,
  writeFiles,
} from '../__testUtils__/registry';
import { renderSpokeYaml } from '../lib/renderSpokeYaml';
import { createSpokeDiffAction } from './spokeDiff';
import { exampleSpoke } from './spokeRender.examples';

describe('platform:spoke:diff', () => {
  const registry = fixtureRegistry();
  const workspace = createMockDirectory();
  const action = createSpokeDiffAction({
    registry: registry.source,
    platformTeam,
  });
  beforeEach(() => {
    registry.reset();
    workspace.clear();
  });

  function run(
    input: Record<string, unknown> = {},
    user: any = platformEngineer,
  ) {
    const ctx = createMockActionContext({
      input: input as any,
      workspacePath: workspace.path,
      user,
    });
    return { ctx, done: action.handler(ctx) };
  }

  function outputs(ctx: { output: unknown }) {
    return Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
  }

  it('summarises what the new spoke changes in the hub and creates in its own stack', async () => {
    writeFiles(workspace.resolve('infra/config'), [
      { path: 'spokes/qa.yaml', content: renderSpokeYaml(exampleSpoke as any) },
    ]);
    const { ctx, done } = run();
    await done;
    const out = outputs(ctx);
    expect(out.changedFiles).toEqual(['infra/config/spokes/qa.yaml']);
    expect(out.stacks.map((s: any) => [s.stackName, s.status])).toEqual([
      ['platform-hub', 'changed'],
      ['platform-spoke-qa', 'new'],
    ]);
    const hub = out.stacks[0];
    expect(hub.added).toBeGreaterThan(0);
    expect(hub.modified).toBeGreaterThan(0);
    expect(hub.removed).toBe(0);
    expect(hub.destructive).toBe(0);
    expect(out.stacks[1].added).toBeGreaterThan(50);

    const summary: string = out.summary;
    expect(summary).toContain('### CloudFormation diff');
    expect(summary).toMatch(
      /\| `platform-hub` \| 111122223333 \| changed \| \d+ \| \d+ \| 0 \|/,
    );
    expect(summary).toMatch(
      /\| `platform-spoke-qa` \| 555566667777 \| new \| \d+ \| 0 \| 0 \|/,
    );
    expect(summary).toContain('No resource is replaced or deleted.');
    // The hub shares the Transit Gateway with the new account and routes its CIDR.
    expect(summary).toContain('[~] AWS::RAM::ResourceShare');
    expect(summary).toContain('"555566667777"');
    expect(summary).toContain('10.4.0.0/16');
    expect(summary).toContain('AWS::EKS::Cluster × 1');
    expect(summary).not.toContain('\u001b[');
  });

  it('keeps the summary within maxChars', async () => {
    writeFiles(workspace.resolve('infra/config'), [
      { path: 'spokes/qa.yaml', content: renderSpokeYaml(exampleSpoke as any) },
    ]);
    const { ctx, done } = run({ maxChars: 6000 });
    await done;
    const summary: string = outputs(ctx).summary;
    expect(summary.length).toBeLessThanOrEqual(6000);
    expect(summary).toContain('more characters not shown');
    expect(summary).toContain('#### `platform-spoke-qa` (new)');
  });

  it('refuses when the workspace changes no registry file, naming registryPath', async () => {
    writeFiles(workspace.resolve('infra/config'), [
      { path: 'spokes/dev.yaml', content: fixtures.spokeYaml.dev },
    ]);
    const { done } = run();
    await expect(done).rejects.toThrow(InputError);
    await expect(done).rejects.toThrow(
      'registryPath: no registry file under infra/config in the workspace differs',
    );
  });

  it('refuses registry files that break a cross-file rule, naming the field and the rule', async () => {
    writeFiles(workspace.resolve('infra/config'), [
      {
        path: 'spokes/qa.yaml',
        content: renderSpokeYaml({
          ...exampleSpoke,
          account: '222233334444',
        } as any),
      },
    ]);
    const { ctx, done } = run();
    await expect(done).rejects.toThrow(InputError);
    await expect(done).rejects.toThrow('account [unique-account]');
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('refuses anyone outside the platform team', async () => {
    const { done } = run({}, serviceDeveloper);
    await expect(done).rejects.toThrow(NotAllowedError);
  });
});
