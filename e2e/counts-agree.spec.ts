// Counts agree: for one pinned window on the demo, every view counts the same drops. A
// packet denied by policy is reported by Cilium twice, as a policy-verdict event and a drop
// notification (pkg/monitor/api/types.go: MessageTypePolicyVerdict, MessageTypeDrop); the
// flow list, the drop timeline, the map, the policy view and /metrics each count it once.
import { expect, test, type APIRequestContext } from '@playwright/test';

interface FlowsAnswer {
  flows: { id: string; paired?: { id: string } }[];
  total: number;
}
interface TimelineAnswer {
  verdicts: { dropped: number[] };
  drops: Record<string, number[]>;
}
interface MapAnswer {
  totals: { dropped: number };
  edges: { counts: { dropped: number } }[];
}
interface PolicyAnswer {
  perRule: Record<string, { denied: number }>;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

async function json<T>(request: APIRequestContext, url: string): Promise<T> {
  const res = await request.get(url);
  expect(res.status(), url).toBe(200);
  return (await res.json()) as T;
}

async function listedDrops(request: APIRequestContext, window: string): Promise<number> {
  const q = new URLSearchParams({ q: '--verdict DROPPED', limit: '1' });
  const body = await json<FlowsAnswer>(request, `/api/flows?${q.toString()}${window}`);
  return body.total;
}

async function metricDrops(request: APIRequestContext): Promise<number> {
  const text = await (await request.get('/metrics')).text();
  const m = /^flowscope_store_decisions\{verdict="dropped"\} (\d+)$/m.exec(text);
  expect(m, 'flowscope_store_decisions{verdict="dropped"} in /metrics').not.toBeNull();
  return Number(m![1]);
}

test('flow list, timeline, map, policy view and /metrics count the same drops', async ({
  page,
  request,
}) => {
  // A window in the past (pinned from/to), so live traffic cannot move it: 40 s ending 5 s
  // ago, well past the relay's ~1 s reordering. Waited for until it holds drops.
  let params = '';
  let timeline: TimelineAnswer | undefined;
  await expect
    .poll(
      async () => {
        const to = Date.now() - 5000;
        const from = to - 40_000;
        params = `&from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`;
        timeline = await json<TimelineAnswer>(request, `/api/timeline?breakdown=policy${params}`);
        return sum(timeline.verdicts.dropped);
      },
      { timeout: 45_000, intervals: [1000] },
    )
    .toBeGreaterThan(0);
  const dropped = sum(timeline!.verdicts.dropped);

  // The list: one row per decision, its total over the whole window, not the page.
  expect(await listedDrops(request, params)).toBe(dropped);
  const all = await json<FlowsAnswer>(
    request,
    `/api/flows?${new URLSearchParams({ q: '--verdict DROPPED', limit: '5000' }).toString()}${params}`,
  );
  expect(all.flows.length).toBe(dropped);
  const ids = all.flows.flatMap((f) => (f.paired ? [f.id, f.paired.id] : [f.id]));
  expect(new Set(ids).size, 'no event is on two rows').toBe(ids.length);
  expect(
    all.flows.some((f) => f.paired),
    'the demo denies packets by policy (paired events)',
  ).toBe(true);

  // The map: a dropped reply is a drop of its connection's edge, so the map's totals and the
  // sum over its edges count what the timeline counts.
  const map = await json<MapAnswer>(request, `/api/map?${params.slice(1)}`);
  expect(map.totals.dropped, 'map totals').toBe(dropped);
  expect(sum(map.edges.map((e) => e.counts.dropped)), 'sum over the map edges').toBe(dropped);

  // The policy view: each policy's denials in the window, as the timeline's breakdown by
  // deciding policy counts them.
  const { policies } = await json<{
    policies: { kind: string; namespace: string; name: string }[];
  }>(request, '/api/policies');
  expect(policies.length).toBeGreaterThan(0);
  let checked = 0;
  for (const p of policies) {
    const key = `${p.kind}/${p.namespace}/${p.name}`;
    const onTimeline = sum(timeline!.drops[key] ?? []);
    const usage = await json<PolicyAnswer>(
      request,
      `/api/policies/${p.kind}/${p.namespace || '_'}/${encodeURIComponent(p.name)}?${params.slice(1)}`,
    );
    const denied = sum(Object.values(usage.perRule).map((r) => r.denied));
    expect(denied, `denials by ${key}`).toBe(onTimeline);
    if (denied > 0) checked += 1;
  }
  expect(checked, 'at least one policy denied something in the window').toBeGreaterThan(0);

  // /metrics has no window: it counts every retained decision, so it is compared with the
  // list over all the history, read between two scrapes that agree (no flow arrived).
  await expect
    .poll(
      async () => {
        const before = await metricDrops(request);
        const listed = await listedDrops(request, '');
        const after = await metricDrops(request);
        return before === after ? listed - before : 'moved';
      },
      { timeout: 30_000, intervals: [200] },
    )
    .toBe(0);

  // And the /flows page header says the same number for the same window and filter.
  const url = `/flows?${new URLSearchParams({ q: '--verdict DROPPED' }).toString()}${params}`;
  await page.goto(url);
  const total = page.getByTestId('flows-total');
  await expect(total).toHaveAttribute('data-count', String(dropped));
  await expect(total).toContainText(dropped.toLocaleString('en-US'));
  await expect(page.getByTestId('flow-row').first()).toBeVisible();
});
