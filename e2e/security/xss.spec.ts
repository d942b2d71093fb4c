// Flow content is attacker-controlled: anyone who can run a pod names it, labels it, picks
// the URLs and DNS names it asks for. This app's demo relay replays flows whose every text
// field is an XSS payload (e2e/fixtures/xss-flows.ndjson); every view must show them as text.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { E2E } from '../ports';

test.use({ baseURL: `http://127.0.0.1:${E2E.xssApp}` });

// The fixture's first flow: a DROPPED HTTP request from namespace and pod
// `<script>window.__xss=1</script>`.
const HOSTILE_ID = '5e1f0000-0000-4000-8000-000000000000';
const SCRIPT = '<script>window.__xss=1</script>';
const IMG = '<img src=x onerror="window.__xss=1">';

interface Watch {
  dialogs: string[];
  cspErrors: string[];
}

declare global {
  interface Window {
    __xss?: number;
  }
}

/** Turns every way a payload could announce itself into a recorded fact. */
async function watch(page: Page): Promise<Watch> {
  const w: Watch = { dialogs: [], cspErrors: [] };
  await page.addInitScript(() => {
    const hit = () => {
      window.__xss = 1;
    };
    window.alert = hit;
    window.confirm = () => {
      hit();
      return false;
    };
    window.prompt = () => {
      hit();
      return null;
    };
  });
  page.on('dialog', (d) => {
    w.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text()))
      w.cspErrors.push(m.text());
  });
  return w;
}

async function expectNoXss(page: Page, w: Watch, where: string): Promise<void> {
  expect(await page.evaluate(() => window.__xss), `window.__xss on ${where}`).toBeUndefined();
  expect(w.dialogs, `dialogs on ${where}`).toEqual([]);
  // A payload blocked by the CSP shows up here instead of in window.__xss.
  expect(w.cspErrors, `CSP reports on ${where}`).toEqual([]);
}

test.describe('hostile flow content', () => {
  test.describe.configure({ timeout: 90_000 });

  test('flows list, detail panel, raw JSON and the filter box show payloads as text', async ({
    page,
  }) => {
    const w = await watch(page);
    await page.goto('/flows');
    const rows = page.getByTestId('flow-row');
    await expect(rows.first()).toBeVisible();
    await expect(page.getByText(SCRIPT).first()).toBeVisible();
    await expectNoXss(page, w, '/flows');

    await rows.first().click();
    await expect(page.getByTestId('flows-detail')).toBeVisible();
    await expectNoXss(page, w, '/flows detail panel');

    // A filter holding markup must come back as an error or an empty list, never as markup.
    await page.getByTestId('filter-input').fill(`--pod "${IMG}" --http-path "${SCRIPT}"`);
    await page.getByTestId('filter-apply').click();
    await expect(
      page.getByTestId('filter-error').or(page.getByTestId('flows-empty')).or(rows.first()),
    ).toBeVisible();
    await expectNoXss(page, w, '/flows with a hostile filter');
  });

  test('the permalink of a hostile flow, with its raw JSON', async ({ page }) => {
    const w = await watch(page);
    await page.goto(`/flows/${HOSTILE_ID}`);
    await expect(page.getByTestId('flow-detail')).toHaveAttribute('data-flow-id', HOSTILE_ID);
    expect(await page.getByText(SCRIPT).count()).toBeGreaterThan(0);
    await page.getByTestId('flow-raw-toggle').click();
    await expect(page.getByTestId('flow-raw-json')).toContainText(HOSTILE_ID);
    await expectNoXss(page, w, `/flows/${HOSTILE_ID}`);
  });

  test('the map: hover, click, and an SVG export without script or handlers', async ({ page }) => {
    const w = await watch(page);
    await page.goto('/map?window=24h');
    await expect(page.getByTestId('service-map')).toHaveAttribute('data-rendered', 'true');
    const nodes = page.getByTestId('map-node');
    await expect(nodes.first()).toBeVisible();
    await test.step('hover and click a node and an edge', async () => {
      // Nodes sit under labels and edges: force, so the pointer lands where the test says.
      await nodes.first().hover({ force: true, timeout: 10_000 });
      await nodes.first().click({ force: true, timeout: 10_000 });
      const edges = page.getByTestId('map-edge');
      await expect(edges.first()).toBeAttached();
      await edges.first().hover({ force: true, timeout: 10_000 });
    });
    expect(await page.getByText(/window\.__xss=1/).count()).toBeGreaterThan(0);
    await expectNoXss(page, w, '/map');

    const exportButton = page.getByTestId('map-export-svg');
    await expect(exportButton).toBeEnabled();
    const [file] = await Promise.all([
      page.waitForEvent('download', { timeout: 20_000 }),
      exportButton.click({ timeout: 10_000 }),
    ]);
    const svg = await readFile(await file.path(), 'utf8');
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;');
    // Parsed as the browser would open it: no element may carry a handler or a js: link.
    const bad = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const found: string[] = [];
      if (doc.querySelector('parsererror')) found.push('not well-formed');
      for (const el of Array.from(doc.querySelectorAll('*'))) {
        if (['script', 'foreignObject', 'iframe'].includes(el.localName)) found.push(el.localName);
        for (const attr of Array.from(el.attributes)) {
          if (/^on/i.test(attr.name)) found.push(`${el.localName}[${attr.name}]`);
          if (/^\s*(javascript|data):/i.test(attr.value)) found.push(`${attr.name}=${attr.value}`);
        }
      }
      return found;
    }, svg);
    expect(bad).toEqual([]);
    await expectNoXss(page, w, '/map after export');
  });

  test('the drops view: charts and the dropped-edges table of hostile flows', async ({ page }) => {
    const w = await watch(page);
    const res = await page.goto('/drops');
    expect(res?.status()).toBe(200);
    await expect(page.getByTestId('timeline-chart')).toBeVisible();
    // The replayed drops reach the table, whose names come from the hostile flows.
    await expect(page.getByTestId('drop-edge-row').first()).toBeVisible();
    await page.waitForLoadState('networkidle');
    await expectNoXss(page, w, '/drops');
  });

  test('the export is valid NDJSON carrying the payloads verbatim', async ({ request }) => {
    const res = await request.get('/api/flows/export?window=24h');
    expect(res.status()).toBe(200);
    const lines = (await res.text()).split('\n').filter((l) => l.length > 0);
    expect(lines.length).toBeGreaterThanOrEqual(40);
    for (const line of lines) {
      const value = JSON.parse(line) as { flow?: { source?: { namespace?: string } } };
      expect(value.flow).toBeDefined();
    }
    expect(
      lines.some(
        (l) =>
          (JSON.parse(l) as { flow: { source: { namespace: string } } }).flow.source.namespace ===
          SCRIPT,
      ),
    ).toBe(true);
  });
});
