/*
 * The portal image without a Docker engine: the Dockerfile is parsed and held to the
 * rules the image must keep (non-root, production dependencies only, an init process,
 * a health check on Backstage's readiness endpoint), and everything it copies from the
 * build context is checked to exist after `yarn build:backend` and to pass .dockerignore.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  copies,
  globToRegExp,
  isInContext,
  parseDockerfile,
  Stage,
  stages,
  words,
} from './dockerfile';

const repoRoot = path.resolve(__dirname, '../../../..');
const backendDir = path.join(repoRoot, 'packages/backend');
const dockerfile = fs.readFileSync(path.join(backendDir, 'Dockerfile'), 'utf8');
const dockerignore = fs.readFileSync(
  path.join(repoRoot, '.dockerignore'),
  'utf8',
);
const bundle = path.join(backendDir, 'dist/bundle.tar.gz');
const skeleton = path.join(backendDir, 'dist/skeleton.tar.gz');

const all = stages(parseDockerfile(dockerfile));
const runtime = all[all.length - 1];

function keyword(stage: Stage, name: string) {
  return stage.instructions.filter(i => i.keyword === name);
}

function runCommands(): string[] {
  return all.flatMap(s => keyword(s, 'RUN').map(i => i.args));
}

/** The repository files a glob such as `./templates/*\/template.yaml` matches. */
function repoFiles(glob: string): string[] {
  const relative = glob.replace(/^\.\//, '');
  const re = globToRegExp(relative);
  const base = relative.split('/')[0];
  const start = path.join(repoRoot, base);
  if (!fs.existsSync(start)) return [];
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (re.test(path.relative(repoRoot, full))) {
        found.push(path.relative(repoRoot, full));
      }
    }
  };
  if (fs.statSync(start).isDirectory()) walk(start);
  else if (re.test(base)) found.push(base);
  return found;
}

/** What the runtime stage copies from the build context, as context paths. */
function contextSourcesOfRuntime(): string[] {
  return copies(runtime)
    .filter(c => !c.flags.from)
    .flatMap(c => c.sources);
}

beforeAll(() => {
  // The COPY sources include the build output; build it when a previous build did not.
  if (!fs.existsSync(bundle) || !fs.existsSync(skeleton)) {
    execFileSync('yarn', ['build:backend'], {
      cwd: repoRoot,
      stdio: 'inherit',
      timeout: 600_000,
      // Jest sets NODE_ENV=test, which the bundler would build for (and find no
      // browserslist query for): the image holds a production build.
      env: { ...process.env, NODE_ENV: 'production' },
    });
  }
}, 660_000);

