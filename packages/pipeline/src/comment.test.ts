import * as http from 'http';
import { AddressInfo } from 'net';
import { Octokit } from '@octokit/rest';
import {
  MAX_COMMENT_CHARS,
  PLAN_MARKER,
  planCommentBody,
  upsertPlanComment,
} from './comment';

interface Comment {
  id: number;
  body: string;
  html_url: string;
}

/**
 * A fake of the three GitHub REST endpoints the upsert uses, at the HTTP level,
 * with GitHub's paging (`per_page`, `page`).
 */
async function fakeGithub(initial: Array<Pick<Comment, 'body'>>) {
  let nextId = 1;
  const comments: Comment[] = initial.map(c => ({
    id: nextId++,
    body: c.body,
    html_url: '',
  }));
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://localhost');
    let body = '';
    req.on('data', c => (body += c));
    req.on('end', () => {
      requests.push(`${req.method} ${url.pathname}`);
      const send = (status: number, data: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(data));
      };
      const list = /^\/repos\/acme\/platform\/issues\/7\/comments$/;
      const one = /^\/repos\/acme\/platform\/issues\/comments\/(\d+)$/;
      if (req.method === 'GET' && list.test(url.pathname)) {
        const perPage = Number(url.searchParams.get('per_page') ?? 30);
        const page = Number(url.searchParams.get('page') ?? 1);
        send(200, comments.slice((page - 1) * perPage, page * perPage));
      } else if (req.method === 'POST' && list.test(url.pathname)) {
        const c = {
          id: nextId++,
          body: JSON.parse(body).body,
          html_url: `https://github.com/acme/platform/pull/7#issuecomment-${nextId}`,
        };
        comments.push(c);
        send(201, c);
      } else if (req.method === 'PATCH' && one.test(url.pathname)) {
        const id = Number(one.exec(url.pathname)![1]);
        const c = comments.find(x => x.id === id);
        if (!c) return send(404, { message: 'Not Found' });
        c.body = JSON.parse(body).body;
        c.html_url = `https://github.com/acme/platform/pull/7#issuecomment-${id}`;
        return send(200, c);
      } else {
        send(404, { message: 'Not Found' });
      }
      return undefined;
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    comments,
    requests,
    octokit: new Octokit({
      baseUrl: `http://127.0.0.1:${port}`,
      auth: 'test-token',
    }),
    close: () => new Promise(r => server.close(r)),
  };
}

const pr = { owner: 'acme', repo: 'platform', pullNumber: 7 };

describe('upsertPlanComment', () => {
  it('creates the plan comment when the pull request has none', async () => {
    const gh = await fakeGithub([{ body: 'Looks good' }]);
    try {
      const result = await upsertPlanComment(gh.octokit, pr, '## Plan\n\nv1');
      expect(result.action).toBe('created');
      expect(gh.comments).toHaveLength(2);
      expect(gh.comments[1].body).toBe(`${PLAN_MARKER}\n## Plan\n\nv1\n`);
    } finally {
      await gh.close();
    }
  });

  it('edits the existing plan comment instead of adding another, even past the first page', async () => {
    const others = Array.from({ length: 120 }, (_, i) => ({
      body: `comment ${i}`,
    }));
    const gh = await fakeGithub([
      ...others,
      { body: `${PLAN_MARKER}\n## Plan\n\nv1\n` },
    ]);
    try {
      const result = await upsertPlanComment(gh.octokit, pr, '## Plan\n\nv2');
      expect(result).toMatchObject({ action: 'updated', commentId: 121 });
      expect(gh.comments).toHaveLength(121);
      expect(gh.comments.filter(c => c.body.startsWith(PLAN_MARKER))).toEqual([
        expect.objectContaining({
          id: 121,
          body: `${PLAN_MARKER}\n## Plan\n\nv2\n`,
        }),
      ]);
      expect(gh.requests).toEqual([
        'GET /repos/acme/platform/issues/7/comments',
        'GET /repos/acme/platform/issues/7/comments',
        'PATCH /repos/acme/platform/issues/comments/121',
      ]);
    } finally {
      await gh.close();
    }
  });

  it('keeps the body under GitHub’s limit', () => {
    const body = planCommentBody('x'.repeat(MAX_COMMENT_CHARS * 2));
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(body.startsWith(PLAN_MARKER)).toBe(true);
    expect(body).toContain('Shortened to fit a GitHub comment');
  });
});
