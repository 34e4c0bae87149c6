import { createHash } from 'node:crypto';
import { http, HttpResponse } from 'msw';

/**
 * GitHub's REST API faked at the HTTP level for msw: one repository's pull requests,
 * reviews, check runs and workflow runs, shaped like GitHub's schemas (the fields the
 * tracker reads and a few around them). Answers If-None-Match with 304 when the body
 * is unchanged, and can be told to fail: rate limit, 5xx, 404, 301.
 */

export const API = 'https://api.github.test';

export interface FakeCheckRun {
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  started_at?: string;
  completed_at?: string | null;
  title?: string;
}

export interface FakeRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  created_at: string;
  updated_at: string;
  pending?: Array<{ environment: string; since?: string }>;
}

export interface FakePull {
  number: number;
  state: 'open' | 'closed';
  draft: boolean;
  title: string;
  head_sha: string;
  merged_at: string | null;
  merge_commit_sha: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export interface FakeReview {
  id: number;
  login: string;
  state: string;
  submitted_at: string;
}

type Fault =
  | { kind: 'rate-limit'; resetEpochSeconds: number }
  | { kind: 'retry-after'; seconds: number }
  | { kind: 'server-error'; status: number }
  | { kind: 'gone' }
  | { kind: 'moved'; location: string };

export class GithubFake {
  owner = 'acme';
  repo = 'platform';
  pulls = new Map<number, FakePull>();
  reviews = new Map<number, FakeReview[]>();
  checkRuns: FakeCheckRun[] = [];
  runs: FakeRun[] = [];
  /** Every request: method, path, If-None-Match sent, status answered. */
  calls: Array<{ path: string; etag?: string; status: number }> = [];
  private faults: Fault[] = [];
  private permanent?: Fault;
  private nextId = 1000;

  get full() {
    return `${this.owner}/${this.repo}`;
  }

  openPull(number: number, over: Partial<FakePull> = {}): FakePull {
    const pull: FakePull = {
      number,
      state: 'open',
      draft: false,
      title: `platform: add spoke qa (nonprod)`,
      head_sha: 'a'.repeat(40),
      merged_at: null,
      merge_commit_sha: 'f'.repeat(40),
      created_at: '2026-12-01T09:00:00Z',
      updated_at: '2026-12-01T09:00:00Z',
      closed_at: null,
      ...over,
    };
    this.pulls.set(number, pull);
    this.reviews.set(number, []);
    return pull;
  }

  updatePull(number: number, change: Partial<FakePull>) {
    const pull = this.pulls.get(number)!;
    Object.assign(pull, change, {
      updated_at: change.updated_at ?? new Date().toISOString(),
    });
  }

  review(number: number, login: string, state: string, at: string) {
    this.reviews
      .get(number)!
      .push({ id: this.nextId++, login, state, submitted_at: at });
  }

  merge(number: number, at: string, sha = 'm'.repeat(40)) {
    this.updatePull(number, {
      state: 'closed',
      merged_at: at,
      closed_at: at,
      merge_commit_sha: sha,
      updated_at: at,
    });
  }

  /** Adds or replaces a check run by name and commit. */
  check(run: FakeCheckRun) {
    this.checkRuns = this.checkRuns.filter(
      c => !(c.name === run.name && c.head_sha === run.head_sha),
    );
    this.checkRuns.push(run);
  }

  run(run: FakeRun) {
    this.runs = this.runs.filter(r => r.id !== run.id);
    this.runs.push(run);
  }

  /** The next answers fail, one fault per request. */
  failNext(...faults: Fault[]) {
    this.faults.push(...faults);
  }

  /** Every answer fails this way from now on. */
  failAlways(fault: Fault | undefined) {
    this.permanent = fault;
  }

  count(filter: (c: { status: number }) => boolean = () => true) {
    return this.calls.filter(filter).length;
  }

