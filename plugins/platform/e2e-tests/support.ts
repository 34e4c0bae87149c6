import {
  expect,
  type APIRequestContext,
  type Page,
  type TestInfo,
} from '@playwright/test';

/**
 * What the browser tests of the platform plugin share: the local AWS endpoint's
 * control API (packages/aws-local), the backend's refresh as the guest, signing
 * in, and screenshots kept with the results.
 */
export const AWS_LOCAL = process.env.AWS_LOCAL_URL ?? 'http://127.0.0.1:4566';
export const CONTROL = `${AWS_LOCAL}/_aws-local`;
export const BACKEND =
  process.env.PLAYWRIGHT_BACKEND_URL ?? 'http://127.0.0.1:7007';

/** The Kubernetes versions the endpoint seeded from the registry (every spoke's `eks.version`). */
export async function seededEksVersions(
  request: APIRequestContext,
): Promise<string[]> {
  const response = await request.get(`${CONTROL}/state`);
  const versions = new Set<string>();
  JSON.parse(await response.text(), (_key, value) => {
    if (
      value &&
      typeof value === 'object' &&
      typeof value.arn === 'string' &&
      value.arn.includes(':cluster/') &&
      typeof value.version === 'string'
    ) {
      versions.add(value.version);
    }
    return value;
  });
  expect(versions.size).toBeGreaterThan(0);
  return [...versions];
}

export async function resetAwsLocal(request: APIRequestContext) {
  const response = await request.post(`${CONTROL}/reset`);
  expect(response.ok()).toBe(true);
}

export /** Refreshes spoke health through the API as the guest, so the store matches AWS again. */
async function refreshAsGuest(request: APIRequestContext) {
  const signIn = await request.get(`${BACKEND}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  const token = (await signIn.json()).backstageIdentity.token as string;
  const response = await request.post(`${BACKEND}/api/platform/refresh`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  // 409: a refresh is already running, which is as good.
  expect([202, 409]).toContain(response.status());
}

export async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

/**
 * Saves a full-page screenshot in the test's output folder (test-results/e2e/…)
 * and attaches it to the result, passed or failed.
 */
export async function keepScreenshot(
  page: Page,
  testInfo: TestInfo,
  name: string,
) {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

/**
 * The seed runs the registry's Kubernetes version, whose EKS support status
 * depends on today's date (a version leaving standard support, which the page
 * rightly shows as a warning). Pin it in standard support for a year so the
 * test checks the UI's reaction to a failed attachment, not the calendar; the
 * calendar verdicts are unit tests of the backend's EKS checks.
 */
export async function pinKubernetesSupport(request: APIRequestContext) {
  const day = 24 * 60 * 60 * 1000;
  const inDays = (n: number) => new Date(Date.now() + n * day).toISOString();
  for (const version of await seededEksVersions(request)) {
    const response = await request.patch(`${CONTROL}/resources`, {
      data: {
        kind: 'eks-cluster-version',
        id: version,
        set: {
          versionStatus: 'STANDARD_SUPPORT',
          endOfStandardSupportDate: inDays(365),
          endOfExtendedSupportDate: inDays(730),
        },
      },
    });
    expect(response.ok()).toBe(true);
  }
}
