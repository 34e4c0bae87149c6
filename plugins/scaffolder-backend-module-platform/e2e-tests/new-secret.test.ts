/*
 * The New secret template in the running portal (local defaults, guest sign-in, AWS
 * answered by the local endpoint): a service owner creates a Slack webhook secret for the
 * sample service on dev, and the service's page lists it with its tags and no value.
 */
import { expect, test, type Page } from '@playwright/test';

test.setTimeout(300_000);

const WEBHOOK =
  'https://hooks.slack.com/services/T0E2EAAAA/B0E2EBBBB/e2eWebhookValue0123456789';

const READINESS_URL = 'http://127.0.0.1:7007/.backstage/health/v1/readiness';

/** The dev backend restarts when a watched file changes: wait until it answers. */
async function waitForBackend(page: Page) {
  await expect(async () => {
    const response = await page.request.get(READINESS_URL);
    expect(response.ok()).toBe(true);
  }).toPass({ timeout: 120_000 });
}

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

async function openTemplate(page: Page) {
  await page.goto('/create');
  // The catalog reads templates/*/template.yaml shortly after start-up.
  await expect(async () => {
    await page.reload();
    await expect(page.getByText('New secret', { exact: true })).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 150_000 });
  await page.goto('/create/templates/default/new-secret');
}

test.describe('New secret template', () => {
  test('a Slack webhook secret for a service on dev is listed on its page with its tags and no value', async ({
    page,
  }) => {
    // Unique per run: the local endpoint keeps secrets while the portal runs.
    const name = `slack-e2e-${Date.now().toString(36)}`;
    await signInAsGuest(page);
    await openTemplate(page);

    // Service and spokes: both from the catalog.
    await expect(async () => {
      await page.getByRole('textbox', { name: /^Service/ }).click();
      await expect(page.getByRole('option', { name: /phl-store/ })).toBeVisible(
        { timeout: 3_000 },
      );
    }).toPass({ timeout: 90_000 });
    await page.getByRole('option', { name: /phl-store/ }).click();
    await page.getByRole('textbox', { name: /^Spokes/ }).click();
    await page.getByRole('option', { name: 'dev', exact: true }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Next' }).click();

    // The secret: the kind defaults to a Slack webhook and the Tenant to Slack.
    await page.getByRole('textbox', { name: /^Name/ }).fill(name);
    await page
      .getByRole('textbox', { name: /^Description/ })
      .fill('Alerts from the browser test');
    await page.getByLabel(/^Webhook URL/).fill(WEBHOOK);
    // Backstage's Secret field hands its value to the task's secrets 300 ms after the
    // last keystroke (a lodash debounce, nothing on the page shows it): a person takes
    // longer than that to reach Create; the test waits it out, or the task would be
    // created with no secrets.
    await page.waitForTimeout(1_000);
    await page.getByRole('button', { name: 'Review' }).click();
    // The review never shows a secret field's value.
    await expect(page.getByText(WEBHOOK)).toHaveCount(0);
    await page.getByRole('button', { name: 'Create' }).click();

    const secretName = `piksel/dev/phl-store/${name}`;
    await expect(page.getByText(secretName)).toBeVisible({ timeout: 120_000 });
    await expect(page.getByText(WEBHOOK)).toHaveCount(0);

    // The service's page lists it, with its tags, and never the value.
    await page.goto('/catalog/default/component/phl-store');
    const card = page.getByRole('table', {
      name: 'Secrets of this service per spoke',
    });
    await expect(card.getByText(secretName)).toBeVisible({ timeout: 60_000 });
    const row = card.getByRole('row').filter({ hasText: secretName });
    await expect(row).toContainText('Project=piksel');
    await expect(row).toContainText('Service=phl-store');
    await expect(row).toContainText('Environment=dev');
    await expect(row).toContainText('Owner=storefront-team');
    await expect(row).toContainText('Tenant=Slack');
    await expect(row).toContainText('alias/piksel-runbook-secrets');
    expect(await page.content()).not.toContain(WEBHOOK);
  });
});
