import { planDeploy } from './plan';
import { deploySummary, gateStep, planMarkdown } from './results';
import {
  assemblyOf,
  planInputs,
  registry,
  withoutSpoke,
  withSpoke,
} from './__testUtils__';

const head = withSpoke('qa', '555566667777', 'non-prod', '10.4.0.0/16');
const plan = planDeploy(
  planInputs(
    { registry, assembly: assemblyOf(registry) },
    { registry: head, assembly: assemblyOf(head) },
  ),
);

describe('deploy results', () => {
  it('runs a step whose dependencies all succeeded', () => {
    expect(
      gateStep(plan, 'deploy:platform-spoke-qa', [
        { id: 'deploy:platform-hub', status: 'succeeded' },
      ]),
    ).toEqual({ run: true });
  });

  it('stops the dependents of a failed stack, naming it', () => {
    const results = [{ id: 'deploy:platform-hub', status: 'failed' as const }];
    expect(gateStep(plan, 'deploy:platform-spoke-qa', results)).toEqual({
      run: false,
      reason: 'deploy:platform-hub failed',
    });
    expect(
      gateStep(plan, 'handshake:qa', [
        ...results,
        {
          id: 'deploy:platform-spoke-qa',
          status: 'skipped',
          detail: 'deploy:platform-hub failed',
        },
      ]),
    ).toEqual({ run: false, reason: 'deploy:platform-hub failed' });
  });

  it('names a step that is not planned', () => {
    expect(() => gateStep(plan, 'deploy:platform-spoke-zz', [])).toThrow(
      "step 'deploy:platform-spoke-zz' is not in the plan",
    );
  });

  it('ends with a readable summary that fails the run when a stack failed', () => {
    const summary = deploySummary(plan, [
      { id: 'deploy:platform-hub', status: 'succeeded' },
      {
        id: 'deploy:platform-spoke-qa',
        status: 'failed',
        detail: 'CREATE_FAILED Cluster',
      },
      {
        id: 'handshake:qa',
        status: 'skipped',
        detail: 'deploy:platform-spoke-qa failed',
      },
    ]);
    expect(summary.ok).toBe(false);
    expect(summary.markdown).toContain(
      '1 failed, 1 stopped or not run: `deploy / platform-spoke-qa`, `handshake / qa`.',
    );
    expect(summary.markdown).toContain(
      '| ❌ failed | `deploy / platform-spoke-qa` | qa (555566667777) | new stack | CREATE_FAILED Cluster |',
    );
    const all = deploySummary(
      plan,
      plan.steps.map(s => ({ id: s.id, status: 'succeeded' as const })),
    );
    expect(all).toMatchObject({ ok: true });
    expect(all.markdown).toContain('All 3 steps succeeded.');
  });

  it('tells the reviewer what needs a person', () => {
    const after = withoutSpoke('staging');
    const teardown = planDeploy(
      planInputs(
        { registry, assembly: assemblyOf(registry) },
        { registry: after, assembly: assemblyOf(after) },
      ),
    );
    const md = planMarkdown(teardown);
    expect(md).toContain(
      '**Needs a person:** approve the `platform-teardown` environment (tears down spoke staging).',
    );
    expect(md).toContain(
      '| 1 | teardown-spokes | `destroy / platform-spoke-staging` | `staging` | 333344445555 | required |',
    );
    expect(planMarkdown({ steps: [], approvals: [], teardown: [] })).toContain(
      'No CloudFormation deploy',
    );
  });
});
