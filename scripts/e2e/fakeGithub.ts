/**
 * Fake GitHub for browser tests: a small HTTP server that answers the GitHub REST
 * (and one GraphQL) calls the scaffolder's `publish:github:pull-request` makes
 * through octokit-plugin-create-pull-request, keeps what they create in memory, and
 * records every call, so a test can read back the pull request a template opened.
 *
 * Generic: any owner/repo works (created empty, default branch `main`, on first
 * use), any files, any number of pull requests. Nothing leaves the machine.
 *
 * Used by the browser tests: `scripts/e2e-global-setup.ts` starts it on
 * 127.0.0.1:7171 (`FAKE_GITHUB_PORT` to change) and `app-config.e2e.yaml` points the
 * GitHub integration's `apiBaseUrl` at it:
 *
 * ```yaml
 * integrations:
 *   github:
 *     - host: github.com
 *       apiBaseUrl: http://127.0.0.1:7171
 *       token: e2e-fake-token   # any value; the fake checks none
 * ```
 *
 * Served GitHub API (what pull-request creation needs, plus reads around it):
 *   GET  /repos/:o/:r                        repository (push permission, default branch)
 *   GET  /repos/:o/:r/commits?sha=&per_page= latest commit of a branch
 *   GET  /repos/:o/:r/git/ref/heads/:branch  a branch
 *   POST /repos/:o/:r/git/blobs              store a blob (base64 or utf-8)
 *   POST /repos/:o/:r/git/trees              tree from base_tree + entries (content, sha, or sha null = delete)
 *   POST /repos/:o/:r/git/commits            commit a tree
 *   POST /repos/:o/:r/git/refs               create a branch;  PATCH .../git/refs/heads/:b  move it
 *   GET|HEAD /repos/:o/:r/contents/:path?ref= read a file at a commit or branch
 *   POST /repos/:o/:r/pulls                  open a pull request; PATCH .../pulls/:n update it
 *   GET  /repos/:o/:r/pulls/:n               a pull request
 *   POST /repos/:o/:r/issues/:n/labels, .../issues/:n/assignees, .../pulls/:n/requested_reviewers
 *   POST /graphql (or /api/graphql)          the branch / open pull request lookup
 *   GET  /user                               the token's user (`portal-bot`)
 * Read by request tracking (conditional: If-None-Match with the ETag answers 304):
 *   GET  /repos/:o/:r/pulls/:n/reviews       reviews of a pull request
 *   GET  /repos/:o/:r/commits/:sha/check-runs check runs on a commit
 *   GET  /repos/:o/:r/actions/runs?head_sha= workflow runs on a commit
 *   GET  /repos/:o/:r/actions/runs/:id/pending_deployments
 * Anything else answers 404 and is still recorded.
 *
 * Control endpoints for tests (not GitHub's):
 *   GET  /_fake/pulls   every pull request: owner, repo, number, title, body, head,
 *                       base, html_url and `files` (path -> new UTF-8 content, null if deleted)
 *   GET  /_fake/calls   every request: method, path, query, body
 *   POST /_fake/repos   seed a repository: { owner, repo, defaultBranch?, files?: { path: content } }
 *   POST /_fake/reset   forget everything
 *   POST /_fake/pulls/:o/:r/:n           change a pull request: { draft?, title?,
 *                       state?: 'closed', merged?: true } (merging sets merge_commit_sha)
 *   POST /_fake/pulls/:o/:r/:n/reviews   add a review: { login, state: APPROVED | CHANGES_REQUESTED }
 *   POST /_fake/pulls/:o/:r/:n/checks    set check runs on its head (or, with
 *                       `on: 'merge'`, its merge commit): [{ name, status, conclusion?, title? }]
 *   GET  /:o/:r/pull/:n a readable page for a pull request (its html_url)
 *
 * Start it by hand: `node -r @backstage/cli/config/nodeTransform.cjs scripts/e2e/fakeGithub.ts`.
 */
