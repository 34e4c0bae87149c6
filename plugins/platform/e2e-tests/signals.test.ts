import { test, expect } from '@playwright/test';
import {
  cell,
  deleteStagingHubRoute,
  keepScreenshot,
  signInAsGuest,
  startFreshRefreshAsGuest,
  startFromTheSeed,
} from './support';

/**
 * Spoke health reaches an open page through Backstage signals: a refresh that the
 * page did not start (here through the API, as the scheduler does every minute)
 * shows on it without a reload and without its refresh button.
 */

// Two refreshes of every spoke on a shared two-core machine.
test.setTimeout(180_000);

/** Set on the page's window: a reload or navigation would drop it. */
const MARKER = '__platformSignalsMarker';

test.describe('health signals', () => {
  startFromTheSeed();

  test('a refresh started outside the page turns the spoke critical on the open page, without a reload', async ({
    page,
    request,
  }, testInfo) => {
    const sockets: string[] = [];
    page.on('websocket', ws => sockets.push(ws.url()));

    await signInAsGuest(page);
    await page.goto('/spokes');
    // The store reflects the reset endpoint; the page learns it from the signal.
    await startFreshRefreshAsGuest(request);
    await expect(cell(page, 'staging', 3)).toContainText('OK', {
      timeout: 120_000,
    });
    await page.evaluate(name => {
      (window as unknown as Record<string, string>)[name] = 'kept';
    }, MARKER);

    const { cidr, tableId } = await deleteStagingHubRoute(request);
    await startFreshRefreshAsGuest(request);

    await expect(cell(page, 'staging', 1)).toContainText(
      `No route to ${cidr} in the hub table ${tableId}`,
      { timeout: 120_000 },
    );
    await expect(cell(page, 'staging', 1)).toContainText('Critical');
    await expect(cell(page, 'staging', 3)).toContainText('Critical');
    for (const name of ['dev', 'prod']) {
      await expect(cell(page, name, 3)).toContainText('OK');
    }
    // The same document: no reload, no navigation.
    expect(
      await page.evaluate(
        name => (window as unknown as Record<string, string>)[name],
        MARKER,
      ),
    ).toBe('kept');
    expect(page.url()).toMatch(/\/spokes$/);
    // What told it: the signals WebSocket.
    expect(sockets.some(url => url.includes('/api/signals'))).toBe(true);
    await keepScreenshot(page, testInfo, 'spokes-critical-by-signal');
  });
});