describe('portal Dockerfile', () => {
  it('has a dependency stage and a runtime stage from the same Node 22 image', () => {
    expect(all.map(s => s.from)).toEqual(['${NODE_IMAGE}', '${NODE_IMAGE}']);
    const arg = parseDockerfile(dockerfile).find(i => i.keyword === 'ARG');
    expect(arg?.args).toMatch(/^NODE_IMAGE=node:22-bookworm-slim$/);
  });

  it('runs as a numeric non-root user and never switches back to root', () => {
    const users = keyword(runtime, 'USER');
    expect(users.length).toBeGreaterThan(0);
    const last = users[users.length - 1].args.trim();
    const [user, group] = last.split(':');
    expect(user).toMatch(/^[1-9]\d*$/);
    expect(group ?? '1').toMatch(/^[1-9]\d*$/);
    // Everything after the first RUN that needs root (apt) runs unprivileged.
    const lastRun = Math.max(...keyword(runtime, 'RUN').map(i => i.line));
    const firstUser = users[0].line;
    for (const run of keyword(runtime, 'RUN').filter(i => i.line > firstUser)) {
      expect(run.args).not.toMatch(/apt-get|sudo|chmod\s+[0-7]*7\b/);
    }
    expect(firstUser).toBeLessThan(
      Math.min(
        ...keyword(runtime, 'COPY').map(i => i.line),
        lastRun + 1_000_000,
      ),
    );
    for (const stage of all) {
      for (const u of keyword(stage, 'USER')) {
        expect(u.args.trim()).not.toMatch(/^(root|0)(:|$)/);
      }
    }
  });

  it('installs production dependencies only, from the skeleton', () => {
    const runs = runCommands();
    expect(
      runs.some(r => /yarn workspaces focus --all --production/.test(r)),
    ).toBe(true);
    for (const r of runs) {
      expect(r).not.toMatch(/\byarn(\s+install)?\s*(&&|$)/);
      expect(r).not.toMatch(/\bnpm\s+(install|ci)\b/);
      expect(r).not.toMatch(/--include[= ]dev/);
    }
    const env = all.flatMap(s => keyword(s, 'ENV').map(i => i.args));
    expect(env).toContain('NODE_ENV=production');
    // The focus runs after the skeleton (the workspaces' package.json files) is unpacked.
    const deps = all[0];
    const unpack = keyword(deps, 'RUN').find(i =>
      /tar xzf skeleton\.tar\.gz/.test(i.args),
    );
    const focus = keyword(deps, 'RUN').find(i =>
      /workspaces focus/.test(i.args),
    );
    expect(unpack && focus && unpack.line < focus.line).toBe(true);
  });

  it('keeps compilers out of the runtime image', () => {
    for (const run of keyword(runtime, 'RUN')) {
      expect(run.args).not.toMatch(/\b(g\+\+|build-essential|python3)\b/);
    }
  });

  it('runs Node under tini installed from Debian', () => {
    const entrypoint = keyword(runtime, 'ENTRYPOINT');
    expect(entrypoint).toHaveLength(1);
    expect(words(entrypoint[0].args)).toEqual(['/usr/bin/tini', '--']);
    expect(
      keyword(runtime, 'RUN').some(r =>
        /apt-get install -y --no-install-recommends [^&]*\btini\b/.test(r.args),
      ),
    ).toBe(true);
    const cmd = keyword(runtime, 'CMD');
    expect(cmd).toHaveLength(1);
    expect(words(cmd[0].args).slice(0, 2)).toEqual([
      'node',
      'packages/backend',
    ]);
  });

  it('checks health on Backstage readiness endpoint, in exec form', () => {
    const checks = keyword(runtime, 'HEALTHCHECK');
    expect(checks).toHaveLength(1);
    const [, command] = checks[0].args.split(/\bCMD\b/);
    const argv = words(command);
    expect(argv[0]).toBe('node');
    expect(argv.join(' ')).toContain(
      'http://127.0.0.1:7007/.backstage/health/v1/readiness',
    );
    expect(checks[0].args).toMatch(/--start-period=\d+s/);
  });

  it('copies only files that exist after the build and that .dockerignore lets through', () => {
    const problems: string[] = [];
    for (const stage of all) {
      for (const copy of copies(stage).filter(c => !c.flags.from)) {
        for (const source of copy.sources) {
          if (/^[a-z]+:\/\//.test(source)) {
            // Fetched by the build, over TLS only.
            if (!source.startsWith('https://')) {
              problems.push(`line ${copy.line}: ${source} is not https`);
            }
            continue;
          }
          const full = path.join(repoRoot, source);
          if (!fs.existsSync(full)) {
            problems.push(`line ${copy.line}: ${source} does not exist`);
          } else if (!isInContext(source, dockerignore)) {
            problems.push(`line ${copy.line}: ${source} is in .dockerignore`);
          }
          if (fs.existsSync(full) && fs.statSync(full).isDirectory()) {
            for (const file of repoFiles(`${source}/**`)) {
              if (!isInContext(file, dockerignore)) {
                problems.push(`line ${copy.line}: ${file} is in .dockerignore`);
              }
            }
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('sends no source, dependency, local config or tool to the build context', () => {
    for (const file of [
      'packages/backend/src/index.ts',
      'plugins/platform-backend/src/index.ts',
      'node_modules/pg/package.json',
      'packages/backend/node_modules/.bin',
      'app-config.local.yaml',
      'app-config.e2e.yaml',
      // The local default's guest sign-in layer.
      'app-config.development.yaml',
      '.tools/node22/bin/node',
      '.git/HEAD',
      '.yarn/install-state.gz',
      'infra/cdk.out/manifest.json',
    ]) {
      expect([file, isInContext(file, dockerignore)]).toEqual([file, false]);
    }
  });

  it('bundles the backend and the frontend it serves', () => {
    const entries = execFileSync('tar', ['tzf', bundle], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    }).split('\n');
    expect(entries).toContain('packages/backend/dist/index.cjs.js');
    expect(entries).toContain('packages/app/dist/index.html');
    const skeletonEntries = execFileSync('tar', ['tzf', skeleton], {
      encoding: 'utf8',
    }).split('\n');
    expect(skeletonEntries).toContain('packages/backend/package.json');
  });

  it('copies every config file the command line and the production catalog read', () => {
    const copied = contextSourcesOfRuntime();
    const cmd = words(keyword(runtime, 'CMD')[0].args);
    const configs = cmd.filter((_, i) => cmd[i - 1] === '--config');
    expect(configs.length).toBeGreaterThanOrEqual(2);
    for (const config of configs) expect(copied).toContain(config);

    const production = parseYaml(
      fs.readFileSync(
        path.join(repoRoot, 'app-config.production.yaml'),
        'utf8',
      ),
    );
    const fileTargets: string[] = (production.catalog?.locations ?? [])
      .filter((l: { type: string }) => l.type === 'file')
      .map((l: { target: string }) => l.target);
    const missing = fileTargets.flatMap(target =>
      repoFiles(target).filter(
        file =>
          !copied.some(
            source => file === source || file.startsWith(`${source}/`),
          ),
      ),
    );
    expect(missing).toEqual([]);
  });
});
