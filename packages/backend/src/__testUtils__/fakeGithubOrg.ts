/**
 * A fake GitHub (Enterprise-style URLs) for the production acceptance test: the OAuth
 * app endpoints the GitHub sign-in uses, the REST profile, and the two GraphQL queries
 * with which @backstage/plugin-catalog-backend-module-github-org reads an
 * organisation's members and teams. Binds port 0; nothing leaves the machine.
 *
 *   GET  /login/oauth/authorize      redirects back with a code for the user set by
 *                                    `signInAs(login)` (the person at the browser)
 *   POST /login/oauth/access_token   code -> access token
 *   GET  /api/v3/user                the token's user: login, id, node_id, name
 *   POST /api/graphql                organization.membersWithRole / organization.teams
 * Anything else answers 404.
 */
import * as http from 'node:http';
import { AddressInfo } from 'node:net';

export interface FakeGithubUser {
  login: string;
  name: string;
  /** GraphQL node id; the org provider stores it as github.com/user-id. */
  nodeId: string;
}

export interface FakeGithubTeam {
  slug: string;
  name: string;
  members: string[];
}

export interface FakeGithubOrg {
  url: string;
  /** The next OAuth authorization signs in this user. */
  signInAs(login: string): void;
  close(): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', chunk => {
      body += chunk;
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

export async function startFakeGithubOrg(options: {
  org: string;
  users: FakeGithubUser[];
  teams: FakeGithubTeam[];
}): Promise<FakeGithubOrg> {
  let nextLogin: string | undefined;
  const codes = new Map<string, string>();
  const tokens = new Map<string, string>();
  const byLogin = new Map(options.users.map(u => [u.login, u]));

  const graphqlUser = (u: FakeGithubUser) => ({
    avatarUrl: `https://avatars.githubusercontent.com/${u.login}`,
    bio: null,
    email: `${u.login}@example.com`,
    id: u.nodeId,
    login: u.login,
    name: u.name,
    organizationVerifiedDomainEmails: [],
  });

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const body = await readBody(req);

    if (req.method === 'GET' && url.pathname === '/login/oauth/authorize') {
      const login = nextLogin;
      if (!login) return json(400, { error: 'signInAs was not called' });
      const code = `code-${codes.size + 1}`;
      codes.set(code, login);
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (req.method === 'POST' && url.pathname === '/login/oauth/access_token') {
      const code = new URLSearchParams(body).get('code') ?? '';
      const login = codes.get(code);
      if (!login) return json(200, { error: 'bad_verification_code' });
      codes.delete(code);
      const token = `gho_${login}_${tokens.size + 1}`;
      tokens.set(token, login);
      return json(200, {
        access_token: token,
        token_type: 'bearer',
        scope: 'read:user',
      });
    }
    if (req.method === 'GET' && url.pathname === '/api/v3/user') {
      const token = (req.headers.authorization ?? '').split(' ')[1] ?? '';
      const user = byLogin.get(tokens.get(token) ?? '');
      if (!user) return json(401, { message: 'Bad credentials' });
      return json(200, {
        login: user.login,
        id: options.users.indexOf(user) + 1000,
        node_id: user.nodeId,
        name: user.name,
        avatar_url: `https://avatars.githubusercontent.com/${user.login}`,
        html_url: `http://github.example/${user.login}`,
      });
    }
    if (req.method === 'POST' && url.pathname === '/api/graphql') {
      const { query, variables } = JSON.parse(body || '{}');
      if (variables?.org !== options.org) {
        return json(200, { data: { organization: null } });
      }
      const pageInfo = { hasNextPage: false, endCursor: null };
      if (String(query).includes('membersWithRole')) {
        return json(200, {
          data: {
            organization: {
              membersWithRole: {
                pageInfo,
                nodes: options.users.map(graphqlUser),
              },
            },
          },
        });
      }
      if (String(query).includes('teams(')) {
        return json(200, {
          data: {
            organization: {
              teams: {
                pageInfo,
                nodes: options.teams.map(team => ({
                  slug: team.slug,
                  combinedSlug: `${options.org}/${team.slug}`,
                  name: team.name,
                  description: null,
                  avatarUrl: null,
                  editTeamUrl: null,
                  parentTeam: null,
                  members: {
                    pageInfo: { hasNextPage: false },
                    nodes: team.members.map(l => graphqlUser(byLogin.get(l)!)),
                  },
                })),
              },
            },
          },
        });
      }
      return json(200, { errors: [{ message: 'unsupported query' }] });
    }
    return json(404, { message: 'Not Found' });
  });

  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    signInAs(login) {
      nextLogin = login;
    },
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
