/*
 * Boots the real backend with the production configuration (app-config.yaml layered
 * with app-config.production.yaml) against the machine's PostgreSQL, and reads the
 * catalog through the HTTP API the way an automation client would. This proves the
 * production database settings, the static external-access token and the catalog
 * locations work together; the unit tests of each plugin cannot.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';

const repoRoot = path.resolve(__dirname, '../../..');
const postgres = {
  host: process.env.POSTGRES_TEST_HOST ?? '127.0.0.1',
  port: Number(process.env.POSTGRES_TEST_PORT ?? 5432),
  user: process.env.POSTGRES_TEST_USER ?? 'postgres',
  password: process.env.POSTGRES_TEST_PASSWORD ?? '',
};
const bootTimeoutMs = 150_000;

jest.setTimeout(bootTimeoutMs + 60_000);

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
    )}). Backend output:\n${output()}`,
  );
}

async function databasesWithPrefix(prefix: string): Promise<string[]> {
  const client = new Client({ ...postgres, database: 'postgres' });
  await client.connect();
  try {
    const result = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [prefix],
    );
    return result.rows.map(r => r.datname);
  } finally {
    await client.end();
  }
}

async function dropDatabases(names: string[]) {
  const client = new Client({ ...postgres, database: 'postgres' });
  await client.connect();
  try {
    for (const name of names) {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

describe('backend with the production configuration', () => {
  const databasePrefix = `backstage_prodtest_${randomBytes(4).toString(
    'hex',
  )}_`;
  const externalToken = randomBytes(24).toString('base64url');
  let backend: ChildProcess | undefined;
  let output = '';
  let baseUrl = '';

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    backend = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
        'packages/backend/src/index.ts',
        '--config',
        'app-config.yaml',
        '--config',
        'app-config.production.yaml',
      ],
      {
        cwd: repoRoot,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          NODE_ENV: 'production',
          PORTAL_BASE_URL: baseUrl,
          BACKEND_LISTEN_HOST: '127.0.0.1',
          BACKEND_EXTERNAL_TOKEN: externalToken,
          POSTGRES_HOST: postgres.host,
          POSTGRES_PORT: String(postgres.port),
          POSTGRES_USER: postgres.user,
          POSTGRES_PASSWORD: postgres.password,
          GITHUB_TOKEN: 'unused-in-this-test',
          AUTH_SESSION_SECRET: randomBytes(24).toString('base64url'),
          AUTH_GITHUB_CLIENT_ID: 'unused-in-this-test',
          AUTH_GITHUB_CLIENT_SECRET: 'unused-in-this-test',
          // Overrides that keep this run apart from anything else on the machine.
          APP_CONFIG_backend_listen_port: String(port),
          APP_CONFIG_backend_database_prefix: databasePrefix,
          // No AWS account here: point the SDK at a closed port so nothing leaves.
          AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
          AWS_REGION: 'ap-southeast-3',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    backend.stdout!.on('data', keep);
    backend.stderr!.on('data', keep);

    await poll(
      'the backend to report ready',
      async () => {
        if (backend?.exitCode !== null) {
          throw new Error(`backend exited with ${backend?.exitCode}`);
        }
        const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
        return res.ok ? true : undefined;
      },
      bootTimeoutMs,
      () => output,
    );
  });

  afterAll(async () => {
    if (backend && backend.exitCode === null) {
      const exited = new Promise(r => backend!.once('exit', r));
      backend.kill('SIGTERM');
      await Promise.race([exited, new Promise(r => setTimeout(r, 10_000))]);
      if (backend.exitCode === null) backend.kill('SIGKILL');
    }
    await dropDatabases(await databasesWithPrefix(databasePrefix));
  });

  it('stores its data in PostgreSQL, one database per plugin', async () => {
    const databases = await databasesWithPrefix(databasePrefix);
    expect(databases).toEqual(
      expect.arrayContaining([`${databasePrefix}catalog`]),
    );
  });

  it('refuses the catalog API without a token', async () => {
    const res = await fetch(`${baseUrl}/api/catalog/entities`);
    expect(res.status).toBe(401);
  });

  it('serves the catalog, read with the static external-access token', async () => {
    const portal = await poll(
      'the portal component in the catalog',
      async () => {
        const res = await fetch(
          `${baseUrl}/api/catalog/entities/by-name/component/default/platform-portal`,
          { headers: { Authorization: `Bearer ${externalToken}` } },
        );
        if (res.status === 404) return undefined;
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return (await res.json()) as {
          metadata: { name: string };
          spec: { owner: string };
        };
      },
      60_000,
      () => output,
    );
    expect(portal.metadata.name).toBe('platform-portal');
    expect(portal.spec.owner).toBe('group:default/platform-team');

    const groups = await fetch(
      `${baseUrl}/api/catalog/entities/by-query?filter=kind=group&fields=metadata.name`,
      { headers: { Authorization: `Bearer ${externalToken}` } },
    );
    expect(groups.status).toBe(200);
    const body = (await groups.json()) as {
      items: Array<{ metadata: { name: string } }>;
    };
    expect(body.items.map(g => g.metadata.name)).toEqual(
      expect.arrayContaining(['platform-team', 'payments-team']),
    );
  });

  it('never prints the external token or the session secret', () => {
    expect(output).not.toContain(externalToken);
  });
});
