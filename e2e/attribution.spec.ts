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
  const rowsWithout = () =>
    flows.rows.evaluateAll(
      (rows) => rows.filter((r) => !r.querySelector('[data-testid="flow-decided-by"]')).length,
    );
  await expect.poll(rowsWithout, { message: 'every row is attributed' }).toBe(0);
  // Rows the live stream brings get theirs too (asked for by id, /api/flows/decisions).
  const firstId = await flows.rows.first().getAttribute('data-flow-id');
  await expect
    .poll(() => flows.rows.first().getAttribute('data-flow-id'), { timeout: 15_000 })
    .not.toBe(firstId);
  await expect.poll(rowsWithout, { message: 'live rows are attributed' }).toBe(0);

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

test('decisions by id: found ones answered, bad requests refused with the reason', async ({
  request,
}) => {
  const page = (await (await request.get('/api/flows?limit=3&window=5m')).json()) as {
    flows: { id: string }[];
  };
  const ids = page.flows.map((f) => f.id);
  expect(ids.length).toBe(3);
  const missing = '00000000-0000-4000-8000-000000000000';
  const query = [...ids, missing].map((id) => `id=${id}`).join('&');
  const answer = (await (await request.get(`/api/flows/decisions?${query}`)).json()) as {
    decisions: Record<string, { source: string }>;
  };
  expect(Object.keys(answer.decisions).sort()).toEqual([...ids].sort());
  for (const id of ids) expect(['hubble', 'flowscope']).toContain(answer.decisions[id]!.source);
  const none = await request.get('/api/flows/decisions');
  expect(none.status()).toBe(400);
  expect(((await none.json()) as { error: string }).error).toContain('id');
  const bad = await request.get('/api/flows/decisions?id=nope');
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { error: string }).error).toContain('not a flow id');
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
