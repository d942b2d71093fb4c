// Access control end to end. nginx stands in for Envoy Gateway: it connects to Flowscope
// from 127.0.0.2, the trusted proxy address, and passes on the identity headers each test
// sets, as the gateway would after its OIDC login. Requests reaching Flowscope from any
// other address are refused whatever headers they carry.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { E2E } from '../ports';
import type { FlowRow } from '@/lib/api/types';
import type { FlowRecord } from '@/lib/api/flow-record';
import { Gen, prng } from './fuzz-values';

const gateway = `http://127.0.0.1:${E2E.accessProxy}`;
const direct = `http://127.0.0.1:${E2E.accessApp}`;

/** Envoy passes a list claim as the base64 of its JSON array. */
const identity = (user: string, groups: string[]) => ({
  'x-flowscope-user': user,
  'x-flowscope-groups': Buffer.from(JSON.stringify(groups)).toString('base64'),
});
const SHOP = identity('ana@example.com', ['shop-team']);
const SRE = identity('sam@example.com', ['sre', 'shop-team']);

const touchesShop = (f: FlowRecord) =>
  f.source.namespace === 'shop' || f.destination.namespace === 'shop';

async function json<T>(api: APIRequestContext, path: string, status = 200): Promise<T> {
  const res = await api.get(path);
  expect(res.status(), `${path}: ${await res.text()}`).toBe(status);
  return (await res.json()) as T;
}

/** A closed window that ends a little in the past, so both viewers read the same flows. */
function pastWindow(): string {
  const to = Date.now() - 3000;
  return `from=${to - 120_000}&to=${to}`;
}

/** Flows of the live stream, read through the gateway for at most `ms`. */
async function streamFlows(headers: Record<string, string>, want: number, ms: number) {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), ms);
  const flows: FlowRecord[] = [];
  try {
    const res = await fetch(`${gateway}/api/flows/stream?q=`, { headers, signal: ctrl.signal });
    expect(res.status).toBe(200);
    const decoder = new TextDecoder();
    let buf = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buf += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buf.indexOf('\n\n')) >= 0) {
        const event = buf.slice(0, end);
        buf = buf.slice(end + 2);
        if (!event.startsWith('data: ')) continue;
        const body = JSON.parse(event.slice(6)) as { kind: string; flows?: FlowRecord[] };
        if (body.kind === 'flows') flows.push(...(body.flows ?? []));
      }
      if (flows.length >= want) break;
    }
  } catch (err) {
    if (!ctrl.signal.aborted) throw err;
  } finally {
    clearTimeout(timer);
    ctrl.abort();
  }
  return flows;
}

test('without access settings the header says plainly that access is not restricted', async ({
  page,
}) => {
  await page.goto('/flows');
  await expect(page.getByTestId('access-status')).toHaveText(
    'Access not restricted: all namespaces visible to everyone',
  );
});

