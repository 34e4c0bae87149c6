/* eslint-disable no-console */
/**
 * The portal as the benchmarks run it (not a test helper: nothing here asserts):
 * the local AWS endpoint and the backend on their own ports, so they never collide
 * with a running portal or the browser tests; the backend either as the development
 * server or as the production bundle unpacked the way the image runs it; optionally
 * a registry of N generated spokes, each in its own account.
 *
 * Used by bench-spokes-page.js (the page in Chromium) and bench-portal-memory.js (the
 * backend's resident memory while the schedule refreshes spoke health).
 */
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

require('@backstage/cli/config/nodeTransform.cjs');
const { buildLargeRegistryFiles } = require('@internal/plugin-platform-common');

const ROOT = path.resolve(__dirname, '../../..');
const POSTGRES =
  process.env.BENCH_POSTGRES_CONNECTION_STRING ??
  'postgresql://postgres@127.0.0.1:5432';

const args = process.argv.slice(2);
/** Whether the benchmark's command line has `name`. */
const flag = name => args.includes(name);
/** The value after `name` on the benchmark's command line, or `fallback`. */
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};

const children = [];
/** Folders and files to remove when the benchmark ends. */
const temporaryFolders = [];

function startChild(name, command, commandArgs, env, cwd = ROOT) {
  const child = spawn(command, commandArgs, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const log = fs.createWriteStream(path.join(os.tmpdir(), `bench-${name}.log`));
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  children.push(child);
  return child;
}

/** Stops every process started here and removes the temporary folders. */
function stopAll() {
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  for (const dir of temporaryFolders) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function waitFor(what, check, timeoutMs = 240_000, intervalMs = 1000) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const result = await check();
      if (result) return result;
    } catch (e) {
      last = String(e);
    }
    await new Promise(r => setTimeout(r, intervalMs));
  }
  throw new Error(`${what} not ready after ${timeoutMs} ms: ${last}`);
}

/** Resident set size of a process in MiB, from /proc (its threads included). */
function rssMiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]);
  return kb / 1024;
}

