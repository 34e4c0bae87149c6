/*
 * The New service template in the running portal (local defaults, guest sign-in),
 * with GitHub replaced by the fake from scripts/e2e/fakeGithub.ts: a service
 * developer fills the form and the fake records one pull request holding the chart.
 */
import { expect, test, type Page } from '@playwright/test';
import { parse as parseYaml } from 'yaml';

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

/** What the fake's GET /_fake/calls returns per request. */
interface RecordedCall {
  method: string;
  path: string;
}

test.setTimeout(300_000);

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
    await expect(page.getByText('New service', { exact: true })).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 150_000 });
  await page.goto('/create/templates/default/new-service');
}

async function fillForm(page: Page, name: string) {
  // Service
  await page.getByRole('textbox', { name: /^Name/ }).fill(name);
  await page
    .getByRole('textbox', { name: /^Description/ })
    .fill('Service made by the browser test');
  // Entity pickers are autocompletes: found by their label, whatever their role.
  await page.getByLabel(/^Owner/).fill('Storefront');
  await page.getByRole('option', { name: 'Storefront Team' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  // Runtime: seed 002's image, mirrored by the hub, and its port.
  await page.getByRole('radio', { name: /^External \(mirrored/ }).check();
  await page
    .getByRole('textbox', { name: /^External image/ })
    .fill('zylwin/phl-store:latest');
  await page.getByLabel(/^Container port/).fill('8080');
  await page.getByRole('button', { name: 'Next' }).click();
  // Environments (spokes from the catalog) and exposure.
  await expect(async () => {
    // The catalog module adds the spokes shortly after start-up.
    await page.getByLabel(/^Target environments/).click();
    await expect(
      page.getByRole('option', { name: 'dev', exact: true }),
    ).toBeVisible({
      timeout: 3_000,
    });
  }).toPass({ timeout: 90_000 });
  await page.getByRole('option', { name: 'dev', exact: true }).click();
  await page.keyboard.press('Escape');
  await page
    .getByRole('radio', { name: 'Public (internet-facing ALB with TLS)' })
    .check();
  await page
    .getByRole('textbox', { name: /^Public host/ })
    .fill(`${name}.app.piksel.big.go.id`);
  await page.getByRole('button', { name: 'Next' }).click();
  // Network access: nothing beyond the defaults.
  await page.getByRole('button', { name: 'Next' }).click();
  // Database and repository.
  await page.getByRole('checkbox', { name: /^Aurora MySQL database/ }).check();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
}

async function recorded<T>(what: 'pulls' | 'calls'): Promise<T[]> {
  const response = await fetch(`${FAKE_GITHUB_URL}/_fake/${what}`);
  expect(response.ok).toBe(true);
  return response.json();
}

/** Calls that change something in GitHub: every method but GET and HEAD. */
async function writes(): Promise<RecordedCall[]> {
  return (await recorded<RecordedCall>('calls')).filter(
    c => c.method !== 'GET' && c.method !== 'HEAD',
  );
}

test.describe('New service template', () => {
  test('a service developer fills the form and gets a pull request holding the chart', async ({
    page,
  }) => {
    const name = 'phl-store-e2e';
    await signInAsGuest(page);
    await openTemplate(page);
    await fillForm(page, name);

    const link = page.getByRole('link', { name: 'Pull request' });
    await expect(link).toBeVisible({ timeout: 120_000 });
    const href = await link.getAttribute('href');
    expect(href).toMatch(
      new RegExp(`^${FAKE_GITHUB_URL}/piksel-ina/piksel-portal/pull/\\d+$`),
    );

    const pr = (await recorded<RecordedPullRequest>('pulls')).find(
      p => p.html_url === href,
    );
    expect(pr).toBeDefined();
    expect(pr!.head).toBe(`new-service/${name}`);
    expect(pr!.base).toBe('main');
    expect(pr!.title).toBe(`New service: ${name} on dev`);
    const files = Object.keys(pr!.files).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        `argocd/${name}-dev.yaml`,
        `charts/${name}/Chart.yaml`,
        `charts/${name}/README.md`,
        `charts/${name}/values.yaml`,
        `charts/${name}/values-dev.yaml`,
        `charts/${name}/values.schema.json`,
        `charts/${name}/templates/deployment.yaml`,
        `charts/${name}/templates/ingress.yaml`,
        `charts/${name}/templates/networkpolicy.yaml`,
        `infra/config/services/${name}.yaml`,
        `services/${name}/catalog-info.yaml`,
        'argocd/projects/team-storefront-team.yaml',
      ]),
    );
    // An image built elsewhere: no CI workflow.
    expect(files.filter(f => f.startsWith('.github/'))).toEqual([]);

    const chart = parseYaml(pr!.files[`charts/${name}/Chart.yaml`]!);
    expect(chart).toMatchObject({ apiVersion: 'v2', name });
    const values = parseYaml(pr!.files[`charts/${name}/values.yaml`]!);
    // Spokes pull the hub's pull-through mirror, never Docker Hub.
    expect(values.image).toMatchObject({
      repository: `111122223333.dkr.ecr.ap-southeast-3.amazonaws.com/mirror/${name}/zylwin/phl-store`,
    });
    expect(
      parseYaml(pr!.files[`charts/${name}/values-dev.yaml`]!).image,
    ).toEqual({ digest: '', tag: 'latest' });
    expect(values.ingress.enabled).toBe(true);
    expect(values.database).toMatchObject({
      enabled: true,
      schema: 'phl_store_e2e',
      user: 'phl_store_e2e',
    });
    const dev = parseYaml(pr!.files[`charts/${name}/values-dev.yaml`]!);
    expect(dev.ingress.host).toBe(`${name}.dev.app.piksel.big.go.id`);
    // Helm's own templates are copied untouched.
    expect(pr!.files[`charts/${name}/templates/deployment.yaml`]).toContain(
      'readOnlyRootFilesystem: true',
    );
    expect(pr!.files[`charts/${name}/templates/deployment.yaml`]).toContain(
      '{{ include "service.fullname" . }}',
    );
    expect(parseYaml(pr!.files[`infra/config/services/${name}.yaml`]!)).toEqual(
      {
        name,
        description: 'Service made by the browser test',
        owner: 'group:default/storefront-team',
        environments: ['dev'],
        image: { source: 'external', reference: 'zylwin/phl-store:latest' },
        database: {
          schema: 'phl_store_e2e',
          user: 'phl_store_e2e',
          auth: 'iam',
          ddl: false,
        },
      },
    );
    expect(pr!.body).toContain('### Validated by the portal');
    expect(pr!.body).toContain('### What merging changes');
    expect(pr!.body).toContain('`rds-db:connect` as `phl_store_e2e`');
    expect(pr!.body).toContain('### After merging');
    // The CloudFormation diff of the stacks the pull request adds: the service's
    // own stack in the hub and in dev, nothing of the platform stacks.
    const diff = pr!.body.slice(pr!.body.indexOf('### CloudFormation diff'));
    expect(pr!.body).toContain('### CloudFormation diff');
    expect(diff).toMatch(
      new RegExp(
        `\\| \`platform-service-${name}-hub\` \\| 111122223333 \\| new \\|`,
      ),
    );
    expect(diff).toMatch(
      new RegExp(
        `\\| \`platform-service-${name}-dev\` \\| \\d{12} \\| new \\|`,
      ),
    );
    expect(diff).toContain('AWS::ECR::PullThroughCacheRule');
    expect(diff).not.toMatch(/\| `platform-(hub|spoke-[a-z]+)` \|/);
  });

  test('a reserved name is refused naming the field, and no pull request is opened', async ({
    page,
  }) => {
    await signInAsGuest(page);
    await openTemplate(page);
    const before = await writes();
    await fillForm(page, 'argocd');

    await expect(
      page.getByText(/name \[reserved\] 'argocd' is reserved/).first(),
    ).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole('link', { name: 'Pull request' })).toHaveCount(
      0,
    );
    // Nothing was written to GitHub (request tracking keeps reading earlier pull requests).
    expect(await writes()).toHaveLength(before.length);
  });
});
