import { expect, test } from '@playwright/test';

test('a shared link opens the same flows, window, filter and selected flow in a fresh browser', async ({
  page,
  browser,
}) => {
  await page.goto(`/flows?window=15m&q=${encodeURIComponent('--verdict DROPPED')}`);
  const rows = page.getByTestId('flow-row');
  await expect(rows.first()).toBeVisible();
  const selected = await rows.first().getAttribute('data-flow-id');
  expect(selected).toBeTruthy();
  await rows.first().click();
  await expect(page.getByTestId('flows-detail')).toBeVisible();
  await expect(page.getByTestId('flow-header')).toContainText(selected!);

  await page.getByTestId('share-button').click();
  const link = await page.getByTestId('share-link').inputValue();
  const url = new URL(link);
  expect(url.searchParams.get('window')).toBeNull();
  const from = Date.parse(url.searchParams.get('from')!);
  const to = Date.parse(url.searchParams.get('to')!);
  expect(to - from).toBe(15 * 60_000);
  expect(url.searchParams.get('flow')).toBe(selected);
  // Flows timed just before `to` may still be on their way (the relay orders flows within a
  // ~1 s window, the demo relay drains its sort buffer every second): let them land, so the
  // shared page and the API below see the same window.
  await page.waitForTimeout(3000);
  const context = await browser.newContext();
  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByTestId('filter-input')).toHaveValue('--verdict DROPPED');
  await expect(other.getByTestId('flows-detail')).toBeVisible();
  await expect(other.getByTestId('flow-header')).toContainText(selected!);
  const otherRows = other.getByTestId('flow-row');
  await expect(otherRows.first()).toBeVisible();
  // The table shows the pinned window's flows: the same list the API gives for it, in order.
  const api = (await (
    await other.request.get(
      `/api/flows?${new URLSearchParams({ q: '--verdict DROPPED', from: url.searchParams.get('from')!, to: url.searchParams.get('to')!, limit: '1000' })}`,
    )
  ).json()) as { flows: { id: string }[] };
  const shown = await otherRows.evaluateAll((els) =>
    els.map((e) => e.getAttribute('data-flow-id')),
  );
  expect(shown.length).toBeGreaterThan(0);
  expect(shown).toEqual(api.flows.slice(0, shown.length).map((f) => f.id));
  for (const verdict of await otherRows.evaluateAll((els) =>
    els.map((e) => e.getAttribute('data-verdict')),
  )) {
    expect(verdict).toBe('DROPPED');
  }
  // A pinned window is history: the shared view does not stream.
  await expect(other.getByTestId('stream-state')).toHaveAttribute('data-state', 'off');
  await context.close();
});
