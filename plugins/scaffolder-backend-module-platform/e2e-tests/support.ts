/**
 * What the template browser tests need besides the page: the portal's registry copy,
 * the local AWS endpoint's control API (packages/aws-local), and the backend's APIs
 * as the guest.
 *
 * playwright.config.ts starts the portal on a fresh copy of infra/config at
 * `.tools/e2e/registry` (PLATFORM_REGISTRY_DIR, which the catalog provider, spoke
 * health, the templates and aws-local read). A test applies a merged pull request's
 * registry files there, and puts the committed versions back afterwards.
 */
import { expect, type APIRequestContext } from '@playwright/test';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

/** The committed registry: tests never write it. */
const COMMITTED_REGISTRY_DIR = join(ROOT, 'infra/config');

/** The copy the portal reads, as playwright.config.ts makes it. */
const E2E_REGISTRY_DIR = join(ROOT, '.tools/e2e/registry');

/** Where the registry sits in the repository (app-config.yaml `platform.repository.registryPath`). */
const REGISTRY_PATH_IN_REPOSITORY = 'infra/config';

export const BACKEND =
  process.env.PLAYWRIGHT_BACKEND_URL ?? 'http://127.0.0.1:7007';
export const AWS_LOCAL_CONTROL = `${
  process.env.AWS_LOCAL_URL ?? 'http://127.0.0.1:4566'
}/_aws-local`;

/** The scheduled task of the catalog's registry provider (catalog-backend-module-platform). */
const REGISTRY_PROVIDER_TASK = 'platform-registry:refresh';

/**
 * Applies a pull request's registry files to the portal's copy, as its merge would:
 * each path under the registry folder written with its new content, or removed
 * (null). Returns the changed paths relative to the registry.
 */
export function applyToRegistryCopy(
  files: Record<string, string | null>,
): string[] {
  const prefix = `${REGISTRY_PATH_IN_REPOSITORY}/`;
  const changed: string[] = [];
  for (const [path, content] of Object.entries(files)) {
    if (!path.startsWith(prefix)) continue;
    const relative = path.slice(prefix.length);
    const target = join(E2E_REGISTRY_DIR, relative);
    if (content === null) {
      rmSync(target, { force: true });
    } else {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
    changed.push(relative);
  }
  return changed;
}

/** Puts the committed version of each path back into the copy (removes one not committed). */
export function restoreRegistryFiles(paths: string[]): void {
  for (const relative of paths) {
    const committed = join(COMMITTED_REGISTRY_DIR, relative);
    const target = join(E2E_REGISTRY_DIR, relative);
    if (existsSync(committed)) copyFileSync(committed, target);
    else rmSync(target, { force: true });
  }
}

/** A Backstage token of the guest, for the backend's APIs. */
async function guestHeaders(
  request: APIRequestContext,
): Promise<Record<string, string>> {
  const signIn = await request.get(`${BACKEND}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  expect(signIn.ok()).toBe(true);
  const token = (await signIn.json()).backstageIdentity.token as string;
  return { Authorization: `Bearer ${token}` };
}

/**
 * Runs the catalog's registry provider now (its scheduled task, as its next
 * schedule would) until the spoke's System is in the catalog, or gone from it.
 */
export async function catalogReadsRegistry(
  request: APIRequestContext,
  spoke: string,
  present: boolean,
) {
  const headers = await guestHeaders(request);
  // 409: a run is going that may have read the folder before the change; ask again.
  await expect(async () => {
    const trigger = await request.post(
      `${BACKEND}/api/catalog/.backstage/scheduler/v1/tasks/${encodeURIComponent(
        REGISTRY_PROVIDER_TASK,
      )}/trigger`,
      { headers },
    );
    expect(trigger.status()).toBe(200);
  }).toPass({ timeout: 60_000 });
  await expect
    .poll(
      async () =>
        (
          await request.get(
            `${BACKEND}/api/catalog/entities/by-name/system/default/${spoke}`,
            { headers },
          )
        ).status(),
      { timeout: 60_000 },
    )
    .toBe(present ? 200 : 404);
}

/**
 * Starts a refresh of every spoke's health as the guest, one that reads AWS from now
 * on: while a run is going (409) it asks again until a new one starts (202).
 */
export async function startFreshHealthRefresh(request: APIRequestContext) {
  const headers = await guestHeaders(request);
  await expect(async () => {
    const response = await request.post(`${BACKEND}/api/platform/refresh`, {
      headers,
    });
    expect(response.status()).toBe(202);
  }).toPass({ timeout: 120_000 });
}

/** The spokes spoke health lists now. */
export async function spokesWithHealth(
  request: APIRequestContext,
): Promise<string[]> {
  const response = await request.get(`${BACKEND}/api/platform/spokes`, {
    headers: await guestHeaders(request),
  });
  expect(response.ok()).toBe(true);
  return ((await response.json()).items as Array<{ spoke: string }>).map(
    i => i.spoke,
  );
}

/** Seeds a spoke of the registry copy in aws-local, as its first deploy leaves AWS. */
export async function deploySpokeInAwsLocal(
  request: APIRequestContext,
  spoke: string,
) {
  const response = await request.post(`${AWS_LOCAL_CONTROL}/spokes`, {
    data: { name: spoke },
  });
  expect(response.status()).toBe(201);
}

/** aws-local back to the seed of the registry copy as it is now; no fault rules. */
export async function resetAwsLocal(request: APIRequestContext) {
  const response = await request.post(`${AWS_LOCAL_CONTROL}/reset`);
  expect(response.ok()).toBe(true);
}

/**
 * The seed runs the registry's Kubernetes version, whose EKS support status depends
 * on today's date. Pin every seeded version in standard support for a year, so the
 * test is about the request reaching healthy, not the calendar (whose verdicts are
 * unit tests of the backend's EKS checks). A reset undoes it.
 */
export async function pinKubernetesSupport(request: APIRequestContext) {
  const response = await request.post(
    `${AWS_LOCAL_CONTROL}/kubernetes-support/pin`,
  );
  expect(response.ok()).toBe(true);
  expect((await response.json()).pinned.length).toBeGreaterThan(0);
}
