import { existsSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { E2E } from './ports';

// Flowscope built under /flowscope, behind nginx with its default proxy timeouts.
const proxied = `http://127.0.0.1:${E2E.proxy}/flowscope`;

test.skip(!existsSync('.next-prefix/BUILD_ID'), 'needs `npm run build:prefixed`');

test('under a path prefix behind nginx: live flows, the map, and shared links on the public URL', async ({
  page,
  browser,
}) => {
  await page.goto(`${proxied}/flows`);
  await expect(page.getByTestId('relay-state')).toHaveText('connected');
  await expect(page.getByTestId('demo-badge')).toBeVisible();
  const rows = page.getByTestId('flow-row');
  await expect(rows.first()).toBeVisible();
  const count = Number(await page.getByTestId('flows-count').getAttribute('data-count'));
  await expect
    .poll(async () => Number(await page.getByTestId('flows-count').getAttribute('data-count')))
    .toBeGreaterThan(count);

  await page.getByTestId('share-button').click();
  const link = await page.getByTestId('share-link').inputValue();
  expect(link.startsWith(`${proxied}/flows?`)).toBe(true);
  const url = new URL(link);
  expect(url.searchParams.get('from')).toBeTruthy();
  expect(url.searchParams.get('to')).toBeTruthy();
  const other = await browser.newContext();
  const shared = await other.newPage();
  await shared.goto(link);
  await expect(shared.getByTestId('flow-row').first()).toBeVisible();
  await other.close();

  await page.goto(`${proxied}/map`);
  await expect(page.locator('[data-testid="map-group"][data-namespace="shop"]')).toBeVisible();
});

test('a live stream stays open through nginx past its 60 s read timeout', async ({ page }) => {
  test.setTimeout(150_000);
  let streams = 0;
  page.on('request', (r) => {
    if (r.url().includes('/api/flows/stream')) streams += 1;
  });
  // A filter no flow matches: only the server's keep-alive comments cross the proxy.
  await page.goto(`${proxied}/flows?q=${encodeURIComponent('--namespace no-such-namespace')}`);
  await expect(page.getByTestId('stream-state')).toHaveAttribute('data-state', 'live');
  await page.waitForTimeout(70_000);
  await expect(page.getByTestId('stream-state')).toHaveAttribute('data-state', 'live');
  expect(streams).toBe(1);
});