  /**
   * One page of a list as GitHub pages it (`per_page`, default 30, max 100; `page`
   * from 1), with the `link` header naming the next and last pages.
   */
  private page<T>(
    items: T[] | undefined,
    request: Request,
  ): { items?: T[]; headers: Record<string, string>; suffix: string } {
    if (!items) return { items: undefined, headers: {}, suffix: '' };
    const url = new URL(request.url);
    const perPage = Math.min(
      Number(url.searchParams.get('per_page') ?? 30),
      100,
    );
    const page = Number(url.searchParams.get('page') ?? 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const at = (n: number) => {
      const u = new URL(url);
      u.searchParams.set('page', String(n));
      return u.toString();
    };
    const links =
      page < last
        ? [`<${at(page + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`]
        : [];
    return {
      items: items.slice((page - 1) * perPage, page * perPage),
      headers: links.length ? { link: links.join(', ') } : {},
      suffix: page > 1 ? `?page=${page}` : '',
    };
  }

  private answer(
    path: string,
    request: Request,
    body: unknown,
    extraHeaders: Record<string, string> = {},
  ) {
    const etagSent = request.headers.get('if-none-match') ?? undefined;
    const fault = this.faults.shift() ?? this.permanent;
    const record = (status: number) =>
      this.calls.push({ path, etag: etagSent, status });
    if (fault) {
      switch (fault.kind) {
        case 'rate-limit':
          record(403);
          return HttpResponse.json(
            {
              message: 'API rate limit exceeded for installation.',
              documentation_url: 'https://docs.github.com/rest/rate-limit',
            },
            {
              status: 403,
              headers: {
                'x-ratelimit-limit': '5000',
                'x-ratelimit-remaining': '0',
                'x-ratelimit-reset': String(fault.resetEpochSeconds),
              },
            },
          );
        case 'retry-after':
          record(429);
          return HttpResponse.json(
            { message: 'You have exceeded a secondary rate limit.' },
            { status: 429, headers: { 'retry-after': String(fault.seconds) } },
          );
        case 'server-error':
          record(fault.status);
          return HttpResponse.json(
            { message: 'Server Error' },
            { status: fault.status },
          );
        case 'gone':
          record(404);
          return HttpResponse.json(
            {
              message: 'Not Found',
              documentation_url: 'https://docs.github.com/rest',
            },
            { status: 404 },
          );
        case 'moved':
          record(301);
          return HttpResponse.json(
            { message: 'Moved Permanently', url: fault.location },
            { status: 301, headers: { location: fault.location } },
          );
        default:
          break;
      }
    }
    if (body === undefined) {
      record(404);
      return HttpResponse.json({ message: 'Not Found' }, { status: 404 });
    }
    const text = JSON.stringify(body);
    const etag = `W/"${createHash('sha256')
      .update(text)
      .digest('hex')
      .slice(0, 32)}"`;
    if (etagSent === etag) {
      record(304);
      return new HttpResponse(null, { status: 304, headers: { etag } });
    }
    record(200);
    return new HttpResponse(text, {
      status: 200,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        etag,
        'x-ratelimit-remaining': '4999',
        ...extraHeaders,
      },
    });
  }

  private repoJson() {
    return {
      id: 4242,
      name: this.repo,
      full_name: this.full,
      private: true,
      html_url: `https://github.com/${this.full}`,
      owner: { login: this.owner, id: 1, type: 'Organization' },
    };
  }

  pullJson(p: FakePull) {
    return {
      url: `${API}/repos/${this.full}/pulls/${p.number}`,
      id: 9000 + p.number,
      number: p.number,
      state: p.state,
      locked: false,
      title: p.title,
      user: { login: 'portal-bot', id: 7, type: 'Bot' },
      body: 'Adds the qa spoke.',
      draft: p.draft,
      html_url: `https://github.com/${this.full}/pull/${p.number}`,
      created_at: p.created_at,
      updated_at: p.updated_at,
      closed_at: p.closed_at,
      merged_at: p.merged_at,
      merged: !!p.merged_at,
      mergeable: null,
      merge_commit_sha: p.merge_commit_sha,
      head: {
        label: `${this.owner}:spoke-qa`,
        ref: 'spoke-qa',
        sha: p.head_sha,
        repo: this.repoJson(),
      },
      base: {
        label: `${this.owner}:main`,
        ref: 'main',
        sha: '0'.repeat(40),
        repo: this.repoJson(),
      },
    };
  }

