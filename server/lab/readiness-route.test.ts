// GET /api/lab/readiness and /api/lab/staged: 400 naming the parameter, 404 for a draft that
// is not staged, 403 for a namespace out of the viewer's scope, CSV cells that a
// spreadsheet reads as text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GET } from '@/app/api/lab/readiness/route';
import { GET as getStaged } from '@/app/api/lab/staged/route';
import type { FlowRecord } from '@/lib/api/flow-record';
import type { ReadinessAnswer, StagedList } from '@/lib/api/lab';
import type { Viewer } from '@/server/access/viewer';
import { handleRoute } from '@/server/http/api-error';
import type { Runtime } from '@/server/runtime';
import { flow, pod } from '@/testing/policy-flows';
import { backendOnlyFrom, draft, testStagedSource } from '@/testing/staged-sets';
import { readinessResponse } from './readiness-request';
import { setStagedSource } from './staged-source';
import { StagedTracker } from './staged-tracker';

const T0 = Date.now() - 10 * 60_000;

async function tracker(): Promise<StagedTracker> {
  const source = testStagedSource([
    { draft: draft('d1', 'strict backend'), policies: backendOnlyFrom('storefront') },
    { draft: draft('d2', 'not staged', false), policies: backendOnlyFrom('x') },
  ]);
  setStagedSource(source);
  const t = new StagedTracker({ source: () => source, now: () => T0, flushMs: 0 });
  await t.start();
  // The frontend's pod names a workload that reads as a formula in a spreadsheet.
  const src = {
    ...pod('shop', { app: 'frontend' }),
    workloads: [{ name: '=HYPERLINK("x")', kind: 'Deployment' }],
  };
  const f: FlowRecord = {
    ...flow({ src, dst: pod('shop', { app: 'backend' }), direction: 'INGRESS', port: 8080 }),
    id: 'flow-1',
    ts: T0 + 60_000,
  };
  t.observe(f);
  const rt = { staged: t } as unknown as Runtime;
  (globalThis as Record<symbol, unknown>)[Symbol.for('flowscope.runtime')] = Promise.resolve(rt);
  return t;
}

async function get(query: string) {
  const res = await GET(new Request(`http://127.0.0.1/api/lab/readiness${query}`));
  return { res, status: res.status, text: await res.text() };
}

test('bad parameters answer 400 naming the parameter; an unknown draft 404', async () => {
  await tracker();
  for (const [q, param] of [
    ['', 'draft'],
    ['?draft=a/b', 'draft'],
    ['?draft=d1&period=soon', 'period'],
    ['?draft=d1&period=100d', 'period'],
    ['?draft=d1&namespace=Not_A_NS', 'namespace'],
    ['?draft=d1&format=xml', 'format'],
  ] as const) {
    const r = await get(q);
    assert.equal(r.status, 400, q);
    const body = JSON.parse(r.text) as { error: string; param: string };
    assert.equal(body.param, param, q);
    assert.match(body.error, new RegExp(`^${param}`), q);
  }
  const unknown = await get('?draft=d1&verdict=x');
  assert.equal(unknown.status, 400);
  assert.match(unknown.text, /unknown parameter \\"verdict\\"/);
  assert.equal((await get('?draft=nope')).status, 404);
  // A draft that is not staged is not tracked.
  assert.equal((await get('?draft=d2')).status, 404);
});

test('the answer lists the tuples; CSV quotes every cell and neutralises formulas', async () => {
  await tracker();
  const json = await get('?draft=d1&period=1h');
  assert.equal(json.status, 200);
  const a = JSON.parse(json.text) as ReadinessAnswer;
  assert.equal(a.ready, false);
  assert.equal(a.tuples.length, 1);
  assert.equal(a.tuples[0]?.source, 'shop/=HYPERLINK("x")');

  const csv = await get('?draft=d1&namespace=shop&period=1h&format=csv');
  assert.equal(csv.status, 200);
  assert.match(csv.res.headers.get('content-type') ?? '', /^text\/csv/);
  assert.match(csv.res.headers.get('content-disposition') ?? '', /readiness-d1-shop-1h\.csv/);
  const lines = csv.text.trimEnd().split('\r\n');
  assert.equal(lines.length, 2);
  assert.equal(
    lines[0],
    '"draft","namespace","source","destination","port","protocol","count","first_seen","last_seen","example_flow","decided_by"',
  );
  const cells = lines[1]?.split('","') ?? [];
  assert.equal(cells[2], 'shop/=HYPERLINK(""x"")');
  assert.equal(cells[4], '8080');
  assert.equal(cells[9], 'flow-1');
  assert.ok(lines[1]?.startsWith('"d1","shop",'));
});

test('a namespace out of the viewer scope is refused with 403', async () => {
  const t = await tracker();
  const viewer: Viewer = { restricted: true, user: 'ann', groups: ['pay'], scope: ['payments'] };
  const refused = await handleRoute(async () =>
    readinessResponse(new URLSearchParams('draft=d1&namespace=shop'), viewer, t),
  );
  assert.equal(refused.status, 403);
  assert.match(((await refused.json()) as { error: string }).error, /shop is not among/);
});

test('the scoped answer leaves out tuples of other namespaces', async () => {
  const t = await tracker();
  const viewer: Viewer = { restricted: true, user: 'ann', groups: ['pay'], scope: ['payments'] };
  const r = readinessResponse(new URLSearchParams('draft=d1'), viewer, t);
  assert.equal(r.status, 200);
  assert.deepEqual(((await r.json()) as ReadinessAnswer).tuples, []);
  const all = readinessResponse(
    new URLSearchParams('draft=d1'),
    { restricted: false, scope: undefined },
    t,
  );
  assert.equal(((await all.json()) as ReadinessAnswer).tuples.length, 1);
});

test('GET /api/lab/staged lists the staged drafts only', async () => {
  await tracker();
  const res = await getStaged(new Request('http://127.0.0.1/api/lab/staged'));
  assert.deepEqual((await res.json()) as StagedList, {
    staged: [{ id: 'd1', name: 'strict backend' }],
  });
});
