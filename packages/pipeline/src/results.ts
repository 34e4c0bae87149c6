import { DeployPlan, PlanStep } from './plan';

/** How one step of a deploy ended. */
export interface StepResult {
  readonly id: string;
  readonly status: 'succeeded' | 'failed' | 'skipped';
  readonly detail?: string;
}

/**
 * Whether a step may run: every step it depends on must have succeeded. A failed
 * or skipped dependency (or one with no result, because its job never ran)
 * skips it, naming the first such dependency.
 */
export function gateStep(
  plan: DeployPlan,
  stepId: string,
  results: readonly StepResult[],
): { run: true } | { run: false; reason: string } {
  const step = plan.steps.find(s => s.id === stepId);
  if (!step) {
    throw new Error(
      `step '${stepId}' is not in the plan (${plan.steps
        .map(s => s.id)
        .join(', ')})`,
    );
  }
  const byId = new Map(results.map(r => [r.id, r]));
  for (const dep of step.dependsOn) {
    const r = byId.get(dep);
    if (r?.status !== 'succeeded') {
      return {
        run: false,
        reason: `${dep} ${r ? r.status : 'did not run'}`,
      };
    }
  }
  return { run: true };
}

const ICON: Record<StepResult['status'] | 'not run', string> = {
  succeeded: '✅',
  failed: '❌',
  skipped: '⏭️',
  'not run': '⚪',
};

/**
 * The run summary ($GITHUB_STEP_SUMMARY): every planned step in order with its
 * outcome, and what was stopped because something it depends on failed.
 */
export function deploySummary(
  plan: DeployPlan,
  results: readonly StepResult[],
): { markdown: string; ok: boolean } {
  if (!plan.steps.length) {
    return {
      markdown:
        '## Platform deploy\n\nNothing to deploy: no stack template changed.',
      ok: true,
    };
  }
  const byId = new Map(results.map(r => [r.id, r]));
  const rows = plan.steps.map((s: PlanStep) => {
    const r = byId.get(s.id);
    const status = r?.status ?? 'not run';
    return `| ${ICON[status]} ${status} | \`${s.title}\` | ${s.environment} (${
      s.account
    }) | ${s.reason} | ${r?.detail ?? ''} |`;
  });
  const failed = plan.steps.filter(s => byId.get(s.id)?.status === 'failed');
  const stopped = plan.steps.filter(
    s => byId.get(s.id)?.status !== 'succeeded' && !failed.includes(s),
  );
  const ok = failed.length === 0 && stopped.length === 0;
  const headline = ok
    ? `All ${plan.steps.length} steps succeeded.`
    : `${failed.length} failed, ${stopped.length} stopped or not run: ${[
        ...failed,
        ...stopped,
      ]
        .map(s => `\`${s.title}\``)
        .join(', ')}.`;
  return {
    markdown: [
      '## Platform deploy',
      '',
      headline,
      '',
      '| result | step | environment (account) | why | detail |',
      '| --- | --- | --- | --- | --- |',
      ...rows,
    ].join('\n'),
    ok,
  };
}

/** The plan as Markdown for the pull request comment. */
export function planMarkdown(plan: DeployPlan): string {
  if (!plan.steps.length) {
    return '### Deploy plan\n\nNo CloudFormation deploy: no stack template changes.';
  }
  const lines = [
    '### Deploy plan',
    '',
    'After merge, in this order (each phase waits for the one before; a failed step stops what depends on it):',
    '',
    '| # | phase | step | GitHub environment | account | approval | why |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...plan.steps.map(
      (s, i) =>
        `| ${i + 1} | ${s.phase} | \`${s.title}\` | \`${s.environment}\` | ${
          s.account
        } | ${s.approval ? 'required' : ''} | ${s.reason} |`,
    ),
  ];
  if (plan.approvals.length) {
    lines.push(
      '',
      `**Needs a person:** ${plan.approvals
        .map(a => `approve the \`${a.environment}\` environment (${a.reason})`)
        .join('; ')}.`,
    );
  }
  if (plan.teardown.length) {
    lines.push(
      '',
      `**Teardown** of ${plan.teardown.join(
        ', ',
      )} follows seed 004: workloads first, then the spoke's infrastructure, then the hub's share and routes. Remove the spoke's Argo CD applications before approving: load balancers and volumes they created are not CloudFormation's and would block the VPC's deletion.`,
    );
  }
  return lines.join('\n');
}
