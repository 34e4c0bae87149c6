import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { Octokit } from '@octokit/rest';
import { CheckFacts, PullFacts, ReviewFacts, RunFacts } from '../facts';

/**
 * The tracker's view of GitHub: five reads, each conditional (If-None-Match with the
 * ETag of the last answer; GitHub's 304 costs no rate limit). Redirects are not
 * followed, so a renamed repository shows as `moved` instead of silently changing.
 */

/** A repository on a GitHub host. */
export interface RepositoryRef {
  host: string;
  owner: string;
  repo: string;
}

export type Conditional<T> =
  | { status: 'ok'; data: T; etag?: string }
  | { status: 'not-modified' }
  | { status: 'moved'; location?: string }
  | { status: 'gone'; httpStatus: number };

/** GitHub's rate limit is spent: nothing may be asked before `retryAt`. */
export class GithubRateLimitError extends Error {
  name = 'GithubRateLimitError';
  constructor(readonly retryAt: Date, message: string) {
    super(message);
  }
}

/** GitHub answered 5xx, refused for another reason, or could not be reached: try later. */
export class GithubUnavailableError extends Error {
  name = 'GithubUnavailableError';
}

export interface GithubRequestsApi {
  getPull(
    repo: RepositoryRef,
    number: number,
    etag?: string,
  ): Promise<Conditional<PullFacts>>;
  listReviews(
    repo: RepositoryRef,
    number: number,
    etag?: string,
  ): Promise<Conditional<ReviewFacts[]>>;
  listCheckRuns(
    repo: RepositoryRef,
    sha: string,
    etag?: string,
  ): Promise<Conditional<CheckFacts[]>>;
  listWorkflowRuns(
    repo: RepositoryRef,
    sha: string,
    etag?: string,
  ): Promise<Conditional<RunFacts[]>>;
  listPendingDeployments(
    repo: RepositoryRef,
    runId: number,
    etag?: string,
  ): Promise<Conditional<Array<{ environment: string; since?: string }>>>;
}

/** Counts of what was sent to GitHub, for the benchmark and the logs. */
export interface GithubCallCounts {
  requests: number;
  notModified: number;
}

const PAGE = 100;

