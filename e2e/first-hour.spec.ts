// What a new user meets in the first minutes: a readable Share button, panels that Escape
// closes, the explanation in view when a flow opens, one time format with a named zone and a
// UTC/local switch, date inputs in that format, and a favicon.
import { expect, test, type Locator } from '@playwright/test';
import { FlowsPage } from './pages/flows-page';

/**
 * WCAG contrast ratio of an element's text colour against the background it is drawn on: its
 * own background, or the nearest ancestor's that is not transparent (white at the root); NaN
 * when the element left the document before it was measured.
 */
async function contrast(locator: Locator): Promise<number> {
  return locator.evaluate((el) => {
    // A node React has just replaced has no computed style: not a colour to judge.
    if (!el.isConnected) return Number.NaN;
    const channels = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r = 0, g = 0, b = 0]: number[]) => {
      const c = [r, g, b].map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
    };
    let background = [255, 255, 255];
    for (let node: Element | null = el; node; node = node.parentElement) {
      const [r = 0, g = 0, b = 0, alpha = 1] = channels(getComputedStyle(node).backgroundColor);
      if (alpha > 0) {
        background = [r, g, b];
        break;
      }
    }
    const [a, b] = [lum(channels(getComputedStyle(el).color)), lum(background)].sort(
      (x, y) => y - x,
    );
    return (a! + 0.05) / (b! + 0.05);
  });
}

const DATE_TIME_MS = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/;

test.describe('first hour', () => {
  // A zone with a half-hour offset, so local and UTC can never be confused.
  test.use({ timezoneId: 'Asia/Kolkata' });

  test('Share is readable and its popover closes with Escape', async ({ page }) => {
    const flows = new FlowsPage(page);
    await flows.goto();
    const share = page.getByTestId('share-button');
    await expect(share).toBeVisible();
    // Polled: the header may be re-rendered while the page settles.
    await expect.poll(() => contrast(share)).toBeGreaterThanOrEqual(4.5);
    await share.click();
    await expect(page.getByTestId('share-link')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('share-link')).toHaveCount(0);
  });

  test('a flow opens with its explanation in view, and Escape closes the panel', async ({
    page,
  }) => {
    const flows = new FlowsPage(page);
    await flows.goto('--verdict DROPPED');
    await flows.waitForRows();
    await flows.rows.first().click();
    const panel = page.getByTestId('flows-detail');
    const explanation = panel.getByTestId('flow-explanation');
    await expect(explanation).toBeVisible();
    await expect(explanation).toBeInViewport();
    const [panelBox, explanationBox] = await Promise.all([
      panel.boundingBox(),
      explanation.boundingBox(),
    ]);
    expect(explanationBox!.y).toBeLessThan(panelBox!.y + panelBox!.height);
    await expect(page).toHaveURL(/[?&]flow=/);
    await page.keyboard.press('Escape');
    await expect(panel).toHaveCount(0);
    await expect(page).not.toHaveURL(/[?&]flow=/);
  });

  test('times are 24-hour with date and zone, and switch between local and UTC', async ({
    page,
  }) => {
    const flows = new FlowsPage(page);
    await flows.goto();
    await flows.waitForRows();
    await expect(page.getByTestId('zone-label')).toHaveText(
      /^UTC\+05:30 Asia\/(Kolkata|Calcutta)$/,
    );
    await expect(page.getByTestId('column-Time')).toHaveText('Time (UTC+05:30)');
    expect(await flows.rows.first().getByTestId('flow-time').innerText()).toMatch(DATE_TIME_MS);
    await flows.rows.first().click();
    const when = page.getByTestId('flows-detail').getByTestId('flow-time-local');
    await expect(when).toContainText('UTC+05:30 Asia/');
    const localText = (await when.locator('strong').innerText()).trim();
    expect(localText).toMatch(DATE_TIME_MS);

    await page.getByTestId('zone-utc').click();
    await expect(page.getByTestId('column-Time')).toHaveText('Time (UTC)');
    await expect(when).toHaveText(/ UTC$/);
    const utcText = (await when.locator('strong').innerText()).trim();
    expect(utcText).toMatch(DATE_TIME_MS);
    const asMs = (text: string) => Date.parse(`${text.replace(' ', 'T')}Z`);
    expect(asMs(localText) - asMs(utcText)).toBe(5.5 * 3_600_000);

    // The choice is kept, and the window inputs use the same format and zone.
    await page.reload();
    await expect(page.getByTestId('zone-utc')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('window-custom-from')).toHaveAttribute('type', 'text');
    await expect(page.getByTestId('window-custom-zone')).toHaveText('UTC');
    await page.getByTestId('window-custom-from').fill('12/01/2026 10:00 AM');
    await page.getByTestId('window-custom-to').fill('2026-12-01 11:00');
    await page.getByTestId('window-custom-apply').click();
    await expect(page.getByTestId('window-custom-error')).toHaveText(
      'Write the start as YYYY-MM-DD HH:MM.',
    );
    await page.getByTestId('window-custom-from').fill('2026-12-01 10:00');
    await page.getByTestId('window-custom-apply').click();
    await expect(page).toHaveURL(/from=2026-12-01T10(%3A|:)00/);
  });

  test('chart axes use the 24-hour clock', async ({ page }) => {
    await page.goto('/drops?window=6h');
    const labels = page.getByTestId('timeline-chart').locator('text');
    await expect(labels.first()).toBeVisible();
    const texts = await labels.allTextContents();
    const times = texts.filter((t) => /\d:\d/.test(t));
    expect(times.length).toBeGreaterThan(2);
    for (const t of times) expect(t).toMatch(/^(\d\d-\d\d )?\d\d:\d\d(:\d\d)?$/);
    expect(texts.join(' ')).not.toMatch(/\b(AM|PM)\b/);
  });

  test('the favicon is served', async ({ request }) => {
    const res = await request.get('/favicon.ico');
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toMatch(/image\//);
    expect((await res.body()).length).toBeGreaterThan(100);
  });
});
