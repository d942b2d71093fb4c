// Service map render figures in headless Chromium on a synthetic cluster of 2,000 workloads
// in 40 namespaces with 10,000 edges, every namespace expanded (canvas renderer):
//   first_paint_ms: navigation start until the map reports its first complete draw;
//   pan_zoom_fps:   animation frames per second while zooming and dragging for ~3 s.
// Needs a running server (the map API is answered here, so any relay will do). Run alone:
//   BASE_URL=http://127.0.0.1:3000 npx tsx bench/map-render-bench.ts
import { chromium, type Page } from '@playwright/test';
import type { MapEdge, MapNode, ServiceMap } from '@/lib/api/aggregate';

const NAMESPACES = 40;
const WORKLOADS = 2000;
const EDGES = 10_000;
const DRIVE_MS = 3000;
const NAMES = [
  'checkout',
  'payment-gateway',
  'inventory-api',
  'notification-worker',
  'fraud-scoring',
  'ledger-writer',
  'session-cache',
  'search-indexer',
];

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A deterministic cluster: mostly traffic inside namespaces, a fifth across them. */
export function syntheticMap(
  now = Date.now(),
  size: { workloads: number; namespaces: number; edges: number } = {
    workloads: WORKLOADS,
    namespaces: NAMESPACES,
    edges: EDGES,
  },
): ServiceMap {
  const rand = prng(7);
  const perNs = Math.ceil(size.workloads / size.namespaces);
  const nodes: MapNode[] = [];
  for (let i = 0; i < size.workloads; i++) {
    const ns = `team-${String(Math.floor(i / perNs)).padStart(2, '0')}`;
    // Names as long as real workloads' (`payment-gateway-12`), so labels are tested at length.
    const name = `${NAMES[i % NAMES.length]}-${i % perNs}`;
    nodes.push({
      id: `${ns}/${name}`,
      kind: 'workload',
      namespace: ns,
      name,
      labels: [`k8s:app=${name}`],
      counts: { out: 0, in: 0 },
    });
  }
  const seen = new Set<string>();
  const edges: MapEdge[] = [];
  const totals = {
    forwarded: 0,
    dropped: 0,
    error: 0,
    audit: 0,
    redirected: 0,
    other: 0,
    replies: 0,
    flows: 0,
  };
  while (edges.length < size.edges) {
    const s = Math.floor(rand() * size.workloads);
    const sameNs = rand() < 0.8;
    const t = sameNs
      ? Math.min(size.workloads - 1, Math.floor(s / perNs) * perNs + Math.floor(rand() * perNs))
      : Math.floor(rand() * size.workloads);
    const src = nodes[s]!;
    const dst = nodes[t]!;
    if (s === t || seen.has(`${src.id}>${dst.id}`)) continue;
    seen.add(`${src.id}>${dst.id}`);
    const volume = Math.ceil(Math.pow(10, rand() * 4));
    const dropped = rand() < 0.15 ? Math.ceil(volume * rand()) : 0;
    const counts = {
      forwarded: volume - dropped,
      dropped,
      error: 0,
      audit: rand() < 0.03 ? 3 : 0,
      redirected: 0,
      other: 0,
      replies: Math.floor(volume / 2),
    };
    for (const k of Object.keys(counts) as (keyof typeof counts)[]) totals[k] += counts[k];
    totals.flows += volume + counts.audit + counts.replies;
    src.counts.out += volume;
    dst.counts.in += volume;
    edges.push({
      id: `${src.id}>${dst.id}:8080/TCP`,
      source: src.id,
      target: dst.id,
      port: 8080,
      protocol: 'TCP',
      counts,
      dropReasons: dropped ? { POLICY_DENIED: dropped } : {},
      l7: {
        httpMethods: { GET: volume },
        httpStatus: { '2xx': volume },
        httpPaths: [],
        dnsQueries: [],
      },
      firstSeen: now - 3_600_000,
      lastSeen: now,
    });
  }
  return {
    window: { from: now - 3_600_000, to: now },
    bucketMs: 60_000,
    buckets: 60,
    nodes,
    edges,
    totals,
  };
}

async function drive(page: Page): Promise<number> {
  const box = await page.getByTestId('service-map').boundingBox();
  if (!box) throw new Error('no map on the page');
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  // A string, not a function: tsx would wrap a named function in a helper the page lacks.
  await page.evaluate(`(() => {
    window.__frames = 0;
    window.__counting = true;
    const tick = () => {
      window.__frames += 1;
      if (window.__counting) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  const started = Date.now();
  let step = 0;
  await page.mouse.move(cx, cy);
  while (Date.now() - started < DRIVE_MS) {
    // Alternate zooming in and out around the centre with drags in a small circle.
    const wheel = step % 20 < 10 ? -120 : 120;
    await page.mouse.wheel(0, wheel);
    await page.mouse.down();
    const a = (step * Math.PI) / 8;
    await page.mouse.move(cx + 60 * Math.cos(a), cy + 60 * Math.sin(a), { steps: 4 });
    await page.mouse.up();
    step += 1;
  }
  const elapsed = Date.now() - started;
  const frames = Number(await page.evaluate('(window.__counting = false, window.__frames)'));
  return (frames * 1000) / elapsed;
}

export async function benchMapRender(
  baseUrl: string,
): Promise<{ first_paint_ms: number; pan_zoom_fps: number }> {
  const body = JSON.stringify(syntheticMap());
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.route('**/api/map?**', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body }),
    );
    await page.route('**/api/map/stream**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/event-stream', body: 'retry: 60000\n\n' }),
    );
    // A first visit warms the server's compiled page, so the figure is the browser's work.
    await page.goto(`${baseUrl}/map?window=1h&expand=all`);
    await page.waitForSelector('[data-testid="service-map"][data-rendered="true"]', {
      timeout: 60_000,
    });
    await page.goto('about:blank');
    await page.goto(`${baseUrl}/map?window=1h&expand=all`);
    const root = page.locator('[data-testid="service-map"][data-rendered="true"]');
    await root.waitFor({ timeout: 60_000 });
    const renderedAt = Number(await root.getAttribute('data-rendered-at'));
    const mode = await root.getAttribute('data-mode');
    if (mode !== 'canvas') throw new Error(`expected the canvas renderer, got ${mode}`);
    const fps = await drive(page);
    return { first_paint_ms: Math.round(renderedAt), pan_zoom_fps: +fps.toFixed(1) };
  } finally {
    await browser.close();
  }
}

if (require.main === module) {
  benchMapRender(process.env.BASE_URL ?? 'http://127.0.0.1:3000')
    .then((f) => console.log(JSON.stringify(f, null, 2)))
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
