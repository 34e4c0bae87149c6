import * as http from 'http';
import { AddressInfo } from 'net';
import { Octokit } from '@octokit/rest';
import { FileProposal, proposeFile } from './proposeFile';

interface Commit {
  sha: string;
  files: Record<string, string>;
  parents: string[];
}

/**
 * A fake of the GitHub REST endpoints a proposal uses, at the HTTP level, over a
 * small in-memory repository (commits with their files, branches, pull requests).
 */
async function fakeGithub(baseFiles: Record<string, string>) {
  let n = 0;
  const sha = () => (++n).toString(16).padStart(40, '0');
  const commits = new Map<string, Commit>();
  const trees = new Map<string, Record<string, string>>();
  const root: Commit = { sha: sha(), files: baseFiles, parents: [] };
  commits.set(root.sha, root);
  trees.set(`tree-${root.sha}`, baseFiles);
  const branches = new Map<string, string>([['main', root.sha]]);
  /** Every sha each branch pointed at, in order. */
  const refHistory = new Map<string, string[]>();
  const pulls: Array<{
    number: number;
    state: 'open' | 'closed';
    head: string;
    base: string;
    title: string;
    body: string;
    html_url: string;
  }> = [];
  const comments: Array<{ issue: number; body: string }> = [];
  const writes: string[] = [];

  const moveBranch = (name: string, to: string) => {
    branches.set(name, to);
    refHistory.set(name, [...(refHistory.get(name) ?? []), to]);
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://localhost');
    let raw = '';
    req.on('data', c => (raw += c));
    req.on('end', () => {
      const body = raw ? JSON.parse(raw) : {};
      const send = (status: number, data: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(data));
      };
      // Octokit escapes the slashes of a ref or path parameter; GitHub decodes them.
      const p = decodeURIComponent(url.pathname);
      if (req.method !== 'GET') writes.push(`${req.method} ${p}`);
      type Handler = (group: string) => void;
      const routes: Array<[string, RegExp, Handler]> = [
        [
          'GET',
          /^\/repos\/acme\/platform\/pulls()$/,
          () =>
            send(
              200,
              pulls.filter(
                x =>
                  x.state === url.searchParams.get('state') &&
                  `acme:${x.head}` === url.searchParams.get('head') &&
                  x.base === url.searchParams.get('base'),
              ),
            ),
        ],
        [
          'GET',
          /^\/repos\/acme\/platform\/contents\/(.+)$/,
          file => {
            const ref = url.searchParams.get('ref')!;
            const content = commits.get(branches.get(ref)!)?.files[file];
            if (content === undefined) send(404, { message: 'Not Found' });
            else
              send(200, {
                type: 'file',
                sha: 'blob',
                content: Buffer.from(content).toString('base64'),
              });
          },
        ],
        [
          'GET',
          /^\/repos\/acme\/platform\/git\/ref\/heads\/(.+)$/,
          branch => {
            const head = branches.get(branch);
            if (!head) send(404, { message: 'Not Found' });
            else send(200, { object: { sha: head } });
          },
        ],
        [
          'GET',
          /^\/repos\/acme\/platform\/git\/commits\/(\w+)$/,
          commit => send(200, { sha: commit, tree: { sha: `tree-${commit}` } }),
        ],
        [
          'POST',
          /^\/repos\/acme\/platform\/git\/trees()$/,
          () => {
            const files = { ...trees.get(body.base_tree)! };
            for (const entry of body.tree) files[entry.path] = entry.content;
            const id = `tree-${sha()}`;
            trees.set(id, files);
            send(201, { sha: id });
          },
        ],
        [
          'POST',
          /^\/repos\/acme\/platform\/git\/commits()$/,
          () => {
            const c: Commit = {
              sha: sha(),
              files: trees.get(body.tree)!,
              parents: body.parents,
            };
            commits.set(c.sha, c);
            trees.set(`tree-${c.sha}`, c.files);
            send(201, { sha: c.sha });
          },
        ],
        [
          'PATCH',
          /^\/repos\/acme\/platform\/git\/refs\/heads\/(.+)$/,
          branch => {
            if (!branches.has(branch)) {
              send(422, { message: 'Reference does not exist' });
            } else {
              moveBranch(branch, body.sha);
              send(200, { object: { sha: body.sha } });
            }
          },
        ],
        [
          'POST',
          /^\/repos\/acme\/platform\/git\/refs()$/,
          () => {
            moveBranch(body.ref.replace('refs/heads/', ''), body.sha);
            send(201, { object: { sha: body.sha } });
          },
        ],
        [
          'POST',
          /^\/repos\/acme\/platform\/pulls()$/,
          () => {
            const pr = {
              number: pulls.length + 1,
              state: 'open' as const,
              head: body.head,
              base: body.base,
              title: body.title,
              body: body.body,
              html_url: `https://github.com/acme/platform/pull/${
                pulls.length + 1
              }`,
            };
            pulls.push(pr);
            send(201, pr);
          },
        ],
        [
          'PATCH',
          /^\/repos\/acme\/platform\/pulls\/(\d+)$/,
          number => {
            const pr = pulls.find(x => x.number === Number(number))!;
            Object.assign(pr, body);
            send(200, pr);
          },
        ],
        [
          'POST',
          /^\/repos\/acme\/platform\/issues\/(\d+)\/comments$/,
          number => {
            comments.push({ issue: Number(number), body: body.body });
            send(201, { id: 1 });
          },
        ],
      ];
      for (const [method, pattern, handle] of routes) {
        const group = req.method === method ? pattern.exec(p) : null;
        if (group) return handle(group[1]);
      }
      return send(404, { message: `Not Found: ${req.method} ${p}` });
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    branches,
    commits,
    refHistory,
    pulls,
    comments,
    writes,
    root,
    mergeIntoMain(files: Record<string, string>) {
      const c: Commit = { sha: sha(), files, parents: [branches.get('main')!] };
      commits.set(c.sha, c);
      trees.set(`tree-${c.sha}`, files);
      branches.set('main', c.sha);
    },
    octokit: new Octokit({
      baseUrl: `http://127.0.0.1:${port}`,
      auth: 'test-token',
    }),
    close: () => new Promise(r => server.close(r)),
  };
}

const proposal = (content: string): FileProposal => ({
  owner: 'acme',
  repo: 'platform',
  base: 'main',
  branch: 'platform/hub-outputs',
  files: [{ path: 'infra/config/hub.yaml', content }],
  title: 'Record the outputs of platform-hub in hub.yaml',
  body: '- `deployed.transitGatewayId`: new',
});

describe('proposing a file change as one pull request', () => {
  let github: Awaited<ReturnType<typeof fakeGithub>>;
  beforeEach(async () => {
    github = await fakeGithub({
      'infra/config/hub.yaml': 'name: shared\n',
      'README.md': 'platform\n',
    });
  });
  afterEach(() => github.close());

  it('opens a pull request whose branch is one commit on the base holding the file', async () => {
    const outcome = await proposeFile(
      github.octokit,
      proposal('name: shared\ndeployed: {}\n'),
    );
    expect(outcome).toEqual({
      kind: 'opened',
      number: 1,
      url: 'https://github.com/acme/platform/pull/1',
    });
    const head = github.commits.get(
      github.branches.get('platform/hub-outputs')!,
    )!;
    expect(head.parents).toEqual([github.root.sha]);
    expect(head.files).toEqual({
      'infra/config/hub.yaml': 'name: shared\ndeployed: {}\n',
      'README.md': 'platform\n',
    });
    expect(github.pulls[0]).toMatchObject({
      head: 'platform/hub-outputs',
      base: 'main',
      title: 'Record the outputs of platform-hub in hub.yaml',
    });
  });

  it('edits the open pull request on the next deploy instead of opening another, never pointing its branch at the base', async () => {
    await proposeFile(
      github.octokit,
      proposal('name: shared\ndeployed: { a: 1 }\n'),
    );
    const second = await proposeFile(github.octokit, {
      ...proposal('name: shared\ndeployed: { a: 2 }\n'),
      body: 'second',
    });
    expect(second).toMatchObject({ kind: 'updated', number: 1 });
    expect(github.pulls).toHaveLength(1);
    expect(github.pulls[0].body).toBe('second');
    const history = github.refHistory.get('platform/hub-outputs')!;
    expect(history).toHaveLength(2);
    expect(history).not.toContain(github.root.sha);
    const head = github.commits.get(history[1])!;
    expect(head.parents).toEqual([github.root.sha]);
    expect(head.files['infra/config/hub.yaml']).toBe(
      'name: shared\ndeployed: { a: 2 }\n',
    );
  });

  it('closes the open pull request, saying why, once the base already holds the file', async () => {
    await proposeFile(
      github.octokit,
      proposal('name: shared\ndeployed: { a: 1 }\n'),
    );
    github.mergeIntoMain({
      'infra/config/hub.yaml': 'name: shared\ndeployed: { a: 1 }\n',
    });
    const outcome = await proposeFile(
      github.octokit,
      proposal('name: shared\ndeployed: { a: 1 }\n'),
    );
    expect(outcome).toMatchObject({ kind: 'closed', number: 1 });
    expect(github.pulls[0].state).toBe('closed');
    expect(github.comments).toEqual([
      {
        issue: 1,
        body: 'main already holds infra/config/hub.yaml as proposed; closing.',
      },
    ]);
  });

  it('writes nothing when the base holds the file and no proposal is open', async () => {
    const outcome = await proposeFile(
      github.octokit,
      proposal('name: shared\n'),
    );
    expect(outcome).toEqual({ kind: 'unchanged' });
    expect(github.writes).toEqual([]);
  });

  it('puts several files in the one commit, leaving out those the base already holds', async () => {
    await proposeFile(github.octokit, {
      ...proposal('name: shared\n'),
      files: [
        { path: 'infra/config/hub.yaml', content: 'name: shared\n' },
        { path: 'infra/config/spokes/qa.yaml', content: 'name: qa\n' },
        { path: 'infra/config/spokes/uat.yaml', content: 'name: uat\n' },
      ],
    });
    const head = github.commits.get(
      github.branches.get('platform/hub-outputs')!,
    )!;
    expect(head.parents).toEqual([github.root.sha]);
    expect(head.files).toEqual({
      'infra/config/hub.yaml': 'name: shared\n',
      'infra/config/spokes/qa.yaml': 'name: qa\n',
      'infra/config/spokes/uat.yaml': 'name: uat\n',
      'README.md': 'platform\n',
    });
    expect(github.pulls).toHaveLength(1);
  });
});
