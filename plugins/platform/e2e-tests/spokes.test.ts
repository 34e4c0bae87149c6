import { test, expect, type Page } from '@playwright/test';
import {
  cell,
  CONTROL,
  deleteStagingHubRoute,
  HUB_ACCOUNT,
  HUB_REGION,
  keepScreenshot,
  pinKubernetesSupport,
  resetAwsLocal,
  row,
  signInAsGuest,
  spokesTable,
  stagingAttachmentId,
  startFromTheSeed,
} from './support';

/**
 * Spoke health end to end on the local default: the real backend checks the local
 * AWS endpoint (packages/aws-local), whose control API injects the failure.
 */
/** spokeEntityNames('staging').tgwAttachment in plugins/platform-common. */
const STAGING_ATTACHMENT_ENTITY =
  '/catalog/default/resource/staging-tgw-attachment';

// Two refreshes of every spoke plus page loads on a shared two-core machine.
test.setTimeout(180_000);

/** Presses the page's refresh button from the keyboard and waits for the new results. */
async function refreshFromPage(page: Page) {
  const button = page.getByRole('button', { name: 'Refresh now' });
  const done = page.getByText('Every spoke refreshed.');
  await button.focus();
  await page.keyboard.press('Enter');
  // A refresh of every spoke takes seconds: the previous "done" goes away first.
  await expect(done).toBeHidden();
  await expect(done).toBeVisible({
    timeout: 120_000,
  });
}

test.describe('spoke health', () => {
  startFromTheSeed();

  test('a failed staging attachment shows as critical on the page and on its entity', async ({
    page,
    request,
  }, testInfo) => {
    await signInAsGuest(page);
    await page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Spokes', exact: true })
      .click();
    await expect(page).toHaveURL(/\/spokes$/);

    // Start from the seed: refresh so the store reflects the reset endpoint.
    await refreshFromPage(page);

    const names = await spokesTable(page)
      .locator('tbody tr')
      .evaluateAll(rows => rows.map(r => r.getAttribute('data-spoke')));
    expect(names).toEqual(['shared', 'dev', 'prod', 'staging']);
    for (const name of ['shared', 'dev', 'prod', 'staging']) {
      await expect(cell(page, name, 3)).toContainText('OK');
    }
    await keepScreenshot(page, testInfo, 'spokes-healthy');

    // Fail staging's VPC attachment in the hub account.
    const attachmentId = await stagingAttachmentId(request);
    const patch = await request.patch(`${CONTROL}/resources`, {
      data: {
        kind: 'tgw-attachment',
        id: attachmentId,
        account: HUB_ACCOUNT,
        region: HUB_REGION,
        set: { State: 'failed' },
      },
    });
    expect(patch.ok()).toBe(true);

    await refreshFromPage(page);

    const reason = new RegExp(
      `Attachment ${attachmentId} \\(vpc-[0-9a-f]+\\) is failed`,
    );
    await expect(cell(page, 'staging', 1)).toContainText('Critical');
    await expect(cell(page, 'staging', 1)).toContainText(reason);
    await expect(cell(page, 'staging', 3)).toContainText('Critical');
    await expect(cell(page, 'staging', 3)).toContainText(reason);
    // Only staging is affected.
    for (const name of ['dev', 'prod']) {
      await expect(cell(page, name, 3)).toContainText('OK');
    }
    await keepScreenshot(page, testInfo, 'spokes-staging-critical');

    // The detail: every check, and the change in the history.
    await row(page, 'staging').getByRole('link', { name: 'staging' }).click();
    await expect(page).toHaveURL(/\/spokes\/staging$/);
    const tgwChecks = page.getByRole('table', {
      name: 'Transit Gateway checks',
    });
    const attachmentRow = tgwChecks
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: 'VPC attachment' }) });
    await expect(attachmentRow).toContainText('Critical');
    await expect(attachmentRow).toContainText(reason);
    await expect(
      page
        .getByRole('list', { name: 'Status changes' })
        .getByRole('listitem')
        .first(),
    ).toContainText(/Overall \w+ → Critical/);
    await expect(
      page.getByRole('list', { name: 'Status changes' }),
    ).toContainText('Transit Gateway OK → Critical');
    // The chart draws overall, EKS, Transit Gateway and Aurora.
    await expect(page.locator('.recharts-line')).toHaveCount(4);
    await keepScreenshot(page, testInfo, 'staging-detail');

    // The attachment's own entity page says the same.
    await page.goto(STAGING_ATTACHMENT_ENTITY);
    // InfoCard titles are not headings in this Backstage version.
    await expect(
      page.getByText('Transit Gateway health', { exact: true }),
    ).toBeVisible();
    await expect(page.getByText('In spoke staging')).toBeVisible();
    const checks = page.getByRole('list', { name: 'Checks' });
    const attachmentCheck = checks
      .getByRole('listitem')
      .filter({ hasText: 'VPC attachment' });
    await expect(attachmentCheck).toContainText('Critical');
    await expect(attachmentCheck).toContainText(reason);
    await keepScreenshot(page, testInfo, 'staging-attachment-entity');
  });

  test('a route deleted from the hub table turns the spoke critical, though its class table still routes to it', async ({
    page,
    request,
  }, testInfo) => {
    await resetAwsLocal(request);
    await pinKubernetesSupport(request);
    const { cidr, tableId } = await deleteStagingHubRoute(request);

    await signInAsGuest(page);
    await page.goto('/spokes');
    await refreshFromPage(page);

    const reason = `No route to ${cidr} in the hub table ${tableId}`;
    await expect(cell(page, 'staging', 1)).toContainText('Critical');
    await expect(cell(page, 'staging', 3)).toContainText('Critical');
    for (const name of ['dev', 'prod']) {
      await expect(cell(page, name, 3)).toContainText('OK');
    }
    await row(page, 'staging').getByRole('link', { name: 'staging' }).click();
    const tgwChecks = page.getByRole('table', {
      name: 'Transit Gateway checks',
    });
    const hubRouteRow = tgwChecks.getByRole('row').filter({
      has: page.getByRole('rowheader', {
        name: 'Route from the hub to the spoke',
      }),
    });
    await expect(hubRouteRow).toContainText('Critical');
    await expect(hubRouteRow).toContainText(reason);
    // The class table still routes to staging: that check stays OK.
    await expect(
      tgwChecks.getByRole('row').filter({
        has: page.getByRole('rowheader', { name: 'Route to the spoke CIDR' }),
      }),
    ).toContainText('OK');
    await keepScreenshot(page, testInfo, 'staging-hub-route-missing');
  });
});
