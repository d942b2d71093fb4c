import { expect, test } from '@playwright/test';
import { E2E } from './ports';

// This app stages e2e/fixtures/staged-policies (FLOWSCOPE_LAB_STAGED_POLICIES): the demo
// policies with the backend's API open only to a storefront, so every call the demo
// frontend makes to the backend would be denied if the draft were enforced.
const base = `http://127.0.0.1:${E2E.stagedApp}`;
const DRAFT = 'staged-from-folder';

test.describe('staged policy readiness', () => {
  test('the page says not ready, lists the would-be-denied connection and downloads CSV', async ({
    page,
  }) => {
    // The tracker sees the demo's flows as they arrive.
    await expect
      .poll(
        async () => {
          const r = await page.request.get(`${base}/api/lab/readiness?draft=${DRAFT}&period=1h`);
          const body = (await r.json()) as { tuples: { source: string; destination: string }[] };
          return body.tuples.map((t) => `${t.source} ${t.destination}`);
        },
        { timeout: 30_000 },
      )
      .toContain('shop/frontend shop/backend');

    await page.goto(`${base}/lab/readiness`);
    await page.getByTestId('readiness-draft').selectOption(DRAFT);
    await expect(page).toHaveURL(/draft=staged-from-folder/);
    const verdict = page.getByTestId('readiness-verdict');
    await expect(verdict).toHaveAttribute('data-ready', 'false');
    await expect(verdict).toContainText(
      /tuples? seen in the last 1h; tracked for \d+m only, less than 1h/,
    );
    const row = page.getByTestId('readiness-tuple').filter({ hasText: 'shop/frontend' });
    await expect(row).toContainText('shop/backend');
    await expect(row).toContainText('8080');

    // The namespace and the period are in the URL too.
    await page.getByTestId('readiness-period').selectOption('24h');
    await expect(page).toHaveURL(/period=24h/);
    await expect(verdict).toContainText('less than 24h');

    const csv = await page.request.get(
      `${base}/api/lab/readiness?draft=${DRAFT}&namespace=shop&period=1h&format=csv`,
    );
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '"draft","namespace","source","destination","port","protocol","count","first_seen","last_seen","example_flow","decided_by"',
    );
    expect(
      lines.some((l) =>
        l.startsWith(`"${DRAFT}","shop","shop/frontend","shop/backend","8080","TCP",`),
      ),
    ).toBe(true);
  });

  test('the flow list marks the flows the staged draft would deny, and the detail says so', async ({
    page,
  }) => {
    await page.goto(`${base}/flows`);
    const mark = page.getByTestId('flow-staged-mark').first();
    await expect(mark).toBeVisible({ timeout: 30_000 });
    await expect(mark).toHaveAttribute('title', /Would be denied by staged staged-from-folder/);
    const id = await page
      .locator('[data-testid="flow-row"]', { has: page.getByTestId('flow-staged-mark') })
      .first()
      .getAttribute('data-flow-id');
    expect(id).toBeTruthy();
    await page.goto(`${base}/flows/${id}`);
    await expect(page.getByTestId('flow-staged-draft')).toContainText(
      'Would be denied by staged staged-from-folder',
    );
  });
});
