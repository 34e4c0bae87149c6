import {
  expect,
  test,
  type APIRequestContext,
  type Locator,
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

export async function resetAwsLocal(request: APIRequestContext) {
  const response = await request.post(`${CONTROL}/reset`);
  expect(response.ok()).toBe(true);
}

/** The hub account and region of infra/config/hub.yaml, which owns the TGW attachments. */
export const HUB_ACCOUNT = '111122223333';
export const HUB_REGION = 'ap-southeast-3';
const STAGING_ACCOUNT = '333344445555';

async function guestToken(request: APIRequestContext): Promise<string> {
  const signIn = await request.get(`${BACKEND}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  return (await signIn.json()).backstageIdentity.token as string;
}

function postRefresh(request: APIRequestContext, token: string) {
  return request.post(`${BACKEND}/api/platform/refresh`, {
    headers: { Authorization: `Bearer ${token}` },
  });
}

/** Refreshes spoke health through the API as the guest, so the store matches AWS again. */
export async function refreshAsGuest(request: APIRequestContext) {
  const response = await postRefresh(request, await guestToken(request));
  // 409: a refresh is already running, which is as good.
  expect([202, 409]).toContain(response.status());
}

/**
 * Starts a refresh of every spoke through the API as the guest, one that reads AWS
 * from now on: while a run is going (409, perhaps one that read AWS before the
 * test changed it) it asks again until the scheduler takes a new one (202).
 */
export async function startFreshRefreshAsGuest(request: APIRequestContext) {
  const token = await guestToken(request);
  await expect(async () => {
    expect((await postRefresh(request, token)).status()).toBe(202);
  }).toPass({ timeout: 120_000 });
}

/** The Transit Gateway attachment the staging account's VPC owns in the hub. */
export async function stagingAttachmentId(
  request: APIRequestContext,
): Promise<string> {
  const response = await request.get(
    `${CONTROL}/state?account=${HUB_ACCOUNT}&region=${HUB_REGION}`,
  );
  const text = await response.text();
  // The attachment the staging account's VPC owns, wherever the state nests it.
  const ids = new Set<string>();
  JSON.parse(text, (_key, value) => {
    if (
      value &&
      typeof value === 'object' &&
      value.ResourceOwnerId === STAGING_ACCOUNT &&
      value.ResourceType === 'vpc' &&
      typeof value.TransitGatewayAttachmentId === 'string'
    ) {
      ids.add(value.TransitGatewayAttachmentId);
    }
    return value;
  });
  expect([...ids]).toHaveLength(1);
  return [...ids][0];
}

/**
 * Deletes staging's route from the Transit Gateway route table the hub VPC's
 * attachment is associated with (tagged platform-hub); the class table keeps its own.
 */
export async function deleteStagingHubRoute(
  request: APIRequestContext,
): Promise<{ cidr: string; tableId: string }> {
  const state = await (
    await request.get(
      `${CONTROL}/state?account=${HUB_ACCOUNT}&region=${HUB_REGION}`,
    )
  ).json();
  const hub = state.regions[`${HUB_ACCOUNT}/${HUB_REGION}`];
  const hubTable = hub.ec2.routeTables.find((t: any) =>
    t.Tags.some(
      (tag: any) => tag.Key === 'Name' && tag.Value === 'platform-hub',
    ),
  );
  const attachmentId = await stagingAttachmentId(request);
  const route = hubTable.Routes.find((r: any) =>
    r.TransitGatewayAttachments?.some(
      (a: any) => a.TransitGatewayAttachmentId === attachmentId,
    ),
  );
  const cidr: string = route.DestinationCidrBlock;
  const tableId: string = hubTable.TransitGatewayRouteTableId;
  const removed = await request.delete(`${CONTROL}/resources`, {
    data: {
      kind: 'tgw-route',
      id: `${tableId}/${cidr}`,
      account: HUB_ACCOUNT,
      region: HUB_REGION,
    },
  });
  expect(removed.ok()).toBe(true);
  return { cidr, tableId };
}

export function spokesTable(page: Page): Locator {
  return page.getByRole('table', { name: 'Spokes' });
}

export function row(page: Page, name: string): Locator {
  return spokesTable(page).locator(`tr[data-spoke="${name}"]`);
}

/** A row's cells: EKS, Transit Gateway, Aurora, Overall, Last refreshed. */
export function cell(page: Page, name: string, index: number): Locator {
  return row(page, name).getByRole('cell').nth(index);
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
  const response = await request.post(`${CONTROL}/kubernetes-support/pin`);
  expect(response.ok()).toBe(true);
  expect((await response.json()).pinned.length).toBeGreaterThan(0);
}

/**
 * Hooks of a describe block that changes AWS: it starts from the seeded estate with
 * the EKS support calendar pinned, and leaves AWS and the health store as the seed
 * has them for the next test.
 */
export function startFromTheSeed() {
  test.beforeAll(async ({ request }) => {
    await resetAwsLocal(request);
    await pinKubernetesSupport(request);
  });
  test.afterAll(async ({ request }) => {
    await resetAwsLocal(request);
    await refreshAsGuest(request);
  });
}
