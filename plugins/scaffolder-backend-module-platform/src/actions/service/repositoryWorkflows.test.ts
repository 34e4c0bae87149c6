import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { TEMPLATE_DIR } from './__testUtils__/constants';
import { actionlintProblems, unpinnedActions } from './__testUtils__/workflows';

/*
 * The platform repository's own workflows, above all the reusable service-build.yaml
 * and service-promote.yaml every generated service relies on: actionlint clean,
 * actions pinned to commit SHAs, and the rules that keep pushes and promotions safe.
 */

const WORKFLOWS_DIR = path.resolve(TEMPLATE_DIR, '../../.github/workflows');
const files = fs
  .readdirSync(WORKFLOWS_DIR)
  .filter(f => /\.ya?ml$/.test(f))
  .sort();
const read = (file: string) =>
  fs.readFileSync(path.join(WORKFLOWS_DIR, file), 'utf8');

type Step = { name?: string; uses?: string; run?: string; with?: any };
const stepIndex = (steps: Step[], match: (s: Step) => boolean) => {
  const i = steps.findIndex(match);
  if (i < 0) throw new Error('step not found');
  return i;
};
const usesAction = (prefix: string) => (s: Step) =>
  String(s.uses ?? '').startsWith(`${prefix}@`);

describe('the repository workflows', () => {
  it('include the reusable service workflows', () => {
    expect(files).toEqual(
      expect.arrayContaining(['service-build.yaml', 'service-promote.yaml']),
    );
  });

  it.each(files)('%s passes actionlint', async file => {
    expect(
      await actionlintProblems(read(file), `.github/workflows/${file}`),
    ).toEqual([]);
  });

  it.each(files)('%s pins every action to a commit SHA', file => {
    expect(unpinnedActions(read(file))).toEqual([]);
  });
});

describe('service-build.yaml', () => {
  const workflow = parseYaml(read('service-build.yaml'));
  const { verify, publish, record } = workflow.jobs;

  it('is reusable only, and grants nothing by default', () => {
    expect(Object.keys(workflow.on)).toEqual(['workflow_call']);
    expect(workflow.permissions).toEqual({});
  });

  it('builds, tests, scans and makes an SBOM on pull requests without any credential', () => {
    expect(verify.if).toBe("github.event_name == 'pull_request'");
    expect(verify.permissions).toEqual({ contents: 'read' });
    expect(verify.environment).toBeUndefined();
    const runs = verify.steps.map((s: Step) => s.run ?? '').join('\n');
    expect(runs).toContain('docker build --target test');
    expect(runs).not.toMatch(/docker push|aws /);
    expect(verify.steps.some(usesAction('aquasecurity/trivy-action'))).toBe(
      true,
    );
    expect(verify.steps.some(usesAction('anchore/sbom-action'))).toBe(true);
  });

  it('pushes once from the default branch, in the service build environment, after the gate', () => {
    expect(publish.if).toContain("github.event_name != 'pull_request'");
    expect(publish.if).toContain('github.event.repository.default_branch');
    expect(publish.environment).toEqual({
      name: 'service-${{ inputs.service }}-build',
    });
    expect(publish.permissions).toEqual({
      contents: 'read',
      'id-token': 'write',
    });
    const steps: Step[] = publish.steps;
    const test = stepIndex(steps, s => /--target test/.test(s.run ?? ''));
    const gate = stepIndex(steps, usesAction('aquasecurity/trivy-action'));
    const sbom = stepIndex(steps, usesAction('anchore/sbom-action'));
    const credentials = stepIndex(
      steps,
      usesAction('aws-actions/configure-aws-credentials'),
    );
    const push = stepIndex(steps, s => /docker push/.test(s.run ?? ''));
    expect(test).toBeLessThan(gate);
    expect(gate).toBeLessThan(credentials);
    expect(sbom).toBeLessThan(credentials);
    expect(credentials).toBeLessThan(push);
    expect(steps[gate].with).toMatchObject({
      severity: 'CRITICAL,HIGH',
      'exit-code': '1',
    });
    expect(steps[credentials].with['role-to-assume']).toBe(
      '${{ inputs.push-role-arn }}',
    );
    // One push per commit; re-runs reuse the immutable tag's digest.
    expect(steps.filter(s => /docker push/.test(s.run ?? ''))).toHaveLength(1);
    expect(steps[push].run).toContain('aws ecr describe-images');
    expect(publish.outputs.digest).toBe('${{ steps.push.outputs.digest }}');
  });

  it('records the digest, not a tag alone, in the non-prod values through a pull request', () => {
    expect(record.needs).toBe('publish');
    expect(record.environment).toBeUndefined();
    const runs = record.steps.map((s: Step) => s.run ?? '').join('\n');
    expect(runs).toContain('.image.digest = strenv(DIGEST)');
    expect(runs).toContain('gh pr create');
    expect(record.env.DIGEST).toBe('${{ needs.publish.outputs.digest }}');
  });
});

describe('service-promote.yaml', () => {
  const workflow = parseYaml(read('service-promote.yaml'));
  const text = read('service-promote.yaml');

  it('can be dispatched in the platform repository and called by a service', () => {
    expect(Object.keys(workflow.on).sort()).toEqual([
      'workflow_call',
      'workflow_dispatch',
    ]);
    expect(workflow.permissions).toEqual({});
  });

  it('never builds or pushes an image, and asks for no AWS credential', () => {
    expect(text).not.toMatch(/docker (build|push)|configure-aws-credentials/);
    for (const job of Object.values<any>(workflow.jobs)) {
      expect(job.permissions?.['id-token']).toBeUndefined();
    }
  });

  it("moves the previous environment's digest, behind the target environment's reviewers", () => {
    const { plan, promote } = workflow.jobs;
    const planScript = plan.steps.map((s: Step) => s.run ?? '').join('\n');
    expect(planScript).toContain('.environments[]');
    expect(planScript).toContain('.image.digest // ""');
    expect(promote.needs).toBe('plan');
    expect(promote.environment).toEqual({ name: '${{ inputs.to }}' });
    expect(promote.env.DIGEST).toBe('${{ needs.plan.outputs.digest }}');
    const runs = promote.steps.map((s: Step) => s.run ?? '').join('\n');
    expect(runs).toContain('.image.digest = strenv(DIGEST)');
    expect(runs).toContain('values-$TO.yaml');
  });
});