test.describe('behind the gateway (identity headers set by the test in place of the OIDC login)', () => {
  test('a shop-team user gets only flows with an end in shop, from every API', async ({
    playwright,
  }) => {
    const shop = await playwright.request.newContext({ baseURL: gateway, extraHTTPHeaders: SHOP });
    const sre = await playwright.request.newContext({ baseURL: gateway, extraHTTPHeaders: SRE });

    // Wait until the demo relay has produced flows of both kinds.
    let foreign: FlowRecord | undefined;
    await expect
      .poll(async () => {
        const all = await json<{ flows: FlowRecord[] }>(sre, '/api/flows?limit=2000');
        foreign = all.flows.find((f) => !touchesShop(f));
        return Boolean(foreign) && all.flows.some(touchesShop);
      })
      .toBe(true);

    const w = pastWindow();
    const list = await json<{ flows: FlowRecord[] }>(shop, `/api/flows?limit=5000&${w}`);
    expect(list.flows.length).toBeGreaterThan(0);
    expect(list.flows.filter((f) => !touchesShop(f))).toEqual([]);
    const sreShop = await json<{ flows: FlowRecord[] }>(
      sre,
      `/api/flows?limit=5000&${w}&q=${encodeURIComponent('--namespace shop')}`,
    );
    expect(list.flows.map((f) => f.id)).toEqual(sreShop.flows.map((f) => f.id));

    // Map and timeline: what shop-team gets is what an SRE gets filtered to shop.
    type MapBody = { nodes: { id: string }[]; edges: { id: string }[]; totals: { flows: number } };
    const map = await json<MapBody>(shop, `/api/map?${w}`);
    const sreMap = await json<MapBody>(sre, `/api/map?${w}&namespace=shop`);
    const wholeMap = await json<MapBody>(sre, `/api/map?${w}`);
    expect(map.edges.map((e) => e.id).sort()).toEqual(sreMap.edges.map((e) => e.id).sort());
    expect(map.totals.flows).toBe(sreMap.totals.flows);
    expect(wholeMap.totals.flows).toBeGreaterThan(map.totals.flows);
    type TimelineBody = { verdicts: Record<string, number[]> };
    const timeline = await json<TimelineBody>(shop, `/api/timeline?${w}`);
    const sreTimeline = await json<TimelineBody>(sre, `/api/timeline?${w}&namespace=shop`);
    expect(timeline.verdicts).toEqual(sreTimeline.verdicts);

    // Export: the same flows as the list, as Hubble JSON lines: every event, so a paired
    // drop's two events are two lines where the list shows one row.
    const exported = await shop.get(`/api/flows/export?${w}`);
    expect(exported.status()).toBe(200);
    const lines = (await exported.text()).trim().split('\n').filter(Boolean);
    const events = (list.flows as FlowRow[]).reduce((n, f) => n + (f.paired ? 2 : 1), 0);
    expect(lines.length).toBe(events);
    for (const line of lines) {
      const { flow } = JSON.parse(line) as {
        flow: { source?: { namespace?: string }; destination?: { namespace?: string } };
      };
      expect([flow.source?.namespace, flow.destination?.namespace]).toContain('shop');
    }

    // Permalink and explanation of a flow outside shop: as if it did not exist.
    await json(shop, `/api/flows/${foreign!.id}`, 404);
    await json(shop, `/api/flows/${foreign!.id}/explain`, 404);
    await json(sre, `/api/flows/${foreign!.id}`, 200);

    // Policies: shop's and the cluster-wide ones only.
    type PolicyList = { policies: { namespace: string; name: string; kind: string }[] };
    const policies = await json<PolicyList>(shop, '/api/policies');
    expect(policies.policies.length).toBeGreaterThan(0);
    expect(policies.policies.filter((p) => !['shop', ''].includes(p.namespace))).toEqual([]);
    const all = await json<PolicyList>(sre, '/api/policies');
    const other = all.policies.find((p) => p.namespace === 'payments')!;
    await json(shop, `/api/policies/${other.kind}/${other.namespace}/${other.name}`, 404);

    // Importing adds flows every user sees: only an all-namespace viewer may.
    const imported = await shop.post('/api/flows/import', { data: '{}\n' });
    expect(imported.status()).toBe(403);

    // The live stream.
    const live = await streamFlows(SHOP, 15, 20_000);
    expect(live.length).toBeGreaterThan(0);
    expect(live.filter((f) => !touchesShop(f))).toEqual([]);
    await shop.dispose();
    await sre.dispose();
  });

  test('in the browser: who is signed in, and a foreign permalink reads as not found', async ({
    browser,
  }) => {
    const sre = await browser.newContext({ baseURL: gateway, extraHTTPHeaders: SRE });
    const sreApi = sre.request;
    let foreign: FlowRecord | undefined;
    await expect
      .poll(async () => {
        const all = await json<{ flows: FlowRecord[] }>(sreApi, '/api/flows?limit=2000');
        foreign = all.flows.find((f) => !touchesShop(f));
        return Boolean(foreign);
      })
      .toBe(true);

    const context = await browser.newContext({ baseURL: gateway, extraHTTPHeaders: SHOP });
    const page = await context.newPage();
    await page.goto('/flows');
    await expect(page.getByTestId('access-status')).toHaveText('ana@example.com · shop');
    await expect(page.getByTestId('flow-row').first()).toBeVisible();
    const ids = await page
      .getByTestId('flow-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-flow-id')));
    // Each row, looked up by an SRE (who sees everything), has an end in shop.
    const everything = await json<{ flows: FlowRecord[] }>(sreApi, '/api/flows?limit=5000');
    const byId = new Map(everything.flows.map((f) => [f.id, f]));
    const rows = ids.map((id) => byId.get(id!)).filter((f) => f !== undefined);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((f) => !touchesShop(f))).toEqual([]);
    await sre.close();

    await page.goto(`/flows/${foreign!.id}`);
    await expect(page.getByTestId('flow-not-found')).toBeVisible();
    await context.close();
  });
});

