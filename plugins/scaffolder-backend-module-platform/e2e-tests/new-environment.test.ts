/*
 * The New environment template in the running portal (local defaults, guest in the
 * platform team), with GitHub replaced by the fake from scripts/e2e/fakeGithub.ts.
 * The portal reads a copy of the registry (scripts/e2e/registry.ts): the request test
 * applies its merged pull request there, and puts the copy back afterwards.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  applyToRegistryCopy,
  catalogReadsRegistry,
  deploySpokeInAwsLocal,
  pinKubernetesSupport,
  resetAwsLocal,
  restoreRegistryFiles,
  spokesWithHealth,
  startFreshHealthRefresh,
} from './support';

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
  await expect(cidr).toHaveValue('10.4.0.0/20');
  await expect(
    page.getByText(/^The next free block in pool main\./),
  ).toBeVisible();
  await expect(
    page.getByText(
      /^In use: hub shared 10\.0\.0\.0\/16, spoke dev 10\.1\.0\.0\/16/,
    ),
  ).toBeVisible();
  // As the person types, it says what a block overlaps.
  await cidr.fill('10.1.0.0/20');
  await expect(
    page.getByText('Overlaps spoke dev (10.1.0.0/16)'),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Use 10.4.0.0/20' }).click();
  await expect(cidr).toHaveValue('10.4.0.0/20');
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

/** Calls that change something in GitHub: every method but GET and HEAD. */
async function writes(): Promise<Array<{ method: string }>> {
  return (await recorded<{ method: string }>('calls')).filter(
    c => c.method !== 'GET' && c.method !== 'HEAD',
  );
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
    expect(file).toContain('cidr: 10.4.0.0/20');
    // The body: inputs, validation, the diff of hub and spoke, reviewer steps.
    expect(pr!.body).toContain('| VPC CIDR | 10.4.0.0/20 |');
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
    const before = await writes();
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
    // Nothing was written to GitHub (request tracking keeps reading earlier pull requests).
    expect(await writes()).toHaveLength(before.length);
  });
});

test.describe('New environment request, followed until healthy', () => {
  /** Changes the fake GitHub the way the pipeline and reviewers would. */
  async function github(path: string, body: unknown) {
    const response = await fetch(`${FAKE_GITHUB_URL}/_fake/pulls/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.ok).toBe(true);
  }

  /** Registry files the test changed in the portal's copy, put back afterwards. */
  let applied: string[] = [];

  test.afterAll(async ({ request }) => {
    if (!applied.length) return;
    // Every other test expects the committed registry: the spoke leaves the
    // registry, the catalog, AWS (a reset reads the registry again) and spoke health.
    restoreRegistryFiles(applied);
    applied = [];
    await catalogReadsRegistry(request, 'uat', false);
    await resetAwsLocal(request);
    await startFreshHealthRefresh(request);
    await expect
      .poll(() => spokesWithHealth(request), { timeout: 120_000 })
      .not.toContain('uat');
  });

  test('the request page follows the pull request from open to healthy, and the requester is notified', async ({
    page,
    request,
  }) => {
    await signInAsGuest(page);
    await openTemplate(page);
    await fillForm(page, { name: 'uat', account: '777788889999' });

    const follow = page.getByRole('link', {
      name: 'Follow the request (checks, review, deploy, health)',
    });
    await expect(follow).toBeVisible({ timeout: 180_000 });
    await page.goto((await follow.getAttribute('href'))!);
    const stage = page.getByTestId('request-stage');
    await expect(stage).toHaveText('open');
    await expect(page.getByText('waiting for a review')).toBeVisible();

    const pr = (
      await recorded<RecordedPullRequest & { number: number }>('pulls')
    ).find(p => p.head === 'platform/new-environment-uat')!;
    const at = `piksel-ina/piksel-portal/${pr.number}`;

    // The pipeline's checks pass and a reviewer approves.
    await github(`${at}/checks`, {
      runs: ['pr / synth', 'pr / charts', 'pr / workflows', 'pr / plan'].map(
        name => ({ name, status: 'completed', conclusion: 'success' }),
      ),
    });
    await github(`${at}/reviews`, { login: 'reviewer', state: 'APPROVED' });
    await expect(stage).toHaveText('approved', { timeout: 60_000 });
    await expect(page.getByText('approved by reviewer')).toBeVisible();

    // Merged; the deploy waits for the spoke's environment, then succeeds.
    await github(at, { merged: true });
    await github(`${at}/checks`, {
      on: 'merge',
      runs: [
        { name: 'deploy / platform-hub', status: 'completed' },
        { name: 'deploy / platform-spoke-uat', status: 'waiting' },
      ],
    });
    await expect(stage).toHaveText('deploying', { timeout: 60_000 });
    await expect(
      page.getByText(/^waiting \d+ min for uat approval$/).first(),
    ).toBeVisible();
    await github(`${at}/checks`, {
      on: 'merge',
      runs: [
        'deploy / platform-hub',
        'deploy / platform-spoke-uat',
        'handshake / uat',
        'deploy / summary',
      ].map(name => ({ name, status: 'completed', conclusion: 'success' })),
    });
    await expect(stage).toHaveText('deployed', { timeout: 60_000 });
    await expect(page.getByTestId('step-handshake / uat')).toHaveAttribute(
      'data-state',
      'done',
    );
    // Healthy needs the spoke in the catalog and its health ok: the registry the
    // portal reads does not hold it yet.
    await expect(
      page.getByText('deployed, not in the catalog yet').first(),
    ).toBeVisible();

    // What the merge and the deploy change outside GitHub: the pull request's spoke
    // file lands in the registry, and AWS then holds the spoke's resources.
    applied = applyToRegistryCopy(pr.files);
    expect(applied).toEqual(['spokes/uat.yaml']);
    await deploySpokeInAwsLocal(request, 'uat');
    // The seed's Kubernetes version is judged by today's EKS calendar; this test is
    // about the request reaching healthy (the calendar has the backend's unit tests).
    await pinKubernetesSupport(request);
    // The catalog reads the registry on its schedule, spoke health on its own.
    await catalogReadsRegistry(request, 'uat', true);
    await startFreshHealthRefresh(request);

    await expect(stage).toHaveText('healthy', { timeout: 120_000 });
    const healthy = page.getByTestId('step-healthy');
    await expect(healthy).toHaveAttribute('data-state', 'done');
    await expect(
      healthy.getByText('in the catalog; spoke health ok'),
    ).toBeVisible();
    await expect(healthy.getByTestId('step-uat')).toHaveAttribute(
      'data-state',
      'done',
    );
    await expect(page.getByText('Ended: running and healthy')).toBeVisible();

    // The requester got a notification at each step, the last one that it runs.
    await page.goto('/notifications');
    await expect(
      page.getByText('system:default/uat: running and healthy').first(),
    ).toBeVisible({ timeout: 30_000 });
    await expect(
      page.getByText('system:default/uat: deployed').first(),
    ).toBeVisible();
    await expect(
      page.getByText('system:default/uat: pull request approved').first(),
    ).toBeVisible();

    // The Requests page lists it among the guest's own.
    await page.goto('/requests');
    await expect(
      page.getByRole('link', { name: 'platform: add spoke uat (non-prod)' }),
    ).toBeVisible();
  });
});
