/*
 * The New environment template in the running portal (local defaults, guest in the
 * platform team), with GitHub replaced by the fake from scripts/e2e/fakeGithub.ts.
 */
import { expect, test, type Page } from '@playwright/test';

// The fake GitHub of scripts/e2e/fakeGithub.ts, as app-config.e2e.yaml configures it.
const FAKE_GITHUB_URL = `http://127.0.0.1:${
  process.env.FAKE_GITHUB_PORT ?? 7171
}`;

/** What the fake's GET /_fake/pulls returns per pull request (the fields read here). */
interface RecordedPullRequest {
  title: string;
  body: string;
  head: string;
  base: string;
  html_url: string;
  files: Record<string, string | null>;
}

// Validation, two synths and the diff run on the portal's backend.
test.setTimeout(240_000);

async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

async function openTemplate(page: Page) {
  await page.goto('/create');
  // The catalog reads templates/*/template.yaml shortly after start-up.
  await expect(async () => {
    await page.reload();
    await expect(page.getByText('New environment (spoke)')).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 90_000 });
  await page.goto('/create/templates/default/new-environment');
}

async function fillForm(
  page: Page,
  answers: { name: string; account: string },
) {
  // Spoke
  await page.getByRole('textbox', { name: /^Name/ }).fill(answers.name);
  await page
    .getByRole('textbox', { name: /^Description/ })
    .fill('Spoke made by the browser test');
  await page.getByRole('button', { name: 'Next' }).click();
  // AWS account
  await page
    .getByRole('textbox', { name: /^AWS account id/ })
    .fill(answers.account);
  await page.getByRole('button', { name: 'Next' }).click();
  // Network: the field proposes the next free block of the registry.
  const cidr = page.getByRole('textbox', { name: /^VPC CIDR/ });
  await expect(cidr).toHaveValue('10.4.0.0/16');
  await expect(
    page.getByText(/^The next free block in the registry\./),
  ).toBeVisible();
  await expect(
    page.getByText(
      /^In use: hub shared 10\.0\.0\.0\/16, spoke dev 10\.1\.0\.0\/16/,
    ),
  ).toBeVisible();
  // As the person types, it says what a block overlaps.
  await cidr.fill('10.1.0.0/16');
  await expect(
    page.getByText('Overlaps spoke dev (10.1.0.0/16)'),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Use 10.4.0.0/16' }).click();
  await expect(cidr).toHaveValue('10.4.0.0/16');
  await page.getByRole('button', { name: 'Next' }).click();
  // EKS and Aurora: defaults.
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
}

async function recorded<T>(what: 'pulls' | 'calls'): Promise<T[]> {
  const response = await fetch(`${FAKE_GITHUB_URL}/_fake/${what}`);
  expect(response.ok).toBe(true);
  return response.json();
}

test.describe('New environment template', () => {
  test('a platform engineer fills the form and gets a pull request with the file and the diff', async ({
    page,
  }) => {
    await signInAsGuest(page);
    await openTemplate(page);
    await fillForm(page, { name: 'qa', account: '555566667777' });

    const link = page.getByRole('link', { name: 'Pull request' });
    await expect(link).toBeVisible({ timeout: 180_000 });
    const href = await link.getAttribute('href');
    expect(href).toMatch(
      new RegExp(`^${FAKE_GITHUB_URL}/piksel-ina/piksel-portal/pull/\\d+$`),
    );
    await expect(
      page.getByRole('link', {
        name: 'The spoke in the catalog (once merged)',
      }),
    ).toHaveAttribute('href', '/catalog/default/system/qa');

    const pr = (await recorded<RecordedPullRequest>('pulls')).find(
      p => p.html_url === href,
    );
    expect(pr).toBeDefined();
    expect(pr!.head).toBe('platform/new-environment-qa');
    expect(pr!.base).toBe('main');
    expect(pr!.title).toBe('platform: add spoke qa (non-prod)');
    expect(Object.keys(pr!.files)).toEqual(['infra/config/spokes/qa.yaml']);
    const file = pr!.files['infra/config/spokes/qa.yaml']!;
    expect(file).toContain('name: qa\n');
    expect(file).toContain("account: '555566667777'");
    expect(file).toContain('cidr: 10.4.0.0/16');
    // The body: inputs, validation, the diff of hub and spoke, reviewer steps.
    expect(pr!.body).toContain('| VPC CIDR | 10.4.0.0/16 |');
    expect(pr!.body).toContain('**unique-account**: `555566667777`');
    expect(pr!.body).toContain('### CloudFormation diff');
    expect(pr!.body).toMatch(/\| `platform-hub` \| 111122223333 \| changed \|/);
    expect(pr!.body).toMatch(
      /\| `platform-spoke-qa` \| 555566667777 \| new \|/,
    );
    expect(pr!.body).toContain('[~] AWS::RAM::ResourceShare');
    // What happens by itself after merge, and what needs a person.
    expect(pr!.body).toContain('**`handshake / qa`** (environment `hub`)');
    expect(pr!.body).toContain(
      '`./scripts/pipeline/add-account.sh qa` with administrator credentials for `555566667777`',
    );
    expect(pr!.body).not.toContain('copy the spoke stack');
  });

  test('a duplicate account id is refused naming the field, and no pull request is opened', async ({
    page,
  }) => {
    await signInAsGuest(page);
    await openTemplate(page);
    const before = await recorded<unknown>('calls');
    await fillForm(page, { name: 'qa-duplicate', account: '222233334444' });

    await expect(
      page
        .getByText(
          /account \[unique-account\] 222233334444 is also the account of spokes\/dev\.yaml/,
        )
        .first(),
    ).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole('link', { name: 'Pull request' })).toHaveCount(
      0,
    );
    const pulls = await recorded<RecordedPullRequest>('pulls');
    expect(pulls.filter(p => p.head.includes('qa-duplicate'))).toEqual([]);
    expect(await recorded<unknown>('calls')).toHaveLength(before.length);
  });
});
