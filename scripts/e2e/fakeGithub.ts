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
 * Anything else answers 404 and is still recorded.
 *
 * Control endpoints for tests (not GitHub's):
 *   GET  /_fake/pulls   every pull request: owner, repo, number, title, body, head,
 *                       base, html_url and `files` (path -> new UTF-8 content, null if deleted)
 *   GET  /_fake/calls   every request: method, path, query, body
 *   POST /_fake/repos   seed a repository: { owner, repo, defaultBranch?, files?: { path: content } }
 *   POST /_fake/reset   forget everything
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

  constructor(readonly baseUrl: string) {}

  reset() {
    this.repos.clear();
    this.blobs.clear();
    this.trees.clear();
    this.commits.clear();
    this.calls.length = 0;
    this.pulls.length = 0;
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
  if ((m = /^\/pulls\/(\d+)(\/requested_reviewers)?$/.exec(rest))) {
    const pr = state.pulls.find(
      p =>
        p.owner === repo.owner &&
        p.repo === repo.name &&
        p.number === Number(m![1]),
    );
    if (!pr) throw new HttpError(404, 'Not Found');
    if (method === 'GET' && !m[2]) return [200, pullJson(pr)];
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

function pullJson(pr: RecordedPullRequest) {
  return {
    id: pr.number,
    number: pr.number,
    state: pr.state,
    title: pr.title,
    body: pr.body,
    draft: pr.draft,
    html_url: pr.html_url,
    url: pr.html_url,
    head: { ref: pr.head, label: `${pr.owner}:${pr.head}` },
    base: { ref: pr.base, label: `${pr.owner}:${pr.base}` },
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