import { createHash } from 'node:crypto';
import * as http from 'node:http';

export const FAKE_GITHUB_HOST = '127.0.0.1';
export const FAKE_GITHUB_PORT = Number(process.env.FAKE_GITHUB_PORT ?? 7171);
export const FAKE_GITHUB_URL = `http://${FAKE_GITHUB_HOST}:${FAKE_GITHUB_PORT}`;

/** One request the fake received. */
export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** 200 or 304 for conditional reads of the API. */
  status?: number;
}

/** A pull request as a test reads it back. */
export interface RecordedPullRequest {
  owner: string;
  repo: string;
  number: number;
  title: string;
  body: string;
  draft: boolean;
  state: 'open';
  /** Branch name, without the `owner:` prefix. */
  head: string;
  base: string;
  html_url: string;
  /** Changed files between base and head: path -> UTF-8 content, null when deleted. */
  files: Record<string, string | null>;
  labels: string[];
  assignees: string[];
  reviewers: string[];
}

type Tree = Map<string, { mode: string; blob: string }>;

/** What request tracking reads about a pull request besides the pull request itself. */
interface PullTracking {
  createdAt: string;
  updatedAt: string;
  closedAt?: string;
  mergedAt?: string;
  mergeSha?: string;
  reviews: Array<{ id: number; login: string; state: string; at: string }>;
}

interface FakeCheckRun {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  title?: string;
  startedAt: string;
  completedAt: string | null;
}

interface Repo {
  owner: string;
  name: string;
  defaultBranch: string;
  /** `heads/<branch>` -> commit sha */
  refs: Map<string, string>;
}

class FakeGithubState {
  readonly repos = new Map<string, Repo>();
  readonly blobs = new Map<string, Buffer>();
  readonly trees = new Map<string, Tree>();
  readonly commits = new Map<
    string,
    { tree: string; parents: string[]; message: string }
  >();
  readonly calls: RecordedCall[] = [];
  readonly pulls: RecordedPullRequest[] = [];
  /** Tracking data per pull request, by `owner/repo#number`. */
  readonly tracking = new Map<string, PullTracking>();
  /** Check runs by commit sha. */
  readonly checks = new Map<string, FakeCheckRun[]>();

  constructor(readonly baseUrl: string) {}

  headSha(pr: RecordedPullRequest): string | undefined {
    return this.repos
      .get(`${pr.owner}/${pr.repo}`.toLowerCase())
      ?.refs.get(`heads/${pr.head}`);
  }

  track(pr: RecordedPullRequest): PullTracking {
    const key = `${pr.owner}/${pr.repo}#${pr.number}`;
    let t = this.tracking.get(key);
    if (!t) {
      const now = new Date().toISOString();
      t = { createdAt: now, updatedAt: now, reviews: [] };
      this.tracking.set(key, t);
    }
    return t;
  }

  reset() {
    this.repos.clear();
    this.blobs.clear();
    this.trees.clear();
    this.commits.clear();
    this.calls.length = 0;
    this.pulls.length = 0;
    this.tracking.clear();
    this.checks.clear();
  }

  private sha(kind: string, value: unknown): string {
    return createHash('sha1')
      .update(`${kind}:${JSON.stringify(value)}:${this.commits.size}`)
      .digest('hex');
  }

  storeBlob(content: Buffer): string {
    const sha = createHash('sha1').update(content).digest('hex');
    this.blobs.set(sha, content);
    return sha;
  }

  storeTree(tree: Tree): string {
    const sha = createHash('sha1')
      .update(JSON.stringify([...tree.entries()].sort()))
      .digest('hex');
    this.trees.set(sha, tree);
    return sha;
  }

  storeCommit(tree: string, parents: string[], message: string): string {
    const sha = this.sha('commit', { tree, parents, message });
    this.commits.set(sha, { tree, parents, message });
    return sha;
  }

