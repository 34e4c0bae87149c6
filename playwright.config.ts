import { defineConfig, devices } from '@playwright/test';
import { dirname, resolve } from 'path';

/**
 * Browser tests for every package: each package keeps its own in `e2e-tests/`.
 *
 * Playwright starts the portal with the local defaults (the README's start command
 * without its set-up step, which the test command has already run) and drives
 * Debian's Chromium. Never `npx playwright install`: this machine cannot download
 * Playwright's own browser builds.
 */
const baseURL = process.env.PLAYWRIGHT_URL ?? 'http://127.0.0.1:3000';

// The registry the portal reads: a copy of infra/config made afresh at each start, so
// a test can apply a merged pull request's spoke file without touching the committed
// one (plugins/scaffolder-backend-module-platform/e2e-tests/support.ts writes it).
const registryCopy = resolve(__dirname, '.tools/e2e/registry');
const freshRegistryCopy = [
  `rm -rf '${registryCopy}'`,
  `mkdir -p '${dirname(registryCopy)}'`,
  `cp -R '${resolve(__dirname, 'infra/config')}' '${registryCopy}'`,
].join(' && ');

export default defineConfig({
  testDir: '.',
  testMatch: ['{packages,plugins}/*/e2e-tests/**/*.test.ts'],
  timeout: 90_000,
  expect: { timeout: 30_000 },
  forbidOnly: true,
  retries: 0,
  workers: 1,
  outputDir: 'test-results/e2e',
  reporter: [['list']],
  // Waits for the backend too: the dev server answers before the backend is ready.
  globalSetup: './scripts/e2e-global-setup.ts',
  webServer: process.env.PLAYWRIGHT_URL
    ? undefined
    : {
        // The local default (base + development layer with guest sign-in), and
        // app-config.e2e.yaml, which points the GitHub integration at the fake GitHub
        // (scripts/e2e/fakeGithub.ts) that the global set-up starts. Absolute paths:
        // each package resolves --config relative to its own folder.
        // PLATFORM_REGISTRY_DIR: the catalog, spoke health, the templates and
        // aws-local all read the registry copy.
        command: [
          freshRegistryCopy,
          '&&',
          `PLATFORM_REGISTRY_DIR='${registryCopy}'`,
          './scripts/start.sh --skip-bootstrap',
          ...[
            'app-config.yaml',
            'app-config.development.yaml',
            'app-config.e2e.yaml',
          ].map(file => `--config ${resolve(__dirname, file)}`),
        ].join(' '),
        url: baseURL,
        reuseExistingServer: !process.env.CI,
        timeout: 240_000,
        // The portal's request log would drown the test report; errors still show.
        stdout: 'ignore',
        stderr: 'pipe',
        gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
      },
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    video: 'off',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--headless',
            '--disable-gpu',
            '--disable-quic',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
  ],
});