function header(headers: unknown, name: string): string | undefined {
  const value = (headers as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** Turns octokit's answer or error into a Conditional, or throws the retryable errors. */
async function conditional<R, T>(
  call: () => Promise<{ status: number; data: R; headers: unknown }>,
  map: (data: R) => T,
  now: () => Date,
): Promise<Conditional<T>> {
  let response: { status: number; data: R; headers: unknown };
  try {
    response = await call();
  } catch (e) {
    const error = e as {
      status?: number;
      message?: string;
      response?: { headers?: unknown };
    };
    const status = error.status;
    const headers = error.response?.headers;
    if (status === 304) return { status: 'not-modified' };
    if (status === 404 || status === 410) {
      return { status: 'gone', httpStatus: status };
    }
    if (status === 403 || status === 429) {
      const retryAfter = header(headers, 'retry-after');
      const remaining = header(headers, 'x-ratelimit-remaining');
      const reset = header(headers, 'x-ratelimit-reset');
      if (retryAfter && /^\d+$/.test(retryAfter)) {
        throw new GithubRateLimitError(
          new Date(now().getTime() + Number(retryAfter) * 1000),
          `GitHub asked to retry after ${retryAfter} s (${status})`,
        );
      }
      if (remaining === '0' && reset && /^\d+$/.test(reset)) {
        throw new GithubRateLimitError(
          new Date(Number(reset) * 1000),
          `GitHub rate limit spent until ${new Date(
            Number(reset) * 1000,
          ).toISOString()} (${status})`,
        );
      }
      if (status === 429) {
        throw new GithubRateLimitError(
          new Date(now().getTime() + 60_000),
          'GitHub answered 429 without a retry time',
        );
      }
    }
    throw new GithubUnavailableError(
      `GitHub answered ${status ?? 'nothing'}: ${error.message ?? e}`,
    );
  }
  if (response.status >= 300 && response.status < 400) {
    return { status: 'moved', location: header(response.headers, 'location') };
  }
  return {
    status: 'ok',
    data: map(response.data),
    etag: header(response.headers, 'etag'),
  };
}

/** At most this many pages of one list (1,000 items) per look. */
const MAX_PAGES = 10;

/**
 * Every page of a list. The first page is asked conditionally; the ETag is kept only
 * when the whole list fitted in a page that was not full, because a page's ETag
 * covers that page alone: an item added to a later page (reviews are oldest first)
 * would leave the first page, and its 304, unchanged.
 */
async function conditionalList<R, T>(
  call: (
    page: number,
    etag?: string,
  ) => Promise<{ status: number; data: R; headers: unknown }>,
  map: (data: R) => T[],
  etag: string | undefined,
  now: () => Date,
): Promise<Conditional<T[]>> {
  let more = false;
  let size = 0;
  const pageOf = (page: number, tag?: string) =>
    conditional(
      async () => {
        const response = await call(page, tag);
        more = /rel="next"/.test(header(response.headers, 'link') ?? '');
        return response;
      },
      (data: R) => {
        const items = map(data);
        size = items.length;
        return items;
      },
      now,
    );
  const first = await pageOf(1, etag);
  if (first.status !== 'ok') return first;
  const items = [...first.data];
  const whole = !more && size < PAGE;
  for (let page = 2; more && page <= MAX_PAGES; page++) {
    const next = await pageOf(page);
    if (next.status !== 'ok') return next;
    items.push(...next.data);
  }
  return { status: 'ok', data: items, etag: whole ? first.etag : undefined };
}

function mapPull(pr: any): PullFacts {
  return {
    state: pr.state === 'closed' ? 'closed' : 'open',
    draft: !!pr.draft,
    merged: !!pr.merged || !!pr.merged_at,
    title: pr.title,
    htmlUrl: pr.html_url,
    headSha: pr.head?.sha,
    mergeCommitSha: pr.merged_at ? pr.merge_commit_sha ?? undefined : undefined,
    createdAt: pr.created_at,
    updatedAt: pr.updated_at,
    closedAt: pr.closed_at ?? undefined,
    mergedAt: pr.merged_at ?? undefined,
    baseRepository: pr.base?.repo?.full_name,
  };
}

function mapCheck(c: any): CheckFacts {
  return {
    name: c.name,
    status: c.status,
    conclusion: c.conclusion ?? null,
    startedAt: c.started_at ?? undefined,
    completedAt: c.completed_at ?? undefined,
    htmlUrl: c.html_url ?? undefined,
    title: c.output?.title ?? undefined,
  };
}

function mapRun(r: any): RunFacts {
  return {
    id: r.id,
    name: r.name ?? r.display_title ?? `run ${r.id}`,
    status: r.status,
    conclusion: r.conclusion ?? null,
    htmlUrl: r.html_url,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/**
 * {@link GithubRequestsApi} with `@octokit/rest` and the GitHub integration's
 * credentials (a token or a GitHub App installation, per host and organisation).
 */
export class OctokitGithubRequestsApi implements GithubRequestsApi {
  readonly counts: GithubCallCounts = { requests: 0, notModified: 0 };

  static fromIntegrations(
    integrations: ScmIntegrationRegistry,
    options: { now?: () => Date } = {},
  ): OctokitGithubRequestsApi {
    return new OctokitGithubRequestsApi(
      integrations,
      DefaultGithubCredentialsProvider.fromIntegrations(integrations),
      options.now ?? (() => new Date()),
    );
  }

  constructor(
    private readonly integrations: ScmIntegrationRegistry,
    private readonly credentials: GithubCredentialsProvider,
    private readonly now: () => Date,
  ) {}

  private async octokit(repo: RepositoryRef): Promise<Octokit> {
    const integration = this.integrations.github.byHost(repo.host);
    if (!integration) {
      throw new GithubUnavailableError(
        `No GitHub integration for ${repo.host}: add it under integrations.github`,
      );
    }
    const { token } = await this.credentials.getCredentials({
      url: `https://${repo.host}/${repo.owner}/${repo.repo}`,
    });
    const counts = this.counts;
    // Looked up per call so a test's fetch interceptor installed later still applies.
    const countingFetch = async (url: any, init: any) => {
      counts.requests += 1;
      const response = await globalThis.fetch(url, {
        ...init,
        redirect: 'manual',
      });
      if (response.status === 304) counts.notModified += 1;
      return response;
    };
    return new Octokit({
      auth: token,
      baseUrl: integration.config.apiBaseUrl,
      request: { fetch: countingFetch },
      log: { debug() {}, info() {}, warn() {}, error() {} },
    });
  }

  private headers(etag?: string) {
    return etag ? { 'if-none-match': etag } : {};
  }

  async getPull(repo: RepositoryRef, number: number, etag?: string) {
    const octokit = await this.octokit(repo);
    return conditional(
      () =>
        octokit.rest.pulls.get({
          owner: repo.owner,
          repo: repo.repo,
          pull_number: number,
          headers: this.headers(etag),
        }),
      mapPull,
      this.now,
    );
  }

  async listReviews(repo: RepositoryRef, number: number, etag?: string) {
    const octokit = await this.octokit(repo);
    return conditionalList(
      (page, tag) =>
        octokit.rest.pulls.listReviews({
          owner: repo.owner,
          repo: repo.repo,
          pull_number: number,
          per_page: PAGE,
          page,
          headers: this.headers(tag),
        }),
      (reviews: any[]) =>
        reviews.map(r => ({
          user: r.user?.login ?? 'someone',
          state: r.state,
          submittedAt: r.submitted_at ?? undefined,
          htmlUrl: r.html_url ?? undefined,
        })),
      etag,
      this.now,
    );
  }

  async listCheckRuns(repo: RepositoryRef, sha: string, etag?: string) {
    const octokit = await this.octokit(repo);
    return conditionalList<any, CheckFacts>(
      (page, tag) =>
        octokit.rest.checks.listForRef({
          owner: repo.owner,
          repo: repo.repo,
          ref: sha,
          per_page: PAGE,
          page,
          headers: this.headers(tag),
        }),
      (data: any) => (data.check_runs ?? []).map(mapCheck),
      etag,
      this.now,
    );
  }

  async listWorkflowRuns(repo: RepositoryRef, sha: string, etag?: string) {
    const octokit = await this.octokit(repo);
    return conditionalList<any, RunFacts>(
      (page, tag) =>
        octokit.rest.actions.listWorkflowRunsForRepo({
          owner: repo.owner,
          repo: repo.repo,
          head_sha: sha,
          per_page: PAGE,
          page,
          headers: this.headers(tag),
        }),
      (data: any) => (data.workflow_runs ?? []).map(mapRun),
      etag,
      this.now,
    );
  }

  async listPendingDeployments(
    repo: RepositoryRef,
    runId: number,
    etag?: string,
  ) {
    const octokit = await this.octokit(repo);
    return conditional(
      () =>
        octokit.rest.actions.getPendingDeploymentsForRun({
          owner: repo.owner,
          repo: repo.repo,
          run_id: runId,
          headers: this.headers(etag),
        }),
      (pending: any[]) =>
        pending.map(p => ({
          environment: p.environment?.name ?? 'an environment',
          since: p.wait_timer_started_at ?? undefined,
        })),
      this.now,
    );
  }
}
