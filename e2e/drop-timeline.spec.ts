import { expect, test } from '@playwright/test';
import { DropsPage } from './pages/drops-page';

test.describe('drop timeline', () => {
  test('shows flows by verdict with dropped segments, and drops by reason', async ({ page }) => {
    const drops = new DropsPage(page);
    await drops.goto();
    await expect(drops.verdictBars('forwarded').first()).toBeAttached();
    await expect(drops.verdictBars('dropped').first()).toBeAttached();
    await expect(drops.dropsChart).toHaveAttribute('data-breakdown', 'reason');
    await expect(drops.dropBars('POLICY_DENIED').first()).toBeAttached();
    const start = Number(await drops.verdictBars('dropped').first().getAttribute('data-start'));
    expect(start).toBeGreaterThan(0);
  });

  test('switching to policy shows default deny as its own key', async ({ page }) => {
    const drops = new DropsPage(page);
    await drops.goto();
    await drops.showDropsBy('policy');
    expect(new URL(page.url()).searchParams.get('breakdown')).toBe('policy');
    await expect(drops.dropBars('default-deny').first()).toBeAttached();
    await expect(
      page.locator('[data-testid="drops-legend"] [data-key="default-deny"]'),
    ).toContainText('default deny (no rule allows it)');
  });

  test('clicking a dropped segment lists its dropped flows, each linking to its page', async ({
    page,
  }) => {
    const drops = new DropsPage(page);
    await drops.goto();
    const picked = await drops.clickBiggestDropBar();
    await expect(drops.flows).toHaveAttribute('data-key', picked.key);
    await expect(drops.flows).toHaveAttribute('data-start', picked.start);
    await expect(drops.flowRows.first()).toBeVisible();
    // One row per counted drop: the drop notification twin of a policy verdict is not listed.
    await expect(page.getByTestId('drops-flows-count')).toHaveAttribute(
      'data-count',
      String(picked.count),
    );
    const rows = await drops.flowRows.evaluateAll((els) =>
      els.map((e) => ({
        id: e.getAttribute('data-flow-id') ?? '',
        verdict: e.getAttribute('data-verdict'),
        href: e.querySelector('a')?.getAttribute('href'),
      })),
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.verdict).toBe('DROPPED');
      expect(row.href).toBe(`/flows/${encodeURIComponent(row.id)}`);
    }
    await drops.flowRows.first().locator('a').click();
    await expect(page).toHaveURL(new RegExp(`/flows/${encodeURIComponent(rows[0]!.id)}`));
  });

  test('brushing the time axis pins the window in the URL', async ({ page }) => {
    const drops = new DropsPage(page);
    await drops.goto('window=15m');
    await drops.brushAcross(0.3, 0.7);
    await expect(page).toHaveURL(/[?&]from=/);
    const params = new URL(page.url()).searchParams;
    expect(params.get('window')).toBeNull();
    const from = Date.parse(params.get('from') ?? '');
    const to = Date.parse(params.get('to') ?? '');
    expect(to - from).toBeGreaterThan(2 * 60_000);
    expect(to - from).toBeLessThan(8 * 60_000);
    await expect(drops.timelineChart).toHaveAttribute('data-rendered', 'true');
    await expect(page.getByTestId('timeline-mode')).toHaveText('fixed window');
  });

  test('a namespace with no flows shows the empty state', async ({ page }) => {
    const drops = new DropsPage(page);
    await drops.goto();
    await drops.namespaceInput.fill('no-such-namespace');
    await drops.namespaceInput.press('Enter');
    await expect(page).toHaveURL(/namespace=no-such-namespace/);
    await expect(drops.empty).toBeVisible();
  });

  test("a bad parameter shows the server's message", async ({ page }) => {
    const drops = new DropsPage(page);
    await drops.goto('breakdown=bogus', { rendered: false });
    await expect(drops.error).toContainText('breakdown: must be reason or policy');
  });
});
