/**
 * Playwright global set-up: starts the fake GitHub the portal's GitHub integration
 * talks to in browser tests (scripts/e2e/fakeGithub.ts, configured by
 * app-config.e2e.yaml), then waits for the backend's readiness endpoint, because the
 * frontend dev server answers before the backend has started every plugin.
 * Returns the teardown that stops the fake.
 */
import { startFakeGithub } from './e2e/fakeGithub';

const readinessUrl =
  process.env.PLAYWRIGHT_BACKEND_READY_URL ??
  'http://127.0.0.1:7007/.backstage/health/v1/readiness';

async function waitForBackend(): Promise<void> {
  const deadline = Date.now() + 240_000;
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(readinessUrl);
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = String(error);
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  throw new Error(`Backend not ready at ${readinessUrl}: ${lastError}`);
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const fakeGithub = await startFakeGithub();
  try {
    await waitForBackend();
  } catch (error) {
    await fakeGithub.close();
    throw error;
  }
  return () => fakeGithub.close();
}