  repo(
    owner: string,
    name: string,
    seed?: { defaultBranch?: string; files?: Record<string, string> },
  ): Repo {
    const key = `${owner}/${name}`.toLowerCase();
    const existing = this.repos.get(key);
    if (existing && !seed) return existing;
    const tree: Tree = new Map();
    for (const [path, content] of Object.entries(seed?.files ?? {})) {
      tree.set(path, {
        mode: '100644',
        blob: this.storeBlob(Buffer.from(content)),
      });
    }
    const defaultBranch = seed?.defaultBranch ?? 'main';
    const commit = this.storeCommit(this.storeTree(tree), [], 'Initial commit');
    const repo: Repo = {
      owner,
      name,
      defaultBranch,
      refs: new Map([[`heads/${defaultBranch}`, commit]]),
    };
    this.repos.set(key, repo);
    return repo;
  }

  /** A commit sha for a branch name or a sha. */
  resolve(repo: Repo, ref: string | undefined): string | undefined {
    const name = ref ?? repo.defaultBranch;
    return (
      repo.refs.get(`heads/${name.replace(/^refs\/heads\/|^heads\//, '')}`) ??
      (this.commits.has(name) ? name : undefined)
    );
  }

  treeOf(commit: string): Tree {
    return this.trees.get(this.commits.get(commit)!.tree)!;
  }

  changedFiles(base: string, head: string): Record<string, string | null> {
    const before = this.treeOf(base);
    const after = this.treeOf(head);
    const files: Record<string, string | null> = {};
    for (const [path, entry] of after) {
      if (before.get(path)?.blob !== entry.blob) {
        files[path] = this.blobs.get(entry.blob)!.toString('utf8');
      }
    }
    for (const path of before.keys()) if (!after.has(path)) files[path] = null;
    return files;
  }
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type':
      typeof body === 'string'
        ? 'text/html; charset=utf-8'
        : 'application/json; charset=utf-8',
  });
  res.end(text);
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"]/g,
    c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]!),
  );
}