  handlers() {
    const base = `${API}/repos/:owner/:repo`;
    const mine = (params: Record<string, unknown>) =>
      params.owner === this.owner && params.repo === this.repo;
    return [
      http.get(`${base}/pulls/:number`, ({ params, request }) => {
        const pull = mine(params)
          ? this.pulls.get(Number(params.number))
          : undefined;
        return this.answer(
          `pulls/${params.number}`,
          request,
          pull && this.pullJson(pull),
        );
      }),
      http.get(`${base}/pulls/:number/reviews`, ({ params, request }) => {
        const {
          items: reviews,
          headers,
          suffix,
        } = this.page(
          mine(params) ? this.reviews.get(Number(params.number)) : undefined,
          request,
        );
        return this.answer(
          `pulls/${params.number}/reviews${suffix}`,
          request,
          reviews?.map(r => ({
            id: r.id,
            user: { login: r.login, id: r.id, type: 'User' },
            body: '',
            state: r.state,
            html_url: `https://github.com/${this.full}/pull/${params.number}#pullrequestreview-${r.id}`,
            submitted_at: r.submitted_at,
            commit_id: 'a'.repeat(40),
            author_association: 'MEMBER',
          })),
          headers,
        );
      }),
      http.get(`${base}/commits/:ref/check-runs`, ({ params, request }) => {
        const runs = this.checkRuns.filter(c => c.head_sha === params.ref);
        return this.answer(
          `commits/${params.ref}/check-runs`,
          request,
          mine(params)
            ? {
                total_count: runs.length,
                check_runs: runs.map((c, i) => ({
                  id: 5000 + i,
                  name: c.name,
                  head_sha: c.head_sha,
                  status: c.status,
                  conclusion: c.conclusion,
                  started_at: c.started_at ?? null,
                  completed_at: c.completed_at ?? null,
                  html_url: `https://github.com/${this.full}/runs/${5000 + i}`,
                  details_url: `https://github.com/${
                    this.full
                  }/actions/runs/1/job/${5000 + i}`,
                  output: {
                    title: c.title ?? null,
                    summary: null,
                    text: null,
                    annotations_count: 0,
                  },
                  app: { slug: 'github-actions' },
                  pull_requests: [],
                })),
              }
            : undefined,
        );
      }),
      http.get(`${base}/actions/runs`, ({ params, request }) => {
        const sha = new URL(request.url).searchParams.get('head_sha');
        const runs = this.runs.filter(r => r.head_sha === sha);
        return this.answer(
          `actions/runs?head_sha=${sha}`,
          request,
          mine(params)
            ? {
                total_count: runs.length,
                workflow_runs: runs.map(r => ({
                  id: r.id,
                  name: r.name,
                  head_sha: r.head_sha,
                  head_branch: 'main',
                  event: 'push',
                  status: r.status,
                  conclusion: r.conclusion,
                  html_url: `https://github.com/${this.full}/actions/runs/${r.id}`,
                  created_at: r.created_at,
                  updated_at: r.updated_at,
                  run_attempt: 1,
                })),
              }
            : undefined,
        );
      }),
      http.get(
        `${base}/actions/runs/:id/pending_deployments`,
        ({ params, request }) => {
          const run = this.runs.find(r => r.id === Number(params.id));
          return this.answer(
            `actions/runs/${params.id}/pending_deployments`,
            request,
            run &&
              (run.pending ?? []).map((p, i) => ({
                environment: { id: 300 + i, name: p.environment },
                wait_timer: 0,
                wait_timer_started_at: p.since ?? null,
                current_user_can_approve: false,
                reviewers: [],
              })),
          );
        },
      ),
    ];
  }
}
