// The pages' Content-Security-Policy (proxy.ts, server/http/csp.ts): present, with a fresh
// nonce per request, and strict enough that the app itself never trips it.
import { expect, test, type Page } from '@playwright/test';
import { CSP_RESPONSE_HEADER, nonceOf } from '@/server/http/csp';
import { findFlow } from '../pages/flow-detail-page';

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

/** Records every violation the document reports, from before the first script runs. */
async function recordViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations?.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample}`);
    });
  });
}

async function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => window.__cspViolations ?? []);
}

const header = CSP_RESPONSE_HEADER.toLowerCase();

test.describe('content security policy', () => {
  test('pages carry the policy with a fresh nonce, and the companion headers', async ({
    request,
  }) => {
    const nonces = new Set<string>();
    for (const path of [
      '/flows',
      '/flows',
      '/map',
      '/flows/00000000-0000-4000-8000-000000000000',
    ]) {
      const res = await request.get(path);
      const headers = res.headers();
      const csp = headers[header];
      expect(csp, `${header} on ${path}`).toBeDefined();
      expect(csp).toContain(`script-src 'self' 'nonce-`);
      expect(csp).toContain(`'strict-dynamic'`);
      expect(csp).toContain(`object-src 'none'`);
      expect(csp).toContain(`frame-ancestors 'none'`);
      expect(csp).not.toContain('unsafe-eval');
      const nonce = nonceOf(csp ?? '');
      expect(nonce).toBeTruthy();
      nonces.add(nonce ?? '');
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['referrer-policy']).toBe('no-referrer');
    }
    expect(nonces.size, 'one nonce per request').toBe(4);
  });

  test('API answers carry no page policy', async ({ request }) => {
    const res = await request.get('/api/status');
    expect(res.headers()[header]).toBeUndefined();
  });

  test('a flow permalink renders with its scripts under the nonce, without violations', async ({
    page,
    request,
  }) => {
    const flow = await findFlow(request, '--verdict DROPPED');
    await recordViolations(page);
    const res = await page.goto(`/flows/${flow.id}`);
    const nonce = nonceOf((await res?.allHeaders())?.[header] ?? '');
    await expect(page.getByTestId('flow-detail')).toHaveAttribute('data-flow-id', flow.id);
    // Next.js stamped the request's nonce on its scripts (the browser hides the attribute
    // value from getAttribute, but the property keeps it).
    const stamped = await page.evaluate(() =>
      Array.from(document.scripts)
        .map((s) => s.nonce ?? '')
        .filter((n) => n.length > 0),
    );
    expect(stamped.length).toBeGreaterThan(0);
    expect(new Set(stamped)).toEqual(new Set([nonce]));
    expect(await violations(page)).toEqual([]);
  });

  test('the flows list and the map, including its worker and exports, cause no violations', async ({
    page,
  }) => {
    await recordViolations(page);
    await page.goto('/flows');
    await expect(page.getByTestId('flow-row').first()).toBeVisible();
    await page.getByTestId('flow-row').first().click();
    expect(await violations(page)).toEqual([]);

    await page.goto('/map?window=15m');
    await expect(page.getByTestId('service-map')).toHaveAttribute('data-rendered', 'true');
    await expect(page.getByTestId('map-node').first()).toBeVisible();
    for (const id of ['map-export-svg', 'map-export-png']) {
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId(id).click(),
      ]);
      expect(await file.failure()).toBeNull();
    }
    await expect(page.getByTestId('map-export-error')).toHaveCount(0);
    expect(await violations(page)).toEqual([]);
  });
});
