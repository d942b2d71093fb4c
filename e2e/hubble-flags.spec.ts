import { expect, test } from '@playwright/test';
import { FlowsPage } from './pages/flows-page';

// hubble users type --since, --until and --last by habit; the filter box reads them as
// `hubble observe` does (lib/flows/selector-flags.ts) and moves the page's time window.
test('--since, --until and --last in the filter box set the window and the rows', async ({
  page,
}) => {
  const flows = new FlowsPage(page);
  await flows.goto();
  await flows.waitForRows();
  await expect(page.getByTestId('window-preset-15m')).toHaveAttribute('aria-pressed', 'true');

  await test.step('--since 5m selects the last 5 minutes, with no error', async () => {
    await flows.applyFilter('--since 5m');
    await expect(page).toHaveURL(/[?&]window=5m(&|$)/);
    await expect(page.getByTestId('window-preset-5m')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('window-preset-15m')).toHaveAttribute('aria-pressed', 'false');
    await expect(flows.filterError).toHaveCount(0);
    await expect(page.getByTestId('window-error')).toHaveCount(0);
    await expect(flows.filterInput).toHaveValue('');
    await flows.waitForRows();
  });

  await test.step('with a filter and a Go duration such as 1h30m', async () => {
    await flows.applyFilter('--verdict DROPPED --since 1h30m');
    await expect(page).toHaveURL(/[?&]window=90m(&|$)/);
    await expect(page).toHaveURL(/[?&]q=--verdict(\+|%20)DROPPED(&|$)/);
    await expect(flows.filterError).toHaveCount(0);
    await expect(flows.filterInput).toHaveValue('--verdict DROPPED');
    await flows.waitForRows();
    await expect
      .poll(async () => {
        const verdicts = await flows.visibleVerdicts();
        return verdicts.length > 0 && verdicts.every((v) => v === 'DROPPED');
      })
      .toBe(true);
  });

  await test.step('--last 5 lists the five newest matching flows', async () => {
    await flows.applyFilter('--verdict DROPPED --last 5');
    await expect(page).toHaveURL(/[?&]last=5(&|$)/);
    await expect(flows.filterError).toHaveCount(0);
    await expect(flows.filterInput).toHaveValue('--verdict DROPPED --last 5');
    await expect.poll(() => flows.shownCount()).toBe(5);
    await expect(flows.rows).toHaveCount(5);
    await expect(page.locator('.flows-footer')).toContainText('the last 5 (--last)');
  });

  await test.step('a bad value is a clear error and changes nothing', async () => {
    const before = page.url();
    await flows.applyFilter('--since yesterday');
    await expect(flows.filterError).toHaveText(
      '--since: "yesterday" is not a time; give a duration back from now such as 5m or 1h30m, or a time such as 2026-11-20T10:00:00Z',
    );
    expect(page.url()).toBe(before);
    await flows.applyFilter('--last lots');
    await expect(flows.filterError).toContainText('--last: "lots" is not a number of flows');
  });

  await test.step('--since and --until together pin a fixed window', async () => {
    // The app reads 2,000 flows per node of history at start, a few minutes of the demo.
    await flows.applyFilter('--since 3m --until 1m');
    await expect(page).toHaveURL(/[?&]from=[^&]+&to=[^&]+/);
    await expect(page).not.toHaveURL(/[?&]window=/);
    await expect(page).not.toHaveURL(/[?&]last=/);
    await expect(flows.filterError).toHaveCount(0);
    const url = new URL(page.url());
    const span =
      Date.parse(url.searchParams.get('to')!) - Date.parse(url.searchParams.get('from')!);
    expect(span).toBe(2 * 60_000);
    await flows.waitForRows();
  });

  await test.step('a link with a bad last parameter says so under the box', async () => {
    await page.goto('/flows?last=lots');
    await expect(flows.filterError).toHaveText(
      'the link\'s last parameter: "lots" is not a number of flows from 1 to 10,000',
    );
  });
});
