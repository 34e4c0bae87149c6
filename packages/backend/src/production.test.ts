/*
 * Acceptance test of the production build: the backend bundle (frontend inside) as
 * scripts/production.sh builds it, started the way production starts it
 * (NODE_ENV=production, app-config.yaml + app-config.production.yaml) against the
 * machine's PostgreSQL, twice on one database, with a fake GitHub serving the OAuth
 * endpoints (reached through the provider's enterpriseInstanceUrl) and the
 * organisation's members and teams. People sign in through the real GitHub OAuth
 * flow; the real permission policy answers.
 *
 * Cost: the bundle is rebuilt only when a source file is newer than it (about 1.5 min
 * on an idle two-core machine, more under load; production dependencies are
 * reinstalled only when the lockfile changed). The run itself boots two instances
 * (about 1-3 min) and watches the health schedule for 20 s.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import {
  FakeGithubOrg,
  startFakeGithubOrg,
} from './__testUtils__/fakeGithubOrg';

const repoRoot = path.resolve(__dirname, '../../..');
const productionDir =
  process.env.PRODUCTION_DIR ?? path.join(repoRoot, '.tools/production');
const postgres = {
  host: process.env.POSTGRES_TEST_HOST ?? '127.0.0.1',
  port: Number(process.env.POSTGRES_TEST_PORT ?? 5432),
  user: process.env.POSTGRES_TEST_USER ?? 'postgres',
  password: process.env.POSTGRES_TEST_PASSWORD ?? '',
};
const bootTimeoutMs = 300_000;
const HEALTH_FREQUENCY_S = 4;
const WATCH_MS = 20_000;

jest.setTimeout(30 * 60_000);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

async function poll<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  timeoutMs: number,
  output: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(
    `Timed out waiting for ${what} (last error: ${String(
      lastError,
    )}). Output:\n${output()}`,
  );
}

/** Rebuilds the bundle when a tracked source file is newer than the assembled one. */
function ensureFreshBundle() {
  // Written by scripts/production.sh after assembling (the bundle's own files carry
  // fixed timestamps).
  const built = path.join(productionDir, '.built');
  const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
  const sources = execFileSync(
    'git',
    [
      'ls-files',
      '-co',
      '--exclude-standard',
      'packages/app/src',
      'packages/backend/src',
      'plugins',
      'infra/lib',
      'templates',
      'app-config.yaml',
      'app-config.production.yaml',
      'yarn.lock',
    ],
    { cwd: repoRoot, encoding: 'utf8' },
  )
    .split('\n')
    .filter(f => f && !/\.test\.tsx?$|\.md$|__testUtils__|e2e-tests/.test(f));
  const stale = sources.some(f => {
    const file = path.join(repoRoot, f);
    return fs.existsSync(file) && fs.statSync(file).mtimeMs > builtAt;
  });
  if (stale) {
    // Jest sets NODE_ENV=test, which the build must not inherit.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PRODUCTION_DIR: productionDir,
    };
    delete env.NODE_ENV;
    try {
      execFileSync('scripts/production.sh', ['build'], {
        cwd: repoRoot,
        env,
        encoding: 'utf8',
        stdio: 'pipe',
        maxBuffer: 64 * 1024 * 1024,
      });
    } catch (error: any) {
      throw new Error(
        `scripts/production.sh build failed:\n${String(error.stdout).slice(
          -4000,
        )}\n${String(error.stderr).slice(-4000)}`,
      );
    }
  }
}

