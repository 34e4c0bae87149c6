import { Assembly, AssemblyStack } from './assembly';
import { StackDiff } from './diff';
import {
  cicdStackName,
  classifyStack,
  HUB_ENVIRONMENT,
  PlatformAccount,
  StackKind,
} from './stacks';

/**
 * The phases of a platform deploy, in order. The deploy workflow has one job per
 * phase (a matrix over that phase's steps), each needing the one before, so the
 * order below is the order GitHub runs them in.
 *
 * Removing a spoke follows seed 004's teardown order: its workloads, then its
 * infrastructure, then the hub's share and routes (the hub deploy and the
 * handshake's release, which come after the teardown phases).
 */
export const PHASES = [
  'teardown-workloads',
  'teardown-spokes',
  'bootstrap',
  'hub',
  'spokes',
  'handshake',
  'workloads',
] as const;
export type Phase = (typeof PHASES)[number];

/** The GitHub environment that gates every teardown (required reviewers). */
export const TEARDOWN_ENVIRONMENT = 'platform-teardown';

export type StepAction = 'deploy' | 'destroy' | 'handshake' | 'release';

/** One unit of work of a deploy: one job in the deploy workflow. */
export interface PlanStep {
  /** Unique within the plan, e.g. `deploy:platform-hub`, `handshake:dev`. */
  readonly id: string;
  /** The check-run name, e.g. `deploy / platform-spoke-dev`. */
  readonly title: string;
  readonly phase: Phase;
  readonly action: StepAction;
  /** The stack deployed or destroyed (deploy and destroy steps). */
  readonly stackName?: string;
  /** The spoke the handshake accepts or releases (handshake and release steps). */
  readonly spoke?: string;
  /** The GitHub environment the job runs in: one per account. */
  readonly environment: string;
  readonly account: string;
  readonly region: string;
  /** Someone has to approve before it runs (prod class, or any teardown). */
  readonly approval: boolean;
  readonly reason: string;
  /** Steps that must have succeeded; if one failed or was skipped, this is skipped. */
  readonly dependsOn: readonly string[];
}

/** An approval the run waits for. */
export interface PlanApproval {
  readonly environment: string;
  readonly reason: string;
}

/** What a change deploys, in which order, where, and who must approve. */
export interface DeployPlan {
  readonly steps: readonly PlanStep[];
  readonly approvals: readonly PlanApproval[];
  /** Spokes whose removal is planned. */
  readonly teardown: readonly string[];
}

/** Inputs of {@link planDeploy}. */
export interface PlanInput {
  /** The synth of the base (undefined: nothing deployed yet). */
  readonly base?: Assembly;
  readonly head: Assembly;
  /** Template differences between base and head ({@link diffAssemblies}). */
  readonly diffs: readonly StackDiff[];
  /**
   * Every account of the head registry and, for removed spokes, of the base one
   * ({@link platformAccounts}).
   */
  readonly accounts: readonly PlatformAccount[];
}

const DEPLOY_PHASE: Record<StackKind, Phase> = {
  cicd: 'bootstrap',
  hub: 'hub',
  'service-hub': 'hub',
  spoke: 'spokes',
  'service-spoke': 'workloads',
};
const DESTROY_PHASE: Record<StackKind, Phase> = {
  cicd: 'teardown-spokes',
  hub: 'teardown-spokes',
  'service-hub': 'teardown-workloads',
  spoke: 'teardown-spokes',
  'service-spoke': 'teardown-workloads',
};

/**
 * Plans a deploy from the template differences between two synths. Pure.
 *
 * - Only stacks whose template changed are deployed; a change that leaves every
 *   template as it was (a chart, a portal plugin) plans nothing.
 * - A new spoke: its account's CI/CD stack, then the hub (which shares the
 *   Transit Gateway with the account), then the spoke (which attaches), then the
 *   hub-side handshake (accept, associate, route).
 * - A removed spoke: its workloads, its stack, then the hub (share withdrawn) and
 *   the release of its routes; every teardown step waits for approval.
 * - Prod-class accounts need approval (their GitHub environment has required
 *   reviewers).
 *
 * @throws naming the stack when a stack name is outside the platform's
 *   conventions, or when it depends on a stack planned in a later phase.
 */
