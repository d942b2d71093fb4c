// Every flow is attributed, and says who attributes it: the flow list's "Decided by" cell and
// the flow panel name the deciding policy, marked "reported by Hubble" or "derived by
// Flowscope" (server/policies/attribution.ts).
import { expect, test } from '@playwright/test';
import { FlowsPage } from './pages/flows-page';

test('the list and the flow panel say which policy decided a flow, and who says so', async ({
  page,
}) => {
  const flows = new FlowsPage(page);
  await flows.goto();
  const cells = page.getByTestId('flow-decided-by');
  await expect(cells.first()).toBeVisible();
  // Both sources appear in the demo: policy-verdict events name their policy; trace events
  // are decided by Flowscope's evaluation.
  await expect(
    page.locator('[data-testid="flow-decided-by"][data-source="hubble"]').first(),
  ).toBeVisible();
  await expect(
    page.locator('[data-testid="flow-decided-by"][data-source="flowscope"]').first(),
  ).toBeVisible();
  const rowsWithout = await flows.rows.evaluateAll(
    (rows) => rows.filter((r) => !r.querySelector('[data-testid="flow-decided-by"]')).length,
  );
  expect(rowsWithout, 'every row is attributed').toBe(0);

  const reported = page
    .locator('[data-testid="flow-row"]')
    .filter({ has: page.locator('[data-testid="flow-decided-by"][data-source="hubble"]') })
    .first();
  const cellText = (await reported.getByTestId('flow-decided-by').textContent()) ?? '';
  await reported.click();
  const detail = page.getByTestId('flow-detail').getByTestId('flow-decided-by');
  await expect(detail).toContainText('reported by Hubble');
  await expect(detail).toContainText(cellText.split(' · ')[0]!.trim());
});

test('the export carries each flow’s decision, and can leave it out', async ({ request }) => {
  const withIt = await (await request.get('/api/flows/export?window=5m')).text();
  const first = JSON.parse(withIt.split('\n')[0]!) as { flowscope?: { source: string } };
  expect(['hubble', 'flowscope']).toContain(first.flowscope?.source);
  const without = await (await request.get('/api/flows/export?window=5m&attribution=false')).text();
  expect(JSON.parse(without.split('\n')[0]!)).not.toHaveProperty('flowscope');
  const bad = await request.get('/api/flows/export?attribution=maybe');
  expect(bad.status()).toBe(400);
});
