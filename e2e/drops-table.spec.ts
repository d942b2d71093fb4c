// The dropped-edges table under the charts of /drops (server/aggregate/drop-groups.ts): it
// names what decided each drop, counts what the timeline counts, and opens the flows and
// the explanation of each row.
import { expect, test, type Page } from '@playwright/test';
import { DropsPage } from './pages/drops-page';

/**
 * A pinned window over the demo's last minutes, ended a little while ago so flows still on
 * their way (a retry's later attempts, the relay's reordering) cannot change a count between
 * two reads: both answers then count the same flows.
 */
function pinnedWindow(): string {
  const to = Date.now() - 15_000;
  return `from=${to - 10 * 60_000}&to=${to}`;
}

async function rows(page: Page) {
  const table = page.getByTestId('drop-edges');
  await expect(table.getByTestId('drop-edge-row').first()).toBeVisible();
  return table.getByTestId('drop-edge-row');
}

test.describe('dropped edges table', () => {
  test('its total is the timeline’s drop total for the same window', async ({ page }) => {
    const drops = new DropsPage(page);
    const window = pinnedWindow();
    await drops.goto(window);
    await rows(page);
    const legendDropped = page.locator('[data-testid="timeline-legend"] [data-key="dropped"]');
    const timelineTotal = Number(await legendDropped.getAttribute('data-total'));
    expect(timelineTotal).toBeGreaterThan(0);
    await expect(page.getByTestId('drop-edges-total')).toHaveAttribute(
      'data-total',
      String(timelineTotal),
    );
    // Every counted drop is on a row (none left out on the demo).
    const counts = await page
      .getByTestId('drop-edge-row')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(timelineTotal);
    // The API answers the same, and so does the timeline's own API.
    const [edges, timeline] = await Promise.all([
      page.request.get(`/api/timeline/drop-edges?${window}`).then((r) => r.json()),
      page.request.get(`/api/timeline?${window}`).then((r) => r.json()),
    ]);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(edges.total).toBe(sum(timeline.verdicts.dropped));
    expect(edges.total).toBe(timelineTotal);
  });

  test('an explicit deny names its policy and rule; a default-deny drop says default deny', async ({
    page,
  }) => {
    const drops = new DropsPage(page);
    await drops.goto(pinnedWindow());
    const all = await rows(page);
    const named = all.filter({ has: page.locator('[data-testid="drop-edge-policy"][href]') });
    const deny = named.filter({ hasText: 'deny-egress-to-metadata' }).first();
    await expect(deny).toBeVisible();
    await expect(deny.getByTestId('drop-edge-policy')).toContainText('rule egressDeny[0]');
    await expect(deny.getByTestId('drop-edge-source')).toHaveText(
      /reported by Hubble|derived by Flowscope/,
    );
    const defaultDeny = page.locator('[data-testid="drop-edge-row"][data-kind="default-deny"]');
    await expect(defaultDeny.first().getByTestId('drop-edge-policy')).toContainText(
      /^default deny/,
    );
    // The proxy's L7 denials name no policy: Flowscope names the L7 rule the request missed.
    const l7 = page.locator('[data-testid="drop-edge-row"][data-kind="l7"]').first();
    await expect(l7.getByTestId('drop-edge-policy')).toContainText('L7 rule of shop/backend-api');
    await expect(l7.getByTestId('drop-edge-source')).toHaveText('derived by Flowscope');
    // Plain words with Hubble's name beside, and never the old "no policy named" text.
    await expect(defaultDeny.first()).toContainText(
      'no rule allows it (default deny) · POLICY_DENIED',
    );
    await expect(page.getByTestId('drop-edges')).not.toContainText('no policy named');
  });

  test('a row opens its flows in the same window, and the explanation of one of them', async ({
    page,
  }) => {
    const drops = new DropsPage(page);
    const window = pinnedWindow();
    await drops.goto(window);
    const row = page.locator('[data-testid="drop-edge-row"][data-kind="default-deny"]').first();
    await expect(row).toBeVisible();
    const flowsHref = await row.getByTestId('drop-edge-flows').getAttribute('href');
    const url = new URL(flowsHref!, 'http://x');
    expect(url.pathname).toBe('/flows');
    const params = new URLSearchParams(window);
    expect(Date.parse(url.searchParams.get('from')!)).toBe(Number(params.get('from')));
    expect(Date.parse(url.searchParams.get('to')!)).toBe(Number(params.get('to')));
    expect(url.searchParams.get('q')).toContain('--verdict DROPPED');
    await row.getByTestId('drop-edge-flows').click();
    await expect(page).toHaveURL(/\/flows\?/);
    const listed = page.locator('[data-testid="flow-row"]');
    await expect(listed.first()).toBeVisible();
    await page.goBack();
    const explain = page
      .locator('[data-testid="drop-edge-row"][data-kind="default-deny"]')
      .first()
      .getByTestId('drop-edge-explain');
    const href = await explain.getAttribute('href');
    expect(href).toMatch(/^\/flows\/[^/]+$/);
    await explain.click();
    await expect(page).toHaveURL(new RegExp(`${href}$`));
    await expect(page.getByTestId('flow-explanation')).toContainText(/default-deny/i);
  });

  test('bad parameters get a 400 saying what is wrong', async ({ page }) => {
    const cases: [string, RegExp][] = [
      ['window=soon', /window/],
      ['breakdown=colour', /breakdown: must be reason or policy/],
      ['namespace=Not%20A%20Namespace', /namespace/],
      ['bogus=1', /unknown parameter "bogus"/],
    ];
    for (const [query, message] of cases) {
      const res = await page.request.get(`/api/timeline/drop-edges?${query}`);
      expect(res.status(), query).toBe(400);
      const body = (await res.json()) as { error: string };
      expect(body.error, query).toMatch(message);
    }
  });

  test('red means dropped: no drop key of the reasons chart is drawn in red', async ({ page }) => {
    const drops = new DropsPage(page);
    await drops.goto(pinnedWindow());
    for (const breakdown of ['reason', 'policy'] as const) {
      await drops.showDropsBy(breakdown);
      const colours = await page
        .locator('[data-testid="drops-legend"] [data-testid="legend-item"]')
        .evaluateAll((els) =>
          els.map((e) => getComputedStyle(e.querySelector('span')!).backgroundColor),
        );
      expect(colours.length).toBeGreaterThan(0);
      for (const c of colours) expect(isRed(c), `${breakdown}: ${c}`).toBe(false);
    }
    const dropped = await page
      .locator('[data-testid="timeline-legend"] [data-key="dropped"] span')
      .first()
      .evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(isRed(dropped)).toBe(true);
  });
});

/** Whether an `rgb(r, g, b)` colour reads as red: a saturated hue within 20° of red. */
function isRed(rgb: string): boolean {
  const [r, g, b] = (rgb.match(/\d+/g) ?? []).map(Number).map((v) => v / 255) as [
    number,
    number,
    number,
  ];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max === 0 || (max - min) / max < 0.35 || max !== r) return false;
  const hue = (((g - b) / (max - min)) * 60 + 360) % 360;
  return hue <= 20 || hue >= 340;
}