function route(
  state: FakeGithubState,
  method: string,
  path: string,
  query: Record<string, string>,
  body: any,
): [number, unknown] {
  let m: RegExpExecArray | null;

  // Control endpoints.
  if (method === 'GET' && path === '/_fake/pulls') return [200, state.pulls];
  if (method === 'GET' && path === '/_fake/calls') return [200, state.calls];
  if (method === 'POST' && path === '/_fake/reset') {
    state.reset();
    return [204, ''];
  }
  if (method === 'POST' && path === '/_fake/repos') {
    const repo = state.repo(body.owner, body.repo, {
      defaultBranch: body.defaultBranch,
      files: body.files ?? {},
    });
    return [201, { full_name: `${repo.owner}/${repo.name}` }];
  }
  if (
    method === 'POST' &&
    (m = /^\/_fake\/pulls\/([^/]+)\/([^/]+)\/(\d+)(\/reviews|\/checks)?$/.exec(
      path,
    ))
  ) {
    const pr = state.pulls.find(
      p => p.owner === m![1] && p.repo === m![2] && p.number === Number(m![3]),
    );
    if (!pr) throw new HttpError(404, 'no such pull request');
    const t = state.track(pr);
    const now = new Date().toISOString();
    t.updatedAt = now;
    if (m[4] === '/reviews') {
      t.reviews.push({
        id: 100 + t.reviews.length,
        login: String(body.login ?? 'reviewer'),
        state: String(body.state ?? 'APPROVED'),
        at: now,
      });
      return [201, { reviews: t.reviews.length }];
    }
    if (m[4] === '/checks') {
      const sha = body.on === 'merge' ? t.mergeSha : state.headSha(pr);
      if (!sha)
        throw new HttpError(422, 'the pull request has no such commit yet');
      const runs: FakeCheckRun[] = (body.runs ?? []).map(
        (r: any, i: number) => ({
          id: 5000 + i,
          name: String(r.name),
          status: String(r.status ?? 'completed'),
          conclusion:
            r.conclusion === undefined
              ? r.status && r.status !== 'completed'
                ? null
                : 'success'
              : r.conclusion,
          title: r.title,
          startedAt: r.startedAt ?? now,
          completedAt: (r.status ?? 'completed') === 'completed' ? now : null,
        }),
      );
      state.checks.set(sha, runs);
      return [201, { sha, checks: runs.length }];
    }
    if (body.title !== undefined) pr.title = String(body.title);
    if (body.draft !== undefined) pr.draft = Boolean(body.draft);
    if (body.merged) {
      t.mergedAt = now;
      t.closedAt = now;
      t.mergeSha = createHash('sha1')
        .update(`merge:${pr.number}:${now}`)
        .digest('hex');
      (pr as { state: string }).state = 'closed';
    } else if (body.state === 'closed') {
      t.closedAt = now;
      (pr as { state: string }).state = 'closed';
    }
    return [200, pullJson(pr, state)];
  }

  if (
    method === 'GET' &&
    (m = /^\/([^/]+)\/([^/]+)\/pull\/(\d+)$/.exec(path))
  ) {
    const pr = state.pulls.find(
      p => p.owner === m![1] && p.repo === m![2] && p.number === Number(m![3]),
    );
    if (!pr) throw new HttpError(404, 'no such pull request');
    const files = Object.entries(pr.files)
      .map(
        ([f, c]) =>
          `<h3>${escapeHtml(f)}</h3><pre>${
            c === null ? '(deleted)' : escapeHtml(c)
          }</pre>`,
      )
      .join('');
    return [
      200,
      `<!doctype html><title>${escapeHtml(pr.title)}</title><h1>${escapeHtml(
        pr.title,
      )} #${pr.number}</h1><p>${escapeHtml(pr.head)} into ${escapeHtml(
        pr.base,
      )}</p><pre>${escapeHtml(pr.body)}</pre>${files}`,
    ];
  }

  if (method === 'GET' && path === '/user')
    return [200, { login: 'portal-bot', id: 1, type: 'User' }];

  if (method === 'POST' && (path === '/graphql' || path === '/api/graphql')) {
    const { owner, repo: name, head } = body.variables ?? {};
    const repo = state.repo(owner, name);
    if (!repo.refs.has(`heads/${head}`))
      return [200, { data: { repository: { ref: null } } }];
    const open = state.pulls.find(
      p => p.owner === repo.owner && p.repo === repo.name && p.head === head,
    );
    return [
      200,
      {
        data: {
          repository: {
            ref: {
              associatedPullRequests: {
                edges: open
                  ? [
                      {
                        node: {
                          id: `PR_${open.number}`,
                          number: open.number,
                          url: open.html_url,
                        },
                      },
                    ]
                  : [],
              },
            },
          },
        },
      },
    ];
  }

  m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
  if (!m)
    throw new HttpError(
      404,
      `Not Found: the fake GitHub does not serve ${method} ${path}`,
    );
  const repo = state.repo(decodeURIComponent(m[1]), decodeURIComponent(m[2]));
  const rest = m[3] ?? '';
  const full = `${repo.owner}/${repo.name}`;

  if (method === 'GET' && rest === '') {
    return [
      200,
      {
        id: 1,
        name: repo.name,
        full_name: full,
        owner: { login: repo.owner },
        private: true,
        default_branch: repo.defaultBranch,
        html_url: `${state.baseUrl}/${full}`,
        permissions: {
          admin: true,
          maintain: true,
          push: true,
          triage: true,
          pull: true,
        },
      },
    ];
  }
  if (method === 'GET' && rest === '/commits') {
    const sha = state.resolve(repo, query.sha);
    if (!sha) throw new HttpError(404, `No commit found for SHA: ${query.sha}`);
    const commit = state.commits.get(sha)!;
    return [
      200,
      [
        {
          sha,
          commit: { message: commit.message, tree: { sha: commit.tree } },
          parents: commit.parents.map(p => ({ sha: p })),
        },
      ],
    ];
  }
  if (method === 'GET' && (m = /^\/git\/ref\/(heads\/.+)$/.exec(rest))) {
    const sha = repo.refs.get(m[1]);
    if (!sha) throw new HttpError(404, 'Not Found');
    return [200, { ref: `refs/${m[1]}`, object: { sha, type: 'commit' } }];
  }
  if (method === 'POST' && rest === '/git/blobs') {
    const content = Buffer.from(
      body.content ?? '',
      body.encoding === 'base64' ? 'base64' : 'utf8',
    );
    return [201, { sha: state.storeBlob(content), url: '' }];
  }
  if (method === 'POST' && rest === '/git/trees') {
    const tree: Tree = new Map(
      body.base_tree ? state.trees.get(body.base_tree) ?? [] : [],
    );
    for (const entry of body.tree ?? []) {
      if (entry.sha === null) tree.delete(entry.path);
      else if (typeof entry.content === 'string') {
        tree.set(entry.path, {
          mode: entry.mode ?? '100644',
          blob: state.storeBlob(Buffer.from(entry.content)),
        });
      } else if (entry.sha) {
        if (!state.blobs.has(entry.sha))
          throw new HttpError(422, `unknown blob ${entry.sha}`);
        tree.set(entry.path, { mode: entry.mode ?? '100644', blob: entry.sha });
      }
    }
    return [
      201,
      {
        sha: state.storeTree(tree),
        tree: [...tree].map(([p, e]) => ({
          path: p,
          mode: e.mode,
          type: 'blob',
          sha: e.blob,
        })),
      },
    ];
  }
  if (method === 'POST' && rest === '/git/commits') {
    if (!state.trees.has(body.tree))
      throw new HttpError(422, `unknown tree ${body.tree}`);
    const sha = state.storeCommit(
      body.tree,
      body.parents ?? [],
      body.message ?? '',
    );
    return [
      201,
      {
        sha,
        tree: { sha: body.tree },
        message: body.message,
        parents: (body.parents ?? []).map((p: string) => ({ sha: p })),
      },
    ];
  }
  if (method === 'POST' && rest === '/git/refs') {
    const name = String(body.ref).replace(/^refs\//, '');
    if (repo.refs.has(name))
      throw new HttpError(422, 'Reference already exists');
    if (!state.commits.has(body.sha))
      throw new HttpError(422, `unknown commit ${body.sha}`);
    repo.refs.set(name, body.sha);
    return [
      201,
      { ref: `refs/${name}`, object: { sha: body.sha, type: 'commit' } },
    ];
  }
  if (method === 'PATCH' && (m = /^\/git\/refs\/(heads\/.+)$/.exec(rest))) {
    if (!state.commits.has(body.sha))
      throw new HttpError(422, `unknown commit ${body.sha}`);
    repo.refs.set(m[1], body.sha);
    return [
      200,
      { ref: `refs/${m[1]}`, object: { sha: body.sha, type: 'commit' } },
    ];
  }
  if (
    (method === 'GET' || method === 'HEAD') &&
    (m = /^\/contents\/(.+)$/.exec(rest))
  ) {
    const sha = state.resolve(repo, query.ref);
    const file = sha
      ? state.treeOf(sha).get(decodeURIComponent(m[1]))
      : undefined;
    if (!file) throw new HttpError(404, 'Not Found');
    return [
      200,
      {
        type: 'file',
        path: m[1],
        sha: file.blob,
        encoding: 'base64',
        content: state.blobs.get(file.blob)!.toString('base64'),
      },
    ];
  }
  if (method === 'POST' && rest === '/pulls') {
    const head = String(body.head).replace(/^[^:]+:/, '');
    const base = body.base ?? repo.defaultBranch;
    const headSha = repo.refs.get(`heads/${head}`);
    const baseSha = repo.refs.get(`heads/${base}`);
    if (!headSha || !baseSha)
      throw new HttpError(
        422,
        `Validation Failed: unknown head ${head} or base ${base}`,
      );
    const number = state.pulls.length + 1;
    const pr: RecordedPullRequest = {
      owner: repo.owner,
      repo: repo.name,
      number,
      title: body.title ?? '',
      body: body.body ?? '',
      draft: Boolean(body.draft),
      state: 'open',
      head,
      base,
      html_url: `${state.baseUrl}/${full}/pull/${number}`,
      files: state.changedFiles(baseSha, headSha),
      labels: [],
      assignees: [],
      reviewers: [],
    };
    state.pulls.push(pr);
    return [201, pullJson(pr)];
  }
  if (method === 'GET' && (m = /^\/pulls\/(\d+)\/reviews$/.exec(rest))) {
    const pr = state.pulls.find(
      p =>
        p.owner === repo.owner &&
        p.repo === repo.name &&
        p.number === Number(m![1]),
    );
    if (!pr) throw new HttpError(404, 'Not Found');
    return [
      200,
      state.track(pr).reviews.map(r => ({
        id: r.id,
        user: { login: r.login, id: r.id, type: 'User' },
        state: r.state,
        submitted_at: r.at,
        html_url: `${pr.html_url}#pullrequestreview-${r.id}`,
      })),
    ];
  }
  if (method === 'GET' && (m = /^\/commits\/([^/]+)\/check-runs$/.exec(rest))) {
    const runs = state.checks.get(m[1]) ?? [];
    return [
      200,
      {
        total_count: runs.length,
        check_runs: runs.map(r => ({
          id: r.id,
          name: r.name,
          head_sha: m![1],
          status: r.status,
          conclusion: r.conclusion,
          started_at: r.startedAt,
          completed_at: r.completedAt,
          html_url: `${state.baseUrl}/${full}/runs/${r.id}`,
          output: { title: r.title ?? null, summary: null },
        })),
      },
    ];
  }
  if (method === 'GET' && rest === '/actions/runs') {
    return [200, { total_count: 0, workflow_runs: [] }];
  }
  if ((m = /^\/pulls\/(\d+)(\/requested_reviewers)?$/.exec(rest))) {
    const pr = state.pulls.find(
      p =>
        p.owner === repo.owner &&
        p.repo === repo.name &&
        p.number === Number(m![1]),
    );
    if (!pr) throw new HttpError(404, 'Not Found');
    if (method === 'GET' && !m[2]) return [200, pullJson(pr, state)];
    if (method === 'PATCH' && !m[2]) {
      Object.assign(pr, {
        title: body.title ?? pr.title,
        body: body.body ?? pr.body,
        files: state.changedFiles(
          repo.refs.get(`heads/${pr.base}`)!,
          repo.refs.get(`heads/${pr.head}`)!,
        ),
      });
      return [200, pullJson(pr)];
    }
    if (method === 'POST' && m[2]) {
      pr.reviewers.push(
        ...(body.reviewers ?? []),
        ...(body.team_reviewers ?? []),
      );
      return [
        201,
        {
          ...pullJson(pr),
          requested_reviewers: (body.reviewers ?? []).map((login: string) => ({
            login,
          })),
          requested_teams: (body.team_reviewers ?? []).map((slug: string) => ({
            slug,
          })),
        },
      ];
    }
  }
  if (
    method === 'POST' &&
    (m = /^\/issues\/(\d+)\/(labels|assignees)$/.exec(rest))
  ) {
    const pr = state.pulls.find(
      p =>
        p.owner === repo.owner &&
        p.repo === repo.name &&
        p.number === Number(m![1]),
    );
    if (!pr) throw new HttpError(404, 'Not Found');
    if (m[2] === 'labels') {
      pr.labels.push(...(body.labels ?? []));
      return [200, pr.labels.map(name => ({ name }))];
    }
    pr.assignees.push(...(body.assignees ?? []));
    return [
      201,
      { number: pr.number, assignees: pr.assignees.map(login => ({ login })) },
    ];
  }
  throw new HttpError(
    404,
    `Not Found: the fake GitHub does not serve ${method} ${path}`,
  );
}

function pullJson(pr: RecordedPullRequest, state?: FakeGithubState) {
  const t = state?.track(pr);
  return {
    id: pr.number,
    number: pr.number,
    state: pr.state,
    title: pr.title,
    body: pr.body,
    draft: pr.draft,
    html_url: pr.html_url,
    url: pr.html_url,
    created_at: t?.createdAt,
    updated_at: t?.updatedAt,
    closed_at: t?.closedAt ?? null,
    merged_at: t?.mergedAt ?? null,
    merged: !!t?.mergedAt,
    merge_commit_sha: t?.mergeSha ?? null,
    head: {
      ref: pr.head,
      label: `${pr.owner}:${pr.head}`,
      sha: state?.headSha(pr),
    },
    base: {
      ref: pr.base,
      label: `${pr.owner}:${pr.base}`,
      repo: { full_name: `${pr.owner}/${pr.repo}` },
    },
  };
}

/** A running fake. */
export interface FakeGithub {
  readonly url: string;
  /** Pull requests opened so far (the same data as GET /_fake/pulls). */
  pulls(): RecordedPullRequest[];
  calls(): RecordedCall[];
  close(): Promise<void>;
}

/** Starts the fake; rejects when the port is taken. */
export function startFakeGithub(
  options: { host?: string; port?: number } = {},
): Promise<FakeGithub> {
  const host = options.host ?? FAKE_GITHUB_HOST;
  const port = options.port ?? FAKE_GITHUB_PORT;
  const url = `http://${host}:${port}`;
  const state = new FakeGithubState(url);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const parsed = new URL(req.url ?? '/', url);
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = undefined;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const method = req.method ?? 'GET';
      const path =
        decodeURIComponent(parsed.pathname).replace(/\/+$/, '') || '/';
      const query = Object.fromEntries(parsed.searchParams);
      if (!path.startsWith('/_fake/'))
        state.calls.push({ method, path, query, body });
      try {
        const [status, answer] = route(state, method, path, query, body ?? {});
        if (method === 'HEAD') {
          res.writeHead(status);
          res.end();
        } else if (
          method === 'GET' &&
          status === 200 &&
          path.startsWith('/repos/') &&
          typeof answer !== 'string'
        ) {
          // Conditional reads as GitHub answers them: an ETag, and 304 when unchanged.
          const text = JSON.stringify(answer);
          const etag = `W/"${createHash('sha1').update(text).digest('hex')}"`;
          const call = state.calls[state.calls.length - 1];
          if (req.headers['if-none-match'] === etag) {
            if (call) call.status = 304;
            res.writeHead(304, { etag });
            res.end();
          } else {
            if (call) call.status = 200;
            res.writeHead(200, {
              'content-type': 'application/json; charset=utf-8',
              etag,
            });
            res.end(text);
          }
        } else send(res, status, answer);
      } catch (e) {
        const status = e instanceof HttpError ? e.status : 500;
        send(res, status, {
          message: (e as Error).message,
          documentation_url: 'scripts/e2e/fakeGithub.ts',
        });
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', e =>
      reject(
        new Error(
          `Fake GitHub could not listen on ${url} (${
            (e as Error).message
          }); set FAKE_GITHUB_PORT or stop what uses the port`,
        ),
      ),
    );
    server.listen(port, host, () =>
      resolve({
        url,
        pulls: () => state.pulls,
        calls: () => state.calls,
        close: () => new Promise(done => server.close(() => done())),
      }),
    );
  });
}

if (require.main === module) {
  startFakeGithub().then(
    fake =>
      console.log(
        `Fake GitHub listening on ${fake.url} (control: ${fake.url}/_fake/pulls)`,
      ),
    e => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
