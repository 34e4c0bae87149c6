/**
 * Playwright global set-up: the frontend dev server answers before the backend has
 * started every plugin, so wait for the backend's readiness endpoint as well.
 */
const readinessUrl =
  process.env.PLAYWRIGHT_BACKEND_READY_URL ??
  'http://127.0.0.1:7007/.backstage/health/v1/readiness';

export default async function waitForBackend(): Promise<void> {
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
