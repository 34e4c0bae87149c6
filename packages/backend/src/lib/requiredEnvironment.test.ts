import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  assertProductionEnvironment,
  configFilesFromArgv,
  missingVariables,
  requiredVariables,
} from './requiredEnvironment';

describe('requiredVariables', () => {
  it('lists each ${VAR} without a fallback once', () => {
    const text = [
      'a: ${PORTAL_BASE_URL}',
      'b: ${PORTAL_BASE_URL}/api',
      'c: ${GITHUB_TOKEN:-}',
      'd: ${REGION:-ap-southeast-3}',
      'e: $${LITERAL}',
      '# f: ${IN_A_COMMENT}',
      'g: x # ${TRAILING_COMMENT}',
      'h: ${ POSTGRES_HOST }',
    ].join('\n');
    expect(requiredVariables(text, 'p.yaml')).toEqual([
      { name: 'PORTAL_BASE_URL', file: 'p.yaml' },
      { name: 'POSTGRES_HOST', file: 'p.yaml' },
    ]);
  });
});

describe('configFilesFromArgv', () => {
  it('reads both --config forms and skips remote configs', () => {
    expect(
      configFilesFromArgv([
        'node',
        'packages/backend',
        '--config',
        'app-config.yaml',
        '--config=app-config.production.yaml',
        '--config',
        'https://example.com/c.yaml',
      ]),
    ).toEqual(['app-config.yaml', 'app-config.production.yaml']);
  });
});

describe('missingVariables', () => {
  it('treats unset and blank values as missing', () => {
    const refs = [
      { name: 'A', file: 'f' },
      { name: 'B', file: 'f' },
      { name: 'C', file: 'f' },
    ];
    expect(missingVariables(refs, { A: 'x', B: '  ' })).toEqual([
      { name: 'B', file: 'f' },
      { name: 'C', file: 'f' },
    ]);
  });
});

describe('assertProductionEnvironment', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'required-env-'));
  fs.writeFileSync(path.join(dir, 'base.yaml'), 'x: ${GITHUB_TOKEN:-}\n');
  fs.writeFileSync(
    path.join(dir, 'prod.yaml'),
    'a: ${POSTGRES_HOST}\nb: ${AUTH_SESSION_SECRET}\n',
  );
  const argv = [
    'node',
    'backend',
    '--config',
    'base.yaml',
    '--config',
    'prod.yaml',
  ];
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names every missing variable and the file that needs it', () => {
    expect(() =>
      assertProductionEnvironment({
        argv,
        cwd: dir,
        env: { NODE_ENV: 'production', POSTGRES_HOST: 'db' },
      }),
    ).toThrow(/AUTH_SESSION_SECRET \(named in prod\.yaml\)/);
  });

  it('passes when every required variable is set', () => {
    expect(() =>
      assertProductionEnvironment({
        argv,
        cwd: dir,
        env: {
          NODE_ENV: 'production',
          POSTGRES_HOST: 'db',
          AUTH_SESSION_SECRET: 's',
        },
      }),
    ).not.toThrow();
  });

  it('checks nothing outside production', () => {
    expect(() =>
      assertProductionEnvironment({
        argv,
        cwd: dir,
        env: { NODE_ENV: 'development' },
      }),
    ).not.toThrow();
  });
});
