import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fixtures } from '@internal/plugin-platform-common';
import { Assembly } from './assembly';
import { main } from './cli';
import { assemblyOf } from './__testUtils__';

/** Writes an assembly as `cdk synth` would: manifest.json and one template per stack. */
function writeAssembly(assembly: Assembly, dir: string) {
  fs.mkdirSync(dir, { recursive: true });
  const artifacts: Record<string, unknown> = {};
  for (const s of assembly.stacks) {
    artifacts[s.stackName] = {
      type: 'aws:cloudformation:stack',
      environment: `aws://${s.account}/${s.region}`,
      properties: { templateFile: `${s.stackName}.template.json` },
    };
    fs.writeFileSync(
      path.join(dir, `${s.stackName}.template.json`),
      JSON.stringify(s.template),
    );
  }
  fs.writeFileSync(
    path.join(dir, 'manifest.json'),
    JSON.stringify({ version: '54.0.0', artifacts }),
  );
}

/** The fixture registry on disk, optionally without some spoke files. */
function writeRegistry(dir: string, without: string[] = []) {
  for (const file of fixtures.files()) {
    if (without.some(name => file.path === `spokes/${name}.yaml`)) continue;
    fs.mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true });
    fs.writeFileSync(path.join(dir, file.path), file.content);
  }
}

/** Reads `name<<__EOF__ ... __EOF__` blocks of a $GITHUB_OUTPUT file. */
function outputs(file: string): Record<string, string> {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  return Object.fromEntries(
    [...text.matchAll(/^([\w-]+)<<__EOF__\n([\s\S]*?)\n__EOF__$/gm)].map(m => [
      m[1],
      m[2],
    ]),
  );
}

describe('platform-pipeline CLI, as the deploy workflow calls it', () => {
  let dir: string;
  const env = { ...process.env };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-cli-'));
    process.env.GITHUB_OUTPUT = path.join(dir, 'output');
    process.env.GITHUB_STEP_SUMMARY = path.join(dir, 'summary.md');
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    process.env = { ...env };
    jest.restoreAllMocks();
  });

  it('plans a spoke removal, gates on outcomes and ends with a failing summary when the spoke could not be destroyed', async () => {
    const registry = fixtures.registry();
    const after = {
      ...registry,
      spokes: registry.spokes.filter(s => s.name !== 'staging'),
    };
    writeRegistry(path.join(dir, 'base/config'));
    writeRegistry(path.join(dir, 'head/config'), ['staging']);
    writeAssembly(assemblyOf(registry), path.join(dir, 'base/cdk.out'));
    writeAssembly(assemblyOf(after), path.join(dir, 'head/cdk.out'));

    expect(
      await main([
        'plan',
        '--head-assembly',
        path.join(dir, 'head/cdk.out'),
        '--head-registry',
        path.join(dir, 'head/config'),
        '--base-assembly',
        path.join(dir, 'base/cdk.out'),
        '--base-registry',
        path.join(dir, 'base/config'),
        '--out',
        path.join(dir, 'plan.json'),
        '--markdown',
        path.join(dir, 'plan.md'),
      ]),
    ).toBe(0);
    const out = outputs(process.env.GITHUB_OUTPUT!);
    expect(JSON.parse(out.phases)).toEqual([
      'teardown-spokes',
      'hub',
      'handshake',
    ]);
    expect(out['has-teardown']).toBe('true');
    expect(
      JSON.parse(out['teardown-spokes']).include.map((s: any) => s.title),
    ).toEqual(['destroy / platform-spoke-staging']);

    const results = path.join(dir, 'results');
    const plan = path.join(dir, 'plan.json');
    await main([
      'record',
      '--step',
      'destroy:platform-spoke-staging',
      '--status',
      'failed',
      '--results',
      results,
    ]);
    fs.writeFileSync(process.env.GITHUB_OUTPUT!, '');
    await main([
      'gate',
      '--plan',
      plan,
      '--step',
      'deploy:platform-hub',
      '--results',
      results,
    ]);
    expect(outputs(process.env.GITHUB_OUTPUT!).run).toBe('false');
    expect(await main(['summary', '--plan', plan, '--results', results])).toBe(
      1,
    );
    const summary = fs.readFileSync(process.env.GITHUB_STEP_SUMMARY!, 'utf8');
    expect(summary).toContain(
      '| ❌ failed | `destroy / platform-spoke-staging`',
    );
    expect(summary).toContain(
      '| ⏭️ skipped | `deploy / platform-hub` | hub (111122223333) | template changed (0 added, 0 modified, 1 removed) | destroy:platform-spoke-staging failed |',
    );
  });

  it('fails naming the rule when an option is missing or a command is unknown', async () => {
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await expect(
      main(['gate', '--step', 'x', '--results', dir]),
    ).rejects.toThrow('--plan is required');
    expect(await main(['deploy-everything'])).toBe(2);
  });
});