test('requests that do not come through the gateway are refused, whatever headers they carry', async ({
  browser,
  playwright,
}) => {
  const forged = { ...SRE, 'x-forwarded-for': '127.0.0.2', 'x-real-ip': '127.0.0.2' };
  const api = await playwright.request.newContext({ baseURL: direct, extraHTTPHeaders: forged });
  for (const path of [
    '/api/flows',
    '/api/map',
    '/api/timeline',
    '/api/flows/export',
    '/api/policies',
  ]) {
    const res = await api.get(path);
    expect(res.status(), path).toBe(403);
    expect(((await res.json()) as { error: string }).error).toMatch(/not a trusted proxy/);
  }
  // Probes do not pass the gateway: health stays open, and carries no flow data.
  expect((await api.get('/healthz')).status()).toBe(200);
  await api.dispose();

  const context = await browser.newContext({ baseURL: direct, extraHTTPHeaders: forged });
  const page = await context.newPage();
  await page.goto('/flows');
  await expect(page.getByTestId('access-status')).toContainText('No access:');
  await expect(page.getByTestId('flow-row')).toHaveCount(0);
  await context.close();
});

/** A header value of a kind a gateway or an attacker could send. */
function identityValue(g: Gen): string {
  const printable = () =>
    Array.from({ length: g.int(40) }, () => String.fromCharCode(0x20 + g.int(0x5f))).join('');
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  switch (g.int(9)) {
    case 0:
      return printable();
    case 1:
      return b64(JSON.stringify(Array.from({ length: g.int(5) }, printable)));
    case 2:
      return b64(g.pick(['{"groups":["sre"]}', '[1,2,null]', '[', '"sre"', '[["sre"]]', 'null']));
    case 3:
      return g.pick(['[', '["sre"', '[sre]', '[]', '["",""]', ' , , ', '["shop-team",', '[{}]']);
    case 4:
      return 'x'.repeat(g.pick([513, 2000, 6000]));
    case 5:
      return Array.from({ length: g.pick([999, 1001]) }, (_, i) => `g${i}`).join(',');
    case 6:
      return b64(g.bytes(g.int(64)).toString('latin1'));
    case 7:
      return g.pick(['shop-team', 'sre', 'SRE', 'shop-team ', 'ledger,shop-team', '*']);
    default:
      return '';
  }
}

test('malformed identity headers from the gateway get a clear 4xx, never a 5xx', async ({
  playwright,
}) => {
  test.setTimeout(120_000);
  const g = new Gen(prng(7007));
  const api = await playwright.request.newContext({ baseURL: gateway });
  const paths = ['/api/flows?limit=5', '/api/map?window=5m', '/api/config', '/api/policies'];
  const seen = new Map<number, number>();
  for (let i = 0; i < 400; i += 1) {
    const headers: Record<string, string> = {};
    if (g.chance(0.9)) headers['x-flowscope-user'] = identityValue(g);
    if (g.chance(0.9)) headers['x-flowscope-groups'] = identityValue(g);
    const res = await api.get(g.pick(paths), { headers });
    const status = res.status();
    seen.set(status, (seen.get(status) ?? 0) + 1);
    expect(status, JSON.stringify(headers).slice(0, 300)).toBeLessThan(500);
    if (status >= 400 && status !== 431) {
      const body = (await res.json()) as { error?: string };
      expect(typeof body.error).toBe('string');
    }
  }
  console.log(`identity header fuzz: ${JSON.stringify(Object.fromEntries(seen))}`);
  // The generator reaches every answer: granted, refused and malformed.
  expect([...seen.keys()].sort()).toEqual(expect.arrayContaining([200, 400, 401, 403]));
  await api.dispose();
});