/** Builds what the backend serves: the production bundle, or the app alone. */
function build({ bundle }) {
  const [what, command] = bundle
    ? ['the production bundle (packages/backend/dist)', ['build:backend']]
    : [
        'the app for production (packages/app/dist)',
        ['workspace', 'app', 'build'],
      ];
  console.log(`Building ${what}…`);
  const t0 = Date.now();
  const result = spawnSync('yarn', command, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`building ${what} failed`);
  console.log(`Built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

/** A registry of `count` generated spokes in a new temporary folder. */
function writeLargeRegistry(count) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-registry-'));
  temporaryFolders.push(dir);
  for (const file of buildLargeRegistryFiles(count)) {
    fs.mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true });
    fs.writeFileSync(path.join(dir, file.path), file.content);
  }
  return dir;
}

/**
 * The production bundle unpacked as in the image (packages/backend/Dockerfile), with a
 * node_modules that links the repository's installed third-party packages and the
 * bundle's own built workspaces (never the sources), plus the catalog files the config
 * reads. Returns the folder.
 */
function unpackBundle() {
  const bundle = path.join(ROOT, 'packages/backend/dist/bundle.tar.gz');
  if (!fs.existsSync(bundle)) {
    throw new Error(`${bundle} is missing: run without --skip-build`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-bundle-'));
  temporaryFolders.push(dir);
  const tar = spawnSync('tar', ['xzf', bundle, '-C', dir], {
    stdio: 'inherit',
  });
  if (tar.status !== 0) throw new Error('could not unpack the bundle');
  const workspaces = {};
  for (const group of ['packages', 'plugins']) {
    for (const name of fs.readdirSync(path.join(dir, group))) {
      const pkg = path.join(dir, group, name, 'package.json');
      if (fs.existsSync(pkg)) workspaces[require(pkg).name] = path.dirname(pkg);
    }
  }
  if (fs.existsSync(path.join(dir, 'infra/package.json'))) {
    workspaces[require(path.join(dir, 'infra/package.json')).name] = path.join(
      dir,
      'infra',
    );
  }
  const modules = path.join(dir, 'node_modules');
  fs.mkdirSync(modules);
  const rootModules = path.join(ROOT, 'node_modules');
  for (const entry of fs.readdirSync(rootModules)) {
    if (entry === '.bin' || workspaces[entry]) continue;
    if (entry.startsWith('@')) {
      fs.mkdirSync(path.join(modules, entry));
      for (const sub of fs.readdirSync(path.join(rootModules, entry))) {
        if (workspaces[`${entry}/${sub}`]) continue;
        fs.symlinkSync(
          path.join(rootModules, entry, sub),
          path.join(modules, entry, sub),
        );
      }
    } else {
      fs.symlinkSync(path.join(rootModules, entry), path.join(modules, entry));
    }
  }
  for (const [name, folder] of Object.entries(workspaces)) {
    fs.mkdirSync(path.dirname(path.join(modules, name)), { recursive: true });
    fs.symlinkSync(folder, path.join(modules, name));
  }
  for (const file of [
    'app-config.yaml',
    'app-config.development.yaml',
    'catalog-info.yaml',
  ]) {
    fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
  }
  for (const folder of ['catalog', 'templates', 'services']) {
    fs.cpSync(path.join(ROOT, folder), path.join(dir, folder), {
      recursive: true,
    });
  }
  return dir;
}

/**
 * Starts the local AWS endpoint and the backend with the local default config (guest
 * sign-in) on the given ports, and resolves once the backend is ready and serves the
 * app. `spokes` > 0: a registry of that many generated spokes for both. `config`:
 * more YAML lines layered last. `awsLatencyMs`: added to every AWS call.
 * `databasePrefix`: the machine's PostgreSQL as production has it (one database per
 * plugin, named with this prefix; see dropDatabases) instead of SQLite in memory.
 */
async function startLocalPortal({
  bundle = false,
  spokes = 0,
  backendPort,
  awsPort,
  config = [],
  awsLatencyMs = 0,
  nodeOptions = [],
  databasePrefix,
}) {
  if (
    !bundle &&
    !fs.existsSync(path.join(ROOT, 'packages/app/dist/index.html'))
  ) {
    throw new Error('packages/app/dist is missing: run without --skip-build');
  }
  const base = `http://127.0.0.1:${backendPort}`;
  const awsUrl = `http://127.0.0.1:${awsPort}`;
  const configFile = path.join(os.tmpdir(), `bench-portal-${backendPort}.yaml`);
  temporaryFolders.push(configFile);
  fs.writeFileSync(
    configFile,
    [
      'app:',
      `  baseUrl: ${base}`,
      'backend:',
      `  baseUrl: ${base}`,
      `  listen: { host: 127.0.0.1, port: ${backendPort} }`,
      `  cors: { origin: ${base} }`,
      ...(databasePrefix
        ? [
            '  database:',
            '    client: pg',
            `    connection: ${POSTGRES}`,
            `    prefix: ${databasePrefix}`,
          ]
        : []),
      ...config,
      '',
    ].join('\n'),
  );
  let registryDir;
  if (spokes > 0) {
    registryDir = writeLargeRegistry(spokes);
    console.log(`Registry of ${spokes} generated spokes in ${registryDir}`);
  }
  const awsEnv = {
    PLATFORM_REGISTRY_DIR: registryDir ?? path.join(ROOT, 'infra/config'),
    AWS_LOCAL_PORT: String(awsPort),
    AWS_ENDPOINT_URL: awsUrl,
    AWS_REGION: 'ap-southeast-3',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  };
  startChild(
    `aws-local-${awsPort}`,
    'node',
    ['packages/aws-local/bin/aws-local.js'],
    awsEnv,
  );
  await waitFor('local AWS endpoint', async () => {
    await fetch(`${awsUrl}/`);
    return true;
  });
  const control = async (method, route, body) => {
    const r = await fetch(`${awsUrl}/_aws-local${route}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body && JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`aws-local ${method} ${route}: ${r.status}`);
  };
  // The generated clusters run the fixture's Kubernetes version: keep it in standard
  // support whatever today's date, so the spokes are healthy.
  await control('POST', '/kubernetes-support/pin');
  if (awsLatencyMs)
    await control('POST', '/faults', { latencyMs: awsLatencyMs });

  // The local default (guest sign-in) and these ports, relative to packages/backend
  // in both modes.
  const configArgs = [
    '--config',
    '../../app-config.yaml',
    '--config',
    '../../app-config.development.yaml',
    '--config',
    configFile,
  ];
  const dir = bundle ? unpackBundle() : undefined;
  if (dir) console.log(`Production bundle unpacked in ${dir}`);
  const startedAt = Date.now();
  let backend;
  if (dir) {
    backend = startChild(
      `backend-${backendPort}`,
      process.execPath,
      ['.', ...configArgs],
      {
        ...awsEnv,
        // The bundle as the image runs it, but with the local default's guest
        // sign-in, which a production start refuses (NODE_ENV only switches that
        // guard and the log format; the frontend is the production build either way).
        NODE_ENV: 'development',
        NODE_OPTIONS: ['--no-node-snapshot', ...nodeOptions].join(' '),
      },
      // The local default's catalog locations are relative to packages/backend.
      path.join(dir, 'packages/backend'),
    );
  } else {
    backend = startChild(
      `backend-${backendPort}`,
      'yarn',
      ['workspace', 'backend', 'start', ...configArgs],
      awsEnv,
    );
  }
  console.log(
    `Waiting for the backend on ${base} (logs in ${os.tmpdir()}/bench-*.log)…`,
  );
  await waitFor(
    'backend',
    async () => {
      const r = await fetch(`${base}/.backstage/health/v1/readiness`);
      return r.ok;
    },
    240_000,
    100,
  );
  const readyAfterS = (Date.now() - startedAt) / 1000;
  await waitFor('app', async () => {
    const r = await fetch(`${base}/spokes`);
    return r.ok && (await r.text()).includes('<div id="root">');
  });
  return { base, backend, readyAfterS };
}

/** Drops the PostgreSQL databases whose names start with `prefix`. */
async function dropDatabases(prefix) {
  const knex = require('knex')({ client: 'pg', connection: POSTGRES });
  try {
    const { rows } = await knex.raw(
      'SELECT datname FROM pg_database WHERE starts_with(datname, ?)',
      [prefix],
    );
    for (const { datname } of rows) {
      await knex.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [datname]);
    }
  } finally {
    await knex.destroy();
  }
}

/** The local guest's token as a request header. */
async function guestAuthorization(base) {
  const signIn = await (
    await fetch(`${base}/api/auth/guest/refresh`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    })
  ).json();
  return { Authorization: `Bearer ${signIn.backstageIdentity.token}` };
}

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  process.on(signal, () => {
    stopAll();
    process.exit(code);
  });
}

module.exports = {
  ROOT,
  build,
  dropDatabases,
  flag,
  guestAuthorization,
  option,
  rssMiB,
  startLocalPortal,
  stopAll,
  unpackBundle,
  waitFor,
};
