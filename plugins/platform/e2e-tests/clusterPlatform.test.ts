import { test, expect, type Locator, type Page } from '@playwright/test';
import {
  CONTROL,
  keepScreenshot,
  signInAsGuest,
  startFromTheSeed,
} from './support';

/**
 * The cluster platform of a spoke end to end: the local AWS endpoint degrades an
 * EKS add-on and fails the Argo CD capability through its control API; the spoke
 * page, refreshed by the person, shows both with their status and health issues.
 */

// A refresh of the spoke plus page loads on a shared two-core machine.
test.setTimeout(180_000);

function platformRow(page: Page, name: string): Locator {
  return page
    .getByRole('table', { name: 'Add-ons and capabilities' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name, exact: true }) });
}

test.describe('EKS add-ons and capabilities', () => {
  startFromTheSeed();

  test('a degraded add-on and a failed Argo CD capability show on the spoke page', async ({
    page,
    request,
  }, testInfo) => {
    const degrade = await request.patch(`${CONTROL}/resources`, {
      data: {
        kind: 'eks-addon',
        id: 'staging/external-dns',
        set: {
          status: 'DEGRADED',
          health: {
            issues: [
              {
                code: 'InsufficientNumberOfReplicas',
                message:
                  'The add-on is unhealthy because it has 0 of 2 replicas',
                resourceIds: ['external-dns'],
              },
            ],
          },
        },
      },
    });
    expect(degrade.ok()).toBe(true);
    const fail = await request.patch(`${CONTROL}/resources`, {
      data: {
        kind: 'eks-capability',
        id: 'staging/argocd',
        set: {
          status: 'CREATE_FAILED',
          health: {
            issues: [
              {
                code: 'AccessDenied',
                message: 'The capability role cannot be assumed by EKS',
              },
            ],
          },
        },
      },
    });
    expect(fail.ok()).toBe(true);

    await signInAsGuest(page);
    await page.goto('/spokes/staging');
    const refresh = page.getByRole('button', { name: 'Refresh staging' });
    await refresh.focus();
    await page.keyboard.press('Enter');

    const dns = platformRow(page, 'external-dns');
    await expect(dns).toContainText('Warning', { timeout: 120_000 });
    await expect(dns).toContainText('DEGRADED');
    await expect(dns).toContainText(
      'InsufficientNumberOfReplicas: The add-on is unhealthy because it has 0 of 2 replicas',
    );
    const argocd = platformRow(page, 'argocd');
    await expect(argocd).toContainText('Capability');
    await expect(argocd).toContainText('Critical');
    await expect(argocd).toContainText('CREATE_FAILED');
    await expect(argocd).toContainText(
      'AccessDenied: The capability role cannot be assumed by EKS',
    );
    // Every other add-on of the platform is listed, and healthy.
    for (const name of [
      'vpc-cni',
      'coredns',
      'kube-proxy',
      'eks-pod-identity-agent',
      'aws-ebs-csi-driver',
      'aws-secrets-store-csi-driver-provider',
      'metrics-server',
    ]) {
      await expect(platformRow(page, name)).toContainText('OK');
    }
    await keepScreenshot(page, testInfo, 'staging-addons-capabilities');
  });
});
