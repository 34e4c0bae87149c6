import { test, expect, type Page } from '@playwright/test';

async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    sidebar(page).getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

function sidebar(page: Page) {
  return page.getByRole('navigation', { name: 'sidebar nav' });
}

test.describe('the portal with the local defaults', () => {
  test('a guest signs in and lands on the home page', async ({ page }) => {
    await signInAsGuest(page);
    await expect(
      page.getByText('Getting Started', { exact: true }),
    ).toBeVisible();
    await expect(
      page.getByText('The hub-and-spoke platform portal'),
    ).toBeVisible();
    await expect(
      sidebar(page).getByRole('link', { name: 'Create', exact: true }),
    ).toBeVisible();
  });

  test('the catalog lists the portal and the org', async ({ page }) => {
    await signInAsGuest(page);
    await sidebar(page)
      .getByRole('link', { name: 'Catalog', exact: true })
      .click();
    await expect(
      page.getByRole('link', { name: 'Platform Portal' }),
    ).toBeVisible();

    // The seeded org: three teams under one department.
    await page.goto('/catalog?filters[kind]=group');
    for (const team of ['Platform Team', 'Payments Team', 'Storefront Team']) {
      await expect(page.getByRole('link', { name: team })).toBeVisible();
    }
  });

  test("the portal's own entity shows its owner and description", async ({
    page,
  }) => {
    await signInAsGuest(page);
    await page.goto('/catalog/default/component/platform-portal');
    await expect(
      page.getByRole('heading', { name: 'Platform Portal' }).first(),
    ).toBeVisible();
    await expect(page.getByText(/hub-and-spoke AWS estate/)).toBeVisible();
    await expect(
      page.getByRole('link', { name: 'Platform Team' }).first(),
    ).toBeVisible();
  });

  test('the list of templates opens', async ({ page }) => {
    await signInAsGuest(page);
    await sidebar(page)
      .getByRole('link', { name: 'Create', exact: true })
      .click();
    await expect(page).toHaveURL(/\/create/);
    await expect(
      page.getByRole('heading', { name: 'Create', level: 1 }),
    ).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Templates' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });
});
