/**
 * What the tracker knows about a request: compact copies of GitHub's answers and the
 * portal's own evidence. Stored as JSON with the request, so the timeline can be
 * recomputed without asking GitHub again.
 */

/** The pull request (GitHub `pull-request` schema, the fields the timeline reads). */
export interface PullFacts {
  state: 'open' | 'closed';
  draft: boolean;
  merged: boolean;
  title: string;
  htmlUrl: string;
  headSha: string;
  mergeCommitSha?: string;
  createdAt: string;
  updatedAt: string;
  closedAt?: string;
  mergedAt?: string;
  /** `owner/repo` of the base repository as GitHub names it now. */
  baseRepository: string;
}

/** One review (GitHub `pull-request-review`). */
export interface ReviewFacts {
  user: string;
  /** APPROVED | CHANGES_REQUESTED | COMMENTED | DISMISSED | PENDING */
  state: string;
  submittedAt?: string;
  htmlUrl?: string;
}

/** One check run (GitHub `check-run`). */
export interface CheckFacts {
  name: string;
  /** queued | in_progress | completed | waiting | requested | pending */
  status: string;
  /** success | failure | neutral | cancelled | skipped | timed_out | action_required | stale | null */
  conclusion?: string | null;
  startedAt?: string;
  completedAt?: string;
  htmlUrl?: string;
  /** `output.title`: what the pipeline says went wrong, e.g. "cdk-nag in platform-spoke-qa". */
  title?: string;
}

/** One workflow run on the merge commit (GitHub `workflow-run`). */
export interface RunFacts {
  id: number;
  name: string;
  /** queued | in_progress | completed | waiting | requested | pending */
  status: string;
  conclusion?: string | null;
  htmlUrl: string;
  createdAt: string;
  updatedAt: string;
  /** Environments the run waits on for approval (pending deployments), when waiting. */
  waitingFor?: Array<{ environment: string; since?: string }>;
}

/** The portal's own evidence: the entity in the catalog and its spokes' health. */
export interface PortalFacts {
  inCatalog: boolean;
  spokes: Array<{ spoke: string; status: string; summary?: string }>;
  checkedAt: string;
}

export interface RequestFacts {
  pull?: PullFacts;
  reviews: ReviewFacts[];
  /** Check runs on the pull request's head commit. */
  prChecks: CheckFacts[];
  /** Check runs on the merge commit. */
  deployChecks: CheckFacts[];
  /** Workflow runs on the merge commit. */
  deployRuns: RunFacts[];
  portal?: PortalFacts;
  /** Set when GitHub no longer serves the pull request where it was (404, 410, 301). */
  gone?: { reason: string; at: string };
}

export const EMPTY_FACTS: RequestFacts = {
  reviews: [],
  prChecks: [],
  deployChecks: [],
  deployRuns: [],
};
