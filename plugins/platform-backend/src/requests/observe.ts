import { CachedRead } from './RequestStore';
import { RequestFacts } from './facts';
import {
  Conditional,
  GithubRequestsApi,
  RepositoryRef,
} from './github/GithubClient';

/**
 * Asks GitHub what changed for one pull request, conditionally: each read sends the
 * ETag of its last answer and reuses the cached facts on 304. Reads only what the
 * request's phase needs: head checks and reviews while open, the merge commit's
 * check runs and workflow runs once merged.
 */
export async function observePull(options: {
  github: GithubRequestsApi;
  repo: RepositoryRef;
  number: number;
  facts: RequestFacts;
  cache: Record<string, CachedRead>;
  now: Date;
}): Promise<{ facts: RequestFacts; cache: Record<string, CachedRead> }> {
  const { github, repo, number, now } = options;
  const previous = options.cache;
  const cache: Record<string, CachedRead> = {};

  /** One conditional read; undefined when GitHub says the thing is gone or moved. */
  async function read<T>(
    key: string,
    call: (etag?: string) => Promise<Conditional<T>>,
    fallback: T,
  ): Promise<Conditional<T> & { value: T }> {
    const cached = previous[key];
    const answer = await call(cached?.etag);
    if (answer.status === 'not-modified' && cached) {
      cache[key] = cached;
      return { ...answer, value: cached.value as T };
    }
    if (answer.status === 'ok') {
      if (answer.etag) cache[key] = { etag: answer.etag, value: answer.data };
      return { ...answer, value: answer.data };
    }
    return { ...answer, value: fallback } as Conditional<T> & { value: T };
  }

  const facts: RequestFacts = { ...options.facts };
  const pull = await read(
    'pull',
    etag => github.getPull(repo, number, etag),
    facts.pull,
  );
  if (pull.status === 'gone') {
    return {
      facts: {
        ...facts,
        gone: {
          reason: `the pull request is gone: GitHub answered ${pull.httpStatus} for ${repo.owner}/${repo.repo}#${number} (deleted, or the repository was made inaccessible)`,
          at: now.toISOString(),
        },
      },
      cache: previous,
    };
  }
  if (pull.status === 'moved') {
    return {
      facts: {
        ...facts,
        gone: {
          reason: `the repository ${repo.owner}/${
            repo.repo
          } was renamed or moved (GitHub redirects to ${
            pull.location ?? 'another address'
          }); track the pull request at its new address`,
          at: now.toISOString(),
        },
      },
      cache: previous,
    };
  }
  const pr = pull.value;
  if (!pr) return { facts, cache: previous };
  facts.pull = pr;

  const keep = (prefix: string) => {
    for (const [k, v] of Object.entries(previous)) {
      if (k.startsWith(prefix) && !cache[k]) cache[k] = v;
    }
  };

  if (!pr.merged) {
    const reviews = await read(
      'reviews',
      etag => github.listReviews(repo, number, etag),
      facts.reviews,
    );
    facts.reviews = reviews.status === 'gone' ? [] : reviews.value;
    // Keyed by the head commit: a push (or a hand edit of the branch) starts fresh checks.
    const checks = await read(
      `checks:${pr.headSha}`,
      etag => github.listCheckRuns(repo, pr.headSha, etag),
      [],
    );
    facts.prChecks = checks.value;
    return { facts, cache };
  }

  // Merged: reviews and head checks no longer change the outcome; keep what we had.
  keep('reviews');
  keep(`checks:${pr.headSha}`);
  const sha = pr.mergeCommitSha;
  if (!sha) return { facts, cache };
  const deployChecks = await read(
    `checks:${sha}`,
    etag => github.listCheckRuns(repo, sha, etag),
    [],
  );
  facts.deployChecks = deployChecks.value;
  const runs = await read(
    `runs:${sha}`,
    etag => github.listWorkflowRuns(repo, sha, etag),
    [],
  );
  const deployRuns = [];
  for (const run of runs.value) {
    if (run.status !== 'waiting') {
      deployRuns.push(run);
      continue;
    }
    const pending = await read(
      `pending:${run.id}`,
      etag => github.listPendingDeployments(repo, run.id, etag),
      [],
    );
    deployRuns.push({ ...run, waitingFor: pending.value });
  }
  facts.deployRuns = deployRuns;
  return { facts, cache };
}
