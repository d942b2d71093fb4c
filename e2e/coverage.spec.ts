import { expect, test } from '@playwright/test';

// The demo's policies (server/policies/demo): every shop pod is in default deny both ways
// (shop/default-deny), the frontend also by frontend-ingress and frontend-egress; the
// ledger only at ingress (ledger-ingress); the cluster-wide metadata deny selects every pod
// at egress without default deny, so no workload is left unselected, and the workloads of
// the other namespaces are open both ways.
test.describe('policy coverage', () => {
  test('shows which workloads are in default deny, with links to the enforcing policies', async ({
    page,
  }) => {
    await page.goto('/coverage');
    await expect(page.getByTestId('nav-coverage')).toHaveAttribute('aria-current', 'page');
    const frontend = page.locator('[data-testid="coverage-row"][data-workload="shop/frontend"]');
    await expect(frontend).toBeVisible();
    await expect(frontend).toHaveAttribute('data-protected', 'true');
    const ingress = frontend.getByTestId('coverage-ingress');
    await expect(ingress).toHaveAttribute('data-enforced', 'true');
    await expect(ingress).toContainText('enforced');

    const ledger = page.locator('[data-testid="coverage-row"][data-workload="payments/ledger"]');
    await expect(ledger.getByTestId('coverage-ingress')).toHaveAttribute('data-enforced', 'true');
    await expect(ledger.getByTestId('coverage-egress')).toHaveAttribute('data-enforced', 'false');
    await expect(ledger).toHaveAttribute('data-protected', 'false');

    // Nothing selects nothing in the demo; the summary counts the two shop workloads.
    const summary = page.getByTestId('coverage-summary');
    await expect(summary).toHaveAttribute('data-unprotected', '0');
    await expect(summary).toHaveAttribute('data-protected', '2');
    await expect(summary).toContainText(/^2 of \d+ workloads protected both ways/);
    await expect(page.getByTestId('coverage-unprotected')).toHaveAttribute('data-count', '0');
    const open = page.getByTestId('coverage-open');
    await expect(
      open.locator('[data-testid="coverage-open-item"][data-workload="default/debug-shell"]'),
    ).toBeVisible();
    await expect(
      open.locator('[data-testid="coverage-open-item"][data-workload="shop/frontend"]'),
    ).toHaveCount(0);

    // The enforcing policy's link opens its policy page.
    const link = ingress.locator(
      '[data-testid="coverage-policy-link"][data-policy-id="CiliumNetworkPolicy/shop/frontend-ingress"]',
    );
    await expect(link).toHaveText('shop/frontend-ingress');
    await link.click();
    await expect(page).toHaveURL(/\/policies\/CiliumNetworkPolicy\/shop\/frontend-ingress(\?|$)/);
    await expect(page.getByTestId('policy-header')).toContainText('frontend-ingress');
  });

  test('a malformed window is reported, not shown as an empty table', async ({ page }) => {
    await page.goto('/coverage?window=soon');
    await expect(page.getByTestId('coverage-error')).toBeVisible();
    await expect(page.getByTestId('coverage-row')).toHaveCount(0);
  });
});

test('the map coloured by coverage agrees with the coverage page', async ({ page }) => {
  await page.goto('/map');
  await page.getByTestId('map-node-colour').selectOption('coverage');
  await expect(page).toHaveURL(/[?&]nodes=coverage/);
  await expect(page.getByTestId('map-legend-coverage')).toContainText('default deny both ways');
  const node = (id: string) => page.locator(`[data-testid="map-node"][data-node-id="${id}"]`);
  await expect(node('shop/frontend')).toHaveAttribute('data-coverage', 'protected');
  await expect(node('payments/ledger')).toHaveAttribute('data-coverage', 'one-way');
  await expect(node('default/debug-shell')).toHaveAttribute('data-coverage', 'open');
  // Reserved identities are no workloads: they keep their own colour.
  await expect(
    page.locator('[data-testid="map-node"][data-kind="reserved"]').first(),
  ).not.toHaveAttribute('data-coverage', /./);
  await page.getByTestId('map-node-colour').selectOption('kind');
  await expect(node('shop/frontend')).not.toHaveAttribute('data-coverage', /./);
});
