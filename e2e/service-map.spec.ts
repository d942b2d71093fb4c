import { expect, test } from '@playwright/test';
import { MapPage } from './pages/map-page';

// The demo scenario's namespaces (server/demo/scenario/default-scenario.ts).
const DEMO_NAMESPACES = [
  'default',
  'envoy-gateway-system',
  'kube-system',
  'monitoring',
  'payments',
  'shop',
];
const FRONTEND_TO_BACKEND = 'shop/frontend>shop/backend';

test.describe('service map', () => {
  test('shows every namespace of the demo as a group, and reserved identities outside', async ({
    page,
  }) => {
    const map = new MapPage(page);
    await map.goto();
    await expect.poll(async () => (await map.namespaces()).sort()).toEqual(DEMO_NAMESPACES);
    await expect(map.map).toHaveAttribute('data-mode', 'svg');
    await expect(map.node('reserved:kube-apiserver')).toBeVisible();
    await expect(map.totals).toContainText('flows');
  });

  test('collapsing shop replaces its workloads by one node; expanding restores them', async ({
    page,
  }) => {
    const map = new MapPage(page);
    await map.goto();
    await expect(map.node('shop/frontend')).toBeVisible();
    await expect(map.node('shop/backend')).toBeVisible();

    await map.toggleGroup('shop');
    await expect(map.group('shop')).toHaveAttribute('data-collapsed', 'true');
    await expect(map.node('ns:shop')).toBeVisible();
    await expect(map.node('shop/frontend')).toHaveCount(0);
    await expect(map.node('shop/backend')).toHaveCount(0);
    expect(page.url()).toContain('collapsed=shop');
    // Edges into the namespace now end at the group node.
    await expect(
      page.locator('[data-testid="map-edge"][data-target="ns:shop"]').first(),
    ).toBeAttached();

    await map.toggleGroup('shop');
    await expect(map.group('shop')).toHaveAttribute('data-collapsed', 'false');
    await expect(map.node('shop/frontend')).toBeVisible();
    await expect(map.node('shop/backend')).toBeVisible();
    await expect(map.node('ns:shop')).toHaveCount(0);
  });

  test('hovering an edge shows its counts; clicking it lists its flows', async ({ page }) => {
    const map = new MapPage(page);
    await map.goto();
    const edge = map.edge(FRONTEND_TO_BACKEND);
    await edge.hover();
    await expect(map.tooltip).toBeVisible();
    await expect(map.tooltip).toContainText('shop/frontend → shop/backend');
    await expect(map.tooltip).toContainText('Forwarded');

    await edge.click();
    await expect(map.detail).toBeVisible();
    expect(new URL(page.url()).searchParams.get('edge')).toBe(FRONTEND_TO_BACKEND);
    await expect(map.detail.getByTestId('map-detail-title')).toHaveText(
      'shop/frontend → shop/backend',
    );
    await expect(map.flowRows.first()).toBeVisible();
    const peers = await map.flowRows.evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));
    for (const text of peers) expect(text).toMatch(/shop\/frontend.*→.*shop\/backend/);

    await map.detail.getByTestId('map-detail-close').click();
    await expect(map.detail).toHaveCount(0);
  });

  test('filtering by verdict DROPPED leaves only edges with drops', async ({ page }) => {
    const map = new MapPage(page);
    await map.goto();
    await map.verdict.selectOption('DROPPED');
    await expect(page).toHaveURL(/verdict=DROPPED/);
    await expect(map.map).toHaveAttribute('data-rendered', 'true');
    await expect.poll(async () => (await map.edgeDrops()).length).toBeGreaterThan(0);
    await expect
      .poll(async () => (await map.edgeDrops()).every((dropped) => dropped > 0))
      .toBe(true);
    // The demo drops frontend -> ledger (no policy allows it).
    await expect(map.edge('shop/frontend>payments/ledger')).toBeAttached();
  });

  test('a bad filter shows the server error', async ({ page }) => {
    const map = new MapPage(page);
    await page.goto('/map?port=99999');
    await expect(map.error).toContainText('port');
  });

  test('the time window picker writes the window into the URL', async ({ page }) => {
    const map = new MapPage(page);
    await map.goto();
    await page.getByTestId('window-preset-1h').click();
    await expect(page).toHaveURL(/window=1h/);
    await expect(page.getByTestId('window-preset-1h')).toHaveAttribute('aria-pressed', 'true');
    await page.getByTestId('window-custom-from').fill('2026-01-01T10:00');
    await page.getByTestId('window-custom-to').fill('2026-01-01T11:00');
    await page.getByTestId('window-custom-apply').click();
    await expect(page).toHaveURL(/from=.*&to=/);
    await expect(page.getByTestId('map-stream')).toHaveText('fixed window');
    await page.goBack();
    await expect(page).toHaveURL(/window=1h/);
  });
});
