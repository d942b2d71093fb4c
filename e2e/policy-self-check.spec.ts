// The live self-check on the demo: /policies says how many of the verdicts Hubble reported
// Flowscope's evaluation agreed with, the API gives the same numbers, and /metrics counts
// every checked verdict.
import { expect, test } from '@playwright/test';

test('policies show the agreement with the verdicts Hubble reported', async ({ page, request }) => {
  await page.goto('/policies?window=15m');
  const panel = page.getByTestId('self-check');
  await expect(panel).toBeVisible();
  await expect
    .poll(async () => Number(await panel.getAttribute('data-compared')))
    .toBeGreaterThan(0);
  const agreed = Number(await panel.getAttribute('data-agreed'));
  const disagreed = Number(await panel.getAttribute('data-disagreed'));
  await expect(page.getByTestId('self-check-summary')).toContainText(
    `agreed with ${agreed.toLocaleString('en-US')} of ${(agreed + disagreed).toLocaleString('en-US')} verdicts`,
  );
  // The demo relay decides with the same policies, so nothing may disagree.
  expect(disagreed).toBe(0);
  await expect(page.getByTestId('self-check-disagreement')).toHaveCount(0);

  const api = await request.get('/api/policies/self-check?window=15m');
  expect(api.status()).toBe(200);
  const body = (await api.json()) as { compared: number; agreed: number; disagreed: number };
  expect(body.agreed + body.disagreed).toBeGreaterThan(0);
  expect(body.disagreed).toBe(0);

  const metrics = await (await request.get('/metrics')).text();
  const counted = /flowscope_policy_self_check_total\{result="agreed"\} (\d+)/.exec(metrics);
  expect(Number(counted?.[1] ?? 0)).toBeGreaterThan(0);
  expect(metrics).toContain('flowscope_policy_self_check_total{result="disagreed"} 0');

  const bad = await request.get('/api/policies/self-check?window=soon');
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { error: string }).error).toMatch(/window/);
});