async function withPostgres<T>(
  database: string,
  fn: (c: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({ ...postgres, database });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const databasesWithPrefix = (prefix: string) =>
  withPostgres('postgres', async c =>
    (
      await c.query<{ datname: string }>(
        'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
        [prefix],
      )
    ).rows.map(r => r.datname),
  );

/** Cookies from Set-Cookie headers, as one Cookie header (paths do not matter here). */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

interface Instance {
  baseUrl: string;
  process: ChildProcess;
  output: () => string;
}

describe('the production bundle', () => {
  const databasePrefix = `backstage_prodtest_${randomBytes(4).toString(
    'hex',
  )}_`;
  const secrets = {
    externalToken: randomBytes(24).toString('base64url'),
    cookieSecret: randomBytes(24).toString('base64url'),
    webhookSecret: randomBytes(24).toString('base64url'),
    clientSecret: randomBytes(24).toString('base64url'),
  };
  let github: FakeGithubOrg;
  let a: Instance;
  let b: Instance;
  const tokens: Record<string, string> = {};

  function environment(baseUrl: string, port: number): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PORTAL_BASE_URL: baseUrl,
      BACKEND_LISTEN_HOST: '127.0.0.1',
      BACKEND_EXTERNAL_TOKEN: secrets.externalToken,
      POSTGRES_HOST: postgres.host,
      POSTGRES_PORT: String(postgres.port),
      POSTGRES_USER: postgres.user,
      // Trust authentication ignores it; production requires one.
      POSTGRES_PASSWORD: postgres.password || 'unused-with-trust-auth',
      AUTH_SESSION_SECRET: secrets.cookieSecret,
      AUTH_GITHUB_CLIENT_ID: 'portal-oauth-app',
      AUTH_GITHUB_CLIENT_SECRET: secrets.clientSecret,
      AUTH_GITHUB_ENTERPRISE_URL: github.url,
      GITHUB_URL: github.url,
      GITHUB_HOST: new URL(github.url).host,
      GITHUB_API_URL: `${github.url}/api/v3`,
      GITHUB_TOKEN: 'fake-github-token',
      GITHUB_WEBHOOK_SECRET: secrets.webhookSecret,
      GITHUB_ORG: 'acme',
      PLATFORM_REGISTRY_URL: `${github.url}/acme/platform/tree/main/infra/config`,
      PLATFORM_PORTAL_EXTERNAL_ID: 'external-id',
      AWS_REGION: 'ap-southeast-3',
      // No AWS account here: point the SDK at a closed port so nothing leaves.
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      // Overrides that keep this run apart and make the schedule observable.
      APP_CONFIG_backend_listen_port: String(port),
      APP_CONFIG_backend_database_prefix: databasePrefix,
      // ISO strings: an object would be merged key by key into the file's
      // { minutes: 5 } (giving 5 min 4 s); a string replaces it.
      APP_CONFIG_platform_health_schedule: JSON.stringify({
        frequency: `PT${HEALTH_FREQUENCY_S}S`,
        timeout: 'PT30S',
        initialDelay: 'PT1S',
      }),
    };
  }

  function spawnBundle(env: NodeJS.ProcessEnv) {
    let output = '';
    const child = spawn(
      process.execPath,
      [
        'packages/backend',
        '--config',
        'app-config.yaml',
        '--config',
        'app-config.production.yaml',
      ],
      { cwd: productionDir, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // The request log would push start-up errors out of the kept tail.
    const keep = (chunk: Buffer) => {
      const lines = chunk
        .toString()
        .split('\n')
        .filter(l => !l.includes('"type":"incomingRequest"'));
      output = (output + lines.join('\n')).slice(-40_000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    return { child, output: () => output };
  }

  async function boot(): Promise<Instance> {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const { child, output } = spawnBundle(environment(baseUrl, port));
    await poll(
      'the backend to report ready',
      async () => {
        if (child.exitCode !== null) {
          throw new Error(`backend exited with ${child.exitCode}`);
        }
        const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
        return res.ok ? true : undefined;
      },
      bootTimeoutMs,
      output,
    );
    return { baseUrl, process: child, output };
  }

  async function stop(instance?: Instance) {
    const child = instance?.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise(r => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise(r => setTimeout(r, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }

  /** The GitHub OAuth sign-in a browser goes through, then the token refresh. */
  async function signIn(login: string): Promise<string> {
    github.signInAs(login);
    const jar = new CookieJar();
    const start = await fetch(
      `${
        a.baseUrl
      }/api/auth/github/start?env=production&scope=read:user&flow=popup&origin=${encodeURIComponent(
        a.baseUrl,
      )}`,
      { redirect: 'manual' },
    );
    expect(start.status).toBe(302);
    jar.take(start);
    const authorizeUrl = start.headers.get('location')!;
    expect(authorizeUrl.startsWith(`${github.url}/login/oauth/authorize`)).toBe(
      true,
    );
    const authorized = await fetch(authorizeUrl, { redirect: 'manual' });
    const handler = await fetch(authorized.headers.get('location')!, {
      redirect: 'manual',
      headers: { cookie: jar.header() },
    });
    expect(handler.status).toBe(200);
    jar.take(handler);
    const refresh = await fetch(
      `${a.baseUrl}/api/auth/github/refresh?env=production&optional=false&scope=read:user`,
      {
        headers: { cookie: jar.header(), 'x-requested-with': 'XMLHttpRequest' },
      },
    );
    if (!refresh.ok) {
      throw new Error(
        `sign-in of ${login} failed: HTTP ${
          refresh.status
        } ${await refresh.text()}`,
      );
    }
    const body = await refresh.json();
    return body.backstageIdentity.token;
  }

  const call = (
    who: string,
    method: string,
    pathname: string,
    body?: unknown,
    instance: Instance = a,
  ) =>
    fetch(`${instance.baseUrl}${pathname}`, {
      method,
      headers: {
        authorization: `Bearer ${
          who === 'automation' ? secrets.externalToken : tokens[who]
        }`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });

  async function authorize(
    who: string,
    permission: object,
    resourceRef?: string,
  ): Promise<string> {
    const res = await call(who, 'POST', '/api/permission/authorize', {
      items: [{ id: '1', permission, ...(resourceRef ? { resourceRef } : {}) }],
    });
    expect(res.status).toBe(200);
    return (await res.json()).items[0].result;
  }

  beforeAll(async () => {
    ensureFreshBundle();
    github = await startFakeGithubOrg({
      org: 'acme',
      users: [
        { login: 'ana', name: 'Ana (platform)', nodeId: 'U_ana' },
        { login: 'citra', name: 'Citra (payments)', nodeId: 'U_citra' },
        { login: 'eko', name: 'Eko (data)', nodeId: 'U_eko' },
        { login: 'dewi', name: 'Dewi (no team)', nodeId: 'U_dewi' },
      ],
      teams: [
        { slug: 'platform-team', name: 'Platform', members: ['ana'] },
        { slug: 'payments-team', name: 'Payments', members: ['citra'] },
        { slug: 'data-team', name: 'Data', members: ['eko'] },
      ],
    });
    // One after the other: two replicas starting at once on an empty database race
    // in the plugins' knex migrations (the loser exits and must be restarted).
    a = await boot();
    b = await boot();

    // The organisation, ingested from the fake GitHub.
    await poll(
      'the GitHub organisation in the catalog',
      async () => {
        const res = await call(
          'automation',
          'GET',
          '/api/catalog/entities/by-name/group/default/platform-team',
        );
        if (!res.ok) return undefined;
        const group = await res.json();
        return group.relations?.some(
          (r: any) =>
            r.type === 'hasMember' && r.targetRef === 'user:default/ana',
        )
          ? true
          : undefined;
      },
      120_000,
      () => a.output(),
    );
    for (const login of ['ana', 'citra', 'eko', 'dewi']) {
      tokens[login] = await signIn(login);
    }
  });

  afterAll(async () => {
    await Promise.all([stop(a), stop(b)]);
    await github?.close();
    await withPostgres('postgres', async c => {
      for (const name of await databasesWithPrefix(databasePrefix)) {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }
    });
  });

  it('refuses guest sign-in and unauthenticated calls', async () => {
    const guest = await fetch(`${a.baseUrl}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    expect(guest.status).toBe(404);
    expect((await fetch(`${a.baseUrl}/api/catalog/entities`)).status).toBe(401);
    expect((await fetch(`${a.baseUrl}/api/platform/spokes`)).status).toBe(401);
    // The MCP endpoint that serves spoke health to AI assistants.
    const mcp = await fetch(`${a.baseUrl}/api/mcp-actions/v1`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(mcp.status).toBe(401);
  });

  it('takes GitHub webhooks only with a valid signature', async () => {
    const body = JSON.stringify({ action: 'opened', number: 1 });
    const post = (signature?: string) =>
      fetch(`${a.baseUrl}/api/events/http/github`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'pull_request',
          ...(signature ? { 'x-hub-signature-256': signature } : {}),
        },
        body,
      });
    const sign = (secret: string) =>
      `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    expect((await post()).status).toBe(403);
    expect((await post(sign('not-the-secret'))).status).toBe(403);
    expect((await post(sign(secrets.webhookSecret))).status).toBe(202);
  });

  it('signs people in as the User whose github.com/user-login is their login', async () => {
    const res = await fetch(`${a.baseUrl}/api/auth/v1/userinfo`, {
      headers: { authorization: `Bearer ${tokens.citra}` },
    });
    expect(res.status).toBe(200);
    const info = await res.json();
    expect(info.claims.sub).toBe('user:default/citra');
    expect(info.claims.ent).toEqual(
      expect.arrayContaining(['group:default/payments-team']),
    );
  });

  it('lets the automation token read the catalog and nothing else', async () => {
    const portal = await call(
      'automation',
      'GET',
      '/api/catalog/entities/by-name/component/default/platform-portal',
    );
    expect(portal.status).toBe(200);
    const { metadata } = await portal.json();

    expect(
      (
        await call('automation', 'POST', '/api/scaffolder/v2/tasks', {
          templateRef: 'template:default/new-service',
          values: {},
        })
      ).status,
    ).toBe(403);
    expect(
      (await call('automation', 'POST', '/api/platform/refresh')).status,
    ).toBe(403);
    expect(
      (
        await call('automation', 'POST', '/api/mcp-actions/v1', {
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/list',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call(
          'automation',
          'DELETE',
          `/api/catalog/entities/by-uid/${metadata.uid}`,
        )
      ).status,
    ).toBe(403);
    // Still there.
    expect(
      (
        await call(
          'automation',
          'GET',
          '/api/catalog/entities/by-name/component/default/platform-portal',
        )
      ).status,
    ).toBe(200);
  });

  it('keeps New environment and the platform actions from people outside the platform team', async () => {
    for (const who of ['dewi', 'citra']) {
      expect(
        (
          await call(
            who,
            'GET',
            '/api/catalog/entities/by-name/template/default/new-environment',
          )
        ).status,
      ).toBe(404);
      const task = await call(who, 'POST', '/api/scaffolder/v2/tasks', {
        templateRef: 'template:default/new-environment',
        values: {},
      });
      expect(task.status).toBe(404);
      // Nor its form. (Whether a platform action may execute is a conditional
      // decision the scaffolder applies inside a task; the permission API answers it
      // only for the platform team, so the policy's unit tests cover the rest.)
      expect(
        (
          await call(
            who,
            'GET',
            '/api/scaffolder/v2/templates/default/template/new-environment/parameter-schema',
          )
        ).status,
      ).toBe(404);
      expect((await call(who, 'POST', '/api/platform/refresh')).status).toBe(
        403,
      );
    }
    // Other templates stay visible.
    expect(
      (
        await call(
          'dewi',
          'GET',
          '/api/catalog/entities/by-name/template/default/new-service',
        )
      ).status,
    ).toBe(200);
  });

  it("keeps a task from other teams' members, and lets its creator and the platform team read and cancel it", async () => {
    const created = await call('citra', 'POST', '/api/scaffolder/v2/tasks', {
      templateRef: 'template:default/new-service',
      values: {
        name: 'orders',
        owner: 'group:default/payments-team',
        port: 8080,
        minReplicas: 2,
        maxReplicas: 4,
        environments: ['system:default/dev'],
        exposure: 'internal',
      },
    });
    expect(created.status).toBe(201);
    const { id } = await created.json();

    for (const who of ['eko', 'dewi']) {
      expect(
        (await call(who, 'GET', `/api/scaffolder/v2/tasks/${id}`)).status,
      ).toBe(403);
      expect(
        (await call(who, 'POST', `/api/scaffolder/v2/tasks/${id}/cancel`))
          .status,
      ).toBe(403);
      const list = await (
        await call(who, 'GET', '/api/scaffolder/v2/tasks')
      ).json();
      expect(list.tasks.map((t: { id: string }) => t.id)).not.toContain(id);
    }
    expect(
      (await call('citra', 'GET', `/api/scaffolder/v2/tasks/${id}`)).status,
    ).toBe(200);
    expect(
      (await call('ana', 'GET', `/api/scaffolder/v2/tasks/${id}`)).status,
    ).toBe(200);
    expect(
      (await call('ana', 'POST', `/api/scaffolder/v2/tasks/${id}/cancel`))
        .status,
    ).toBe(200);
  });

  it('lets a platform team member do all of it', async () => {
    expect(
      (
        await call(
          'ana',
          'GET',
          '/api/catalog/entities/by-name/template/default/new-environment',
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await call(
          'ana',
          'GET',
          '/api/scaffolder/v2/templates/default/template/new-environment/parameter-schema',
        )
      ).status,
    ).toBe(200);
    expect(
      await authorize(
        'ana',
        {
          type: 'resource',
          name: 'scaffolder.action.execute',
          attributes: {},
          resourceType: 'scaffolder-action',
        },
        'platform:spoke:render',
      ),
    ).toBe('ALLOW');
    expect((await call('ana', 'POST', '/api/platform/refresh')).status).toBe(
      202,
    );
  });

  it('serves the frontend with connect-src limited to its own origin', async () => {
    const res = await fetch(`${a.baseUrl}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="root">');
    const csp = res.headers.get('content-security-policy') ?? '';
    const connectSrc = csp
      .split(';')
      .find(d => d.trim().startsWith('connect-src'));
    expect(connectSrc?.trim()).toBe("connect-src 'self'");
  });

  it('serves from both instances, which share the health refresh: each partition once per interval', async () => {
    for (const instance of [a, b]) {
      expect(
        (
          await call(
            'automation',
            'GET',
            '/api/catalog/entities/by-name/group/default/platform-team',
            undefined,
            instance,
          )
        ).status,
      ).toBe(200);
    }
    const from = Date.now();
    await new Promise(r => setTimeout(r, WATCH_MS));
    const to = Date.now();
    const runs = await withPostgres(`${databasePrefix}platform`, async c =>
      (
        await c.query(
          `SELECT started_at, finished_at, partition_index, runner
           FROM platform_health_refresh_runs
           WHERE started_at >= $1 AND started_at <= $2 AND partition_index IS NOT NULL
           ORDER BY started_at`,
          [from, to],
        )
      ).rows.map(r => ({
        // Stored as epoch milliseconds (plugins/platform-backend HealthStore).
        started: Number(r.started_at),
        finished: Number(r.finished_at),
        partition: Number(r.partition_index),
        runner: String(r.runner),
      })),
    );
    const partitions = [...new Set(runs.map(r => r.partition))].sort();
    // Every partition of the refresh (platform.health.refresh.partitions, 4 by
    // default) ran, at least twice in the window.
    if (
      partitions.length < 4 ||
      partitions.some(p => runs.filter(r => r.partition === p).length < 2)
    ) {
      const refreshLog = (i: Instance) =>
        i
          .output()
          .split('\n')
          .filter(l => /health|refresh|platform/i.test(l))
          .slice(-30)
          .join('\n');
      throw new Error(
        `Expected every partition to run at least twice in ${WATCH_MS} ms, got ${JSON.stringify(
          runs,
        )}.\nInstance a:\n${refreshLog(a)}\nInstance b:\n${refreshLog(b)}`,
      );
    }
    // Two runners of a partition would double its count: once per interval, plus
    // one at the edge; and a partition's runs never overlap.
    for (const p of partitions) {
      const mine = runs.filter(r => r.partition === p);
      expect(mine.length).toBeLessThanOrEqual(
        Math.ceil((to - from) / (HEALTH_FREQUENCY_S * 1000)) + 1,
      );
      for (let i = 1; i < mine.length; i++) {
        expect(mine[i].started).toBeGreaterThanOrEqual(mine[i - 1].finished);
      }
    }
    // The two instances share the partitions.
    expect(new Set(runs.map(r => r.runner)).size).toBe(2);
  });

  it('tells pages on every instance of a stored refresh, through the event bus', async () => {
    // A page's Backstage signals connection, signed in as a platform engineer.
    const connect = (instance: Instance) =>
      new Promise<{ socket: WebSocket; message: Promise<unknown> }>(
        (resolve, reject) => {
          const socket = new WebSocket(
            `${instance.baseUrl.replace(/^http/, 'ws')}/api/signals`,
            [tokens.ana],
          );
          const message = new Promise(received =>
            socket.addEventListener('message', e =>
              received(JSON.parse(String(e.data))),
            ),
          );
          let settled = false;
          // An upgrade left unanswered counts as a failed connection.
          const timer = setTimeout(
            () => socket.dispatchEvent(new Event('error')),
            3000,
          );
          const fail = () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            socket.close();
            reject(new Error(`no signals connection to ${instance.baseUrl}`));
          };
          socket.addEventListener('error', fail);
          socket.addEventListener('open', () => {
            settled = true;
            clearTimeout(timer);
            socket.send(
              JSON.stringify({
                action: 'subscribe',
                channel: 'platform:health',
              }),
            );
            resolve({ socket, message });
          });
        },
      );
    // The signals backend starts taking WebSocket upgrades on the first one it
    // sees, which it leaves unanswered; the browser client reconnects, so do we.
    const listen = async (instance: Instance) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await connect(instance);
        } catch (e) {
          if (attempt === 3) throw e;
        }
      }
    };
    const pages = await Promise.all([listen(a), listen(b)]);
    try {
      // Only one instance runs each refresh; both pages hear of it.
      const within = HEALTH_FREQUENCY_S * 3 * 1000;
      const received = await Promise.all(
        pages.map(p =>
          Promise.race([
            p.message,
            new Promise(r => setTimeout(() => r('nothing'), within)),
          ]),
        ),
      );
      for (const r of received) {
        expect(r).toMatchObject({
          channel: 'platform:health',
          message: { refreshedAt: expect.any(String) },
        });
      }
    } finally {
      pages.forEach(p => p.socket.close());
    }
  });

  it('stops at start-up naming a missing variable', async () => {
    const port = await freePort();
    const env = environment(`http://127.0.0.1:${port}`, port);
    delete env.AUTH_SESSION_SECRET;
    const { child, output } = spawnBundle(env);
    const code = await new Promise<number | null>(r => child.once('exit', r));
    expect(code).not.toBe(0);
    expect(output()).toContain(
      'AUTH_SESSION_SECRET (named in app-config.production.yaml)',
    );
  });

  it('never prints a secret', () => {
    for (const instance of [a, b]) {
      for (const secret of Object.values(secrets)) {
        expect(instance.output()).not.toContain(secret);
      }
    }
  });
});
