import {
  RequestStage,
  TimelineState,
  TimelineStep,
} from '@internal/plugin-platform-common';
import { CheckFacts, RequestFacts, RunFacts } from './facts';

/**
 * Pure: from what GitHub and the portal said to the stage, the timeline and the
 * stuck state in words. No I/O; `now` is passed so waits are measured the same way
 * in tests and in production.
 */

/** A request's computed state. */
export interface RequestDescription {
  stage: RequestStage;
  ended: boolean;
  endReason?: string;
  stuck?: string;
  failed: boolean;
  timeline: TimelineStep[];
  /** True once the deploy finished successfully: GitHub need not be asked again. */
  deployFinished: boolean;
}

/** Check-run names of the pull-request pipeline start with this. */
export const PR_CHECK_PREFIX = 'pr / ';
/** The deploy workflow's closing job: done when every leg is done. */
export const DEPLOY_SUMMARY_CHECK = 'deploy / summary';

const FAILED_CONCLUSIONS = new Set([
  'failure',
  'timed_out',
  'cancelled',
  'action_required',
  'startup_failure',
  'stale',
]);

/** "12 min", "26 h", "3 d": how long a wait has lasted, in words. */
export function formatWait(fromIso: string | undefined, now: Date): string {
  if (!fromIso) return 'a while';
  const ms = Math.max(0, now.getTime() - Date.parse(fromIso));
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

function latest(...times: Array<string | undefined>): string | undefined {
  const known = times.filter((t): t is string => !!t);
  if (!known.length) return undefined;
  return known.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
}

function checkState(check: CheckFacts): TimelineState {
  if (check.status === 'waiting') return 'waiting';
  if (check.status !== 'completed') return 'running';
  if (check.conclusion && FAILED_CONCLUSIONS.has(check.conclusion)) {
    return 'failed';
  }
  if (check.conclusion === 'skipped') return 'skipped';
  return 'done';
}

function runState(run: RunFacts): TimelineState {
  return checkState(run);
}

/** Rolls children up: failed beats waiting beats running; done when all are done or skipped. */
function rollUp(states: TimelineState[]): TimelineState {
  if (states.includes('failed')) return 'failed';
  if (states.includes('waiting')) return 'waiting';
  if (states.includes('running')) return 'running';
  return 'done';
}

/** The GitHub environment a deploy leg runs in, from the platform's stack names. */
export function legEnvironment(legName: string): string | undefined {
  const [kind, target] = legName.split(' / ');
  if (!target) return undefined;
  if (kind === 'handshake') return target;
  if (target === 'platform-hub') return 'hub';
  const m = /^platform-(?:spoke|cicd)-(.+)$/.exec(target);
  return m ? m[1] : undefined;
}

function isDeployLeg(name: string): boolean {
  return /^(deploy|destroy|handshake) \/ /.test(name);
}

function commitUrl(pullUrl: string, sha: string): string {
  return pullUrl.replace(/\/pull\/\d+\/?$/, `/commit/${sha}`);
}

interface Part {
  step: TimelineStep;
  stuck?: string;
  failed?: boolean;
}

function checksPart(facts: RequestFacts): Part {
  const checks = facts.prChecks
    .filter(c => c.name.startsWith(PR_CHECK_PREFIX))
    .sort((a, b) => a.name.localeCompare(b.name));
  if (!checks.length) {
    return {
      step: {
        id: 'checks',
        title: 'Checks',
        state: 'waiting',
        detail: 'no pipeline checks reported yet',
      },
    };
  }
  const children: TimelineStep[] = checks.map(c => ({
    id: c.name,
    title: c.name,
    state: checkState(c),
    at: c.completedAt ?? c.startedAt,
    url: c.htmlUrl,
    detail: c.title,
  }));
  const state = rollUp(children.map(c => c.state));
  const failing = checks.filter(c => checkState(c) === 'failed');
  const stuck = failing.length
    ? `checks failing: ${failing.map(c => c.title || c.name).join('; ')}`
    : undefined;
  return {
    step: {
      id: 'checks',
      title: 'Checks',
      state,
      at:
        state === 'done'
          ? latest(...checks.map(c => c.completedAt))
          : undefined,
      url: failing[0]?.htmlUrl,
      detail: stuck,
      children,
    },
    stuck,
    failed: !!stuck,
  };
}

function reviewsPart(facts: RequestFacts): Part & {
  verdict: 'approved' | 'changes-requested' | 'none';
} {
  // A reviewer's latest verdict counts; comments alone change nothing.
  const byUser = new Map<string, (typeof facts.reviews)[number]>();
  for (const r of [...facts.reviews].sort(
    (a, b) => Date.parse(a.submittedAt ?? '') - Date.parse(b.submittedAt ?? ''),
  )) {
    if (r.state === 'COMMENTED' || r.state === 'PENDING') continue;
    byUser.set(r.user, r);
  }
  const verdicts = [...byUser.values()];
  const changes = verdicts.filter(r => r.state === 'CHANGES_REQUESTED');
  const approvals = verdicts.filter(r => r.state === 'APPROVED');
  if (changes.length) {
    const stuck = `changes requested by ${changes.map(r => r.user).join(', ')}`;
    return {
      verdict: 'changes-requested',
      step: {
        id: 'reviews',
        title: 'Review',
        state: 'waiting',
        at: changes[changes.length - 1].submittedAt,
        url: changes[changes.length - 1].htmlUrl,
        detail: stuck,
      },
      stuck,
    };
  }
  if (approvals.length) {
    const last = approvals[approvals.length - 1];
    return {
      verdict: 'approved',
      step: {
        id: 'reviews',
        title: 'Review',
        state: 'done',
        at: last.submittedAt,
        url: last.htmlUrl,
        detail: `approved by ${approvals.map(r => r.user).join(', ')}`,
      },
    };
  }
  return {
    verdict: 'none',
    step: {
      id: 'reviews',
      title: 'Review',
      state: 'waiting',
      detail: 'waiting for a review',
    },
  };
}

function deployPart(
  facts: RequestFacts,
  mergedAt: string | undefined,
  now: Date,
): Part & { started: boolean; finished: boolean } {
  const legs = facts.deployChecks
    .filter(c => isDeployLeg(c.name) && c.name !== DEPLOY_SUMMARY_CHECK)
    .sort((a, b) => a.name.localeCompare(b.name));
  const summary = facts.deployChecks.find(c => c.name === DEPLOY_SUMMARY_CHECK);
  const base = { id: 'deployed', title: 'Deployed' };

  let children: TimelineStep[];
  let finished: boolean;
  let waits: Array<{ environment: string; since?: string }>;
  let failedAt: string[];
  if (legs.length) {
    children = legs.map(c => {
      const environment = legEnvironment(c.name);
      const state = checkState(c);
      return {
        id: c.name,
        title: c.name,
        state,
        at: c.completedAt ?? c.startedAt,
        url: c.htmlUrl,
        detail:
          state === 'waiting' && environment
            ? `waiting for ${environment} approval`
            : c.title,
      };
    });
    failedAt = legs
      .filter(c => checkState(c) === 'failed')
      .map(c => c.name.split(' / ')[1]);
    if (summary && checkState(summary) === 'failed' && !failedAt.length) {
      failedAt = [summary.title || 'the deploy summary'];
    }
    waits = legs
      .filter(c => checkState(c) === 'waiting')
      .map(c => ({
        environment: legEnvironment(c.name) ?? c.name,
        since: c.startedAt ?? mergedAt,
      }));
    // The summary job runs after every phase: without it, legs of later phases may
    // not have been created yet.
    finished = !!summary && checkState(summary) === 'done' && !failedAt.length;
  } else if (facts.deployRuns.length) {
    const runs = [...facts.deployRuns].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    children = runs.map(r => ({
      id: `run-${r.id}`,
      title: r.name,
      state: runState(r),
      at: r.updatedAt,
      url: r.htmlUrl,
      detail: r.waitingFor?.length
        ? `waiting for ${r.waitingFor
            .map(w => w.environment)
            .join(', ')} approval`
        : undefined,
    }));
    failedAt = runs.filter(r => runState(r) === 'failed').map(r => r.name);
    waits = runs.flatMap(r => {
      if (runState(r) !== 'waiting') return [];
      if (!r.waitingFor?.length) {
        return [{ environment: r.name, since: r.updatedAt }];
      }
      return r.waitingFor.map(w => ({
        environment: w.environment,
        since: w.since ?? r.updatedAt,
      }));
    });
    finished = runs.every(r => r.status === 'completed') && !failedAt.length;
  } else {
    return {
      started: false,
      finished: false,
      step: {
        ...base,
        state: 'waiting',
        detail: 'waiting for the deploy to start',
      },
    };
  }

  if (failedAt.length) {
    const stuck = `deploy failed at ${failedAt.join(', ')}`;
    return {
      started: true,
      finished: false,
      failed: true,
      stuck,
      step: {
        ...base,
        state: 'failed',
        detail: stuck,
        url: children.find(c => c.state === 'failed')?.url,
        children,
      },
    };
  }
  if (waits.length) {
    const oldest = waits.reduce((a, b) =>
      Date.parse(a.since ?? '') <= Date.parse(b.since ?? '') ? a : b,
    );
    const stuck = `waiting ${formatWait(oldest.since, now)} for ${
      oldest.environment
    } approval`;
    return {
      started: true,
      finished: false,
      stuck,
      step: {
        ...base,
        state: 'waiting',
        detail: stuck,
        url: children.find(c => c.state === 'waiting')?.url,
        children,
      },
    };
  }
  return {
    started: true,
    finished,
    step: {
      ...base,
      state: finished ? 'done' : 'running',
      at: finished
        ? latest(summary?.completedAt, ...children.map(c => c.at))
        : undefined,
      url: summary?.htmlUrl ?? children[0]?.url,
      children,
    },
  };
}

function spokeState(status: string): TimelineState {
  if (status === 'ok') return 'done';
  if (status === 'critical') return 'failed';
  return 'waiting';
}

function healthyPart(
  facts: RequestFacts,
  entityUrl: string | undefined,
): Part & { healthy: boolean } {
  const base = { id: 'healthy', title: 'Healthy', url: entityUrl };
  const portal = facts.portal;
  if (!portal) {
    return {
      healthy: false,
      step: { ...base, state: 'waiting', detail: 'not checked yet' },
    };
  }
  if (!portal.inCatalog) {
    const stuck = 'deployed, not in the catalog yet';
    return {
      healthy: false,
      stuck,
      step: { ...base, state: 'waiting', detail: stuck },
    };
  }
  const children: TimelineStep[] = portal.spokes.map(s => ({
    id: s.spoke,
    title: `spoke ${s.spoke}`,
    state: spokeState(s.status),
    detail: s.summary,
  }));
  const critical = portal.spokes.filter(s => s.status === 'critical');
  if (critical.length) {
    const stuck = critical
      .map(
        s => `spoke ${s.spoke} is critical${s.summary ? `: ${s.summary}` : ''}`,
      )
      .join('; ');
    return {
      healthy: false,
      stuck,
      failed: true,
      step: { ...base, state: 'failed', detail: stuck, children },
    };
  }
  const notOk = portal.spokes.filter(s => s.status !== 'ok');
  if (!portal.spokes.length || notOk.length) {
    const stuck = portal.spokes.length
      ? `in the catalog; spoke health ${notOk
          .map(s => `${s.spoke} is ${s.status}`)
          .join(', ')}`
      : 'in the catalog; no spoke health yet';
    return {
      healthy: false,
      stuck,
      step: { ...base, state: 'waiting', detail: stuck, children },
    };
  }
  return {
    healthy: true,
    step: {
      ...base,
      state: 'done',
      at: portal.checkedAt,
      detail: 'in the catalog; spoke health ok',
      children,
    },
  };
}

/**
 * The stage, timeline and stuck state of a request.
 *
 * @param entityUrl - where the entity's page is, for the last step's link.
 */
export function describeRequest(
  facts: RequestFacts,
  now: Date,
  entityUrl?: string,
): RequestDescription {
  const pull = facts.pull;
  const opened: TimelineStep = pull
    ? {
        id: 'opened',
        title: 'Opened',
        state: 'done',
        at: pull.createdAt,
        url: pull.htmlUrl,
        detail: pull.draft ? `draft: ${pull.title}` : pull.title,
      }
    : {
        id: 'opened',
        title: 'Opened',
        state: 'waiting',
        detail: 'not read from GitHub yet',
      };

  if (!pull) {
    return {
      stage: facts.gone ? 'closed' : 'open',
      ended: !!facts.gone,
      endReason: facts.gone?.reason,
      failed: false,
      deployFinished: false,
      timeline: [opened],
    };
  }

  const checks = checksPart(facts);
  const reviews = reviewsPart(facts);
  const timeline: TimelineStep[] = [opened, checks.step, reviews.step];

  if (!pull.merged) {
    const closed = pull.state === 'closed' || !!facts.gone;
    timeline.push({
      id: 'merged',
      title: 'Merged',
      state: closed ? 'failed' : 'waiting',
      at: closed ? pull.closedAt : undefined,
      url: pull.htmlUrl,
      detail: closed ? 'closed without merging' : undefined,
    });
    if (closed) {
      return {
        stage: 'closed',
        ended: true,
        endReason: facts.gone?.reason ?? 'closed without merging',
        failed: false,
        deployFinished: false,
        timeline,
      };
    }
    let stage: RequestStage = 'open';
    if (pull.draft) stage = 'draft';
    else if (reviews.verdict === 'changes-requested') {
      stage = 'changes-requested';
    } else if (reviews.verdict === 'approved') stage = 'approved';
    const stuck = checks.stuck ?? reviews.stuck;
    return {
      stage,
      ended: false,
      stuck,
      failed: !!checks.failed,
      deployFinished: false,
      timeline,
    };
  }

  timeline.push({
    id: 'merged',
    title: 'Merged',
    state: 'done',
    at: pull.mergedAt,
    url: pull.mergeCommitSha
      ? commitUrl(pull.htmlUrl, pull.mergeCommitSha)
      : pull.htmlUrl,
  });
  const deploy = deployPart(facts, pull.mergedAt, now);
  timeline.push(deploy.step);
  if (!deploy.finished) {
    return {
      stage: deploy.started ? 'deploying' : 'merged',
      ended: !!facts.gone,
      endReason: facts.gone?.reason,
      stuck: deploy.stuck,
      failed: !!deploy.failed,
      deployFinished: false,
      timeline,
    };
  }
  const healthy = healthyPart(facts, entityUrl);
  timeline.push(healthy.step);
  return {
    stage: healthy.healthy ? 'healthy' : 'deployed',
    ended: healthy.healthy,
    endReason: healthy.healthy ? 'running and healthy' : undefined,
    stuck: healthy.stuck,
    failed: !!healthy.failed,
    deployFinished: true,
    timeline,
  };
}
