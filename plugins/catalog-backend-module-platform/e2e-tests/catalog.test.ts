import { test, expect, type Page } from '@playwright/test';

const backendReadiness =
  process.env.PLAYWRIGHT_BACKEND_READY_URL ??
  'http://127.0.0.1:7007/.backstage/health/v1/readiness';

/**
 * The dev backend restarts when a watched package changes; wait until it answers
 * again so sign-in does not race a restart.
 */
async function waitForBackend(page: Page) {
  await expect
    .poll(
      async () =>
        (await page.request.get(backendReadiness).catch(() => undefined))?.ok(),
      { timeout: 120_000, intervals: [1000] },
    )
    .toBe(true);
}

/** Signs in as the guest; tries again when a backend restart made the sign-in fail. */
async function signInAsGuest(page: Page) {
  const catalogLink = page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Catalog', exact: true });
  for (let attempt = 1; ; attempt++) {
    await waitForBackend(page);
    await page.goto('/');
    await page.getByRole('button', { name: 'Enter' }).click();
    try {
      await expect(catalogLink).toBeVisible({ timeout: 20_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

test.describe('the platform registry in the catalog (local default)', () => {
  // The first page load waits for the dev server's bundle.
  test.describe.configure({ timeout: 180_000 });

  test('lists the hub and every spoke as Systems', async ({ page }) => {
    await signInAsGuest(page);
    await page.goto('/catalog?filters[kind]=system&filters[user]=all');
    for (const system of ['shared', 'dev', 'staging', 'prod']) {
      await expect(
        page.getByRole('link', { name: system, exact: true }),
      ).toBeVisible();
    }
  });

  test("a spoke's page shows its resources and links them to the hub", async ({
    page,
  }) => {
    await signInAsGuest(page);
    await page.goto('/catalog/default/system/dev');
    await expect(
      page.getByRole('heading', { name: 'dev' }).first(),
    ).toBeVisible();
    for (const resource of ['dev-eks', 'dev-tgw-attachment', 'dev-aurora']) {
      await expect(
        page.getByRole('link', { name: resource }).first(),
      ).toBeVisible();
    }

    await page
      .getByRole('link', { name: 'dev-tgw-attachment' })
      .first()
      .click();
    await expect(page).toHaveURL(
      /\/catalog\/default\/resource\/dev-tgw-attachment/,
    );
    // The Relations card draws the graph: the attachment depends on the hub's TGW.
    const relations = page
      .getByRole('article')
      .filter({ has: page.getByRole('heading', { name: 'Relations' }) });
    await expect(
      relations.getByText('shared-transit-gateway', { exact: true }),
    ).toBeVisible();
    await expect(relations.getByText('dependsOn / dependencyOf')).toBeVisible();
  });
});