export function planDeploy(input: PlanInput): DeployPlan {
  const environments = input.accounts.map(a => a.environment);
  const byEnvironment = new Map(input.accounts.map(a => [a.environment, a]));
  const headStacks = new Map(input.head.stacks.map(s => [s.stackName, s]));
  const baseStacks = new Map(
    (input.base?.stacks ?? []).map(s => [s.stackName, s]),
  );
  const steps: PlanStep[] = [];
  const stepFor = new Map<string, PlanStep>();

  const describe = (stack: AssemblyStack) => {
    const kind = classifyStack(stack.stackName, environments);
    if (!kind) {
      throw new Error(
        `stack ${stack.stackName} does not follow the platform's stack names (platform-cicd-<account>, platform-hub, platform-spoke-<spoke>, platform-service-<service>-<hub|spoke>), so its deploy order is unknown`,
      );
    }
    const account = byEnvironment.get(kind.environment);
    if (!account) {
      throw new Error(
        `stack ${stack.stackName}: no account named '${kind.environment}' in the registry`,
      );
    }
    return { ...kind, account };
  };

  const removedSpokes: string[] = [];
  for (const diff of input.diffs) {
    const removed = diff.status === 'removed';
    const stack = removed
      ? baseStacks.get(diff.stackName)
      : headStacks.get(diff.stackName);
    if (!stack) {
      throw new Error(
        `stack ${diff.stackName} is in the diff but not in the ${
          removed ? 'base' : 'head'
        } assembly`,
      );
    }
    const { kind, environment, account } = describe(stack);
    if (removed && kind === 'spoke') removedSpokes.push(environment);
    const action: StepAction = removed ? 'destroy' : 'deploy';
    const step: PlanStep = {
      id: `${action}:${stack.stackName}`,
      title: `${action} / ${stack.stackName}`,
      phase: removed ? DESTROY_PHASE[kind] : DEPLOY_PHASE[kind],
      action,
      stackName: stack.stackName,
      environment,
      account: stack.account,
      region: stack.region,
      approval: removed || account.environmentClass === 'prod',
      reason: stepReason(diff, kind, environment),
      dependsOn: [],
    };
    steps.push(step);
    stepFor.set(step.id, step);
  }

  // The hub-side handshake after each new spoke, the release after each removal.
  for (const step of [...steps]) {
    if (!step.stackName) continue;
    const kind = classifyStack(step.stackName, environments)!;
    if (kind.kind !== 'spoke') continue;
    const hub = byEnvironment.get(HUB_ENVIRONMENT)!;
    const isNew = step.action === 'deploy' && !baseStacks.has(step.stackName);
    if (!isNew && step.action !== 'destroy') continue;
    const action: StepAction = isNew ? 'handshake' : 'release';
    const handshake: PlanStep = {
      id: `${action}:${kind.environment}`,
      title: `${action} / ${kind.environment}`,
      phase: 'handshake',
      action,
      spoke: kind.environment,
      environment: HUB_ENVIRONMENT,
      account: hub.account,
      region: hub.region,
      approval: action === 'release',
      reason: isNew
        ? `accept the ${kind.environment} attachment, associate it with the ${
            byEnvironment.get(kind.environment)!.environmentClass
          } route table and add its routes`
        : `remove the hub's routes to ${kind.environment}`,
      dependsOn: [],
    };
    steps.push(handshake);
    stepFor.set(handshake.id, handshake);
  }

  const phaseIndex = (p: Phase) => PHASES.indexOf(p);
  const withDeps = steps.map(step => {
    const deps = new Set<string>();
    const add = (id: string) => {
      if (stepFor.has(id) && id !== step.id) deps.add(id);
    };
    const kind = step.stackName
      ? classifyStack(step.stackName, environments)!
      : undefined;
    if (step.action === 'deploy' && kind) {
      add(`deploy:${cicdStackName(step.environment)}`);
      const stack = headStacks.get(step.stackName!)!;
      for (const dep of stack.dependencies) add(`deploy:${dep}`);
      if (kind.kind === 'spoke') {
        // The hub shares the gateway with the account before the spoke attaches.
        if (!baseStacks.has(step.stackName!)) add('deploy:platform-hub');
      }
      if (kind.kind === 'service-spoke') {
        add(`deploy:platform-spoke-${kind.environment}`);
        add(`handshake:${kind.environment}`);
        add(`deploy:platform-service-${kind.service}-${HUB_ENVIRONMENT}`);
      }
      if (kind.kind === 'hub' || kind.kind === 'service-hub') {
        // The hub withdraws its share only after the spokes it shared with are gone.
        for (const spoke of removedSpokes) {
          add(`destroy:platform-spoke-${spoke}`);
        }
      }
    }
    if (step.action === 'destroy' && kind) {
      if (kind.kind === 'spoke') {
        for (const other of steps) {
          const o = other.stackName
            ? classifyStack(other.stackName, environments)
            : undefined;
          if (
            other.action === 'destroy' &&
            o?.kind === 'service-spoke' &&
            o.environment === kind.environment
          ) {
            add(other.id);
          }
        }
      }
    }
    if (step.action === 'handshake') {
      add(`deploy:platform-spoke-${step.spoke}`);
      add('deploy:platform-hub');
    }
    if (step.action === 'release') {
      add(`destroy:platform-spoke-${step.spoke}`);
      add('deploy:platform-hub');
    }
    for (const dep of deps) {
      const other = stepFor.get(dep)!;
      if (phaseIndex(other.phase) >= phaseIndex(step.phase)) {
        throw new Error(
          `${step.title} depends on ${other.title}, which is planned in phase ${other.phase}, not before ${step.phase}`,
        );
      }
    }
    return { ...step, dependsOn: [...deps].sort() };
  });

  const ordered = withDeps.sort(
    (a, b) =>
      phaseIndex(a.phase) - phaseIndex(b.phase) || a.id.localeCompare(b.id),
  );
  const approvals: PlanApproval[] = [];
  if (ordered.some(s => s.action === 'destroy')) {
    approvals.push({
      environment: TEARDOWN_ENVIRONMENT,
      reason: `tears down ${
        removedSpokes.length
          ? `spoke ${removedSpokes.sort().join(', ')}`
          : 'stacks no longer synthesized'
      }`,
    });
  }
  for (const env of [
    ...new Set(ordered.filter(s => s.approval).map(s => s.environment)),
  ]) {
    if (byEnvironment.get(env)?.environmentClass === 'prod') {
      approvals.push({
        environment: env,
        reason: `deploys to the prod-class account ${
          byEnvironment.get(env)!.account
        }`,
      });
    }
  }
  return { steps: ordered, approvals, teardown: removedSpokes.sort() };
}

function stepReason(
  diff: StackDiff,
  kind: StackKind,
  environment: string,
): string {
  if (diff.status === 'removed') {
    return kind === 'spoke'
      ? `spoke ${environment} removed from the registry`
      : 'no longer synthesized';
  }
  if (diff.status === 'new') return 'new stack';
  return `template changed (${diff.added} added, ${diff.modified} modified, ${diff.removed} removed)`;
}

/** The steps of one phase, as the deploy workflow's matrix (`include`). */
export function phaseMatrix(
  plan: DeployPlan,
  phase: Phase,
): { include: PlanStep[] } {
  return { include: plan.steps.filter(s => s.phase === phase) };
}
