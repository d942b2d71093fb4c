// GET /api/report as a viewer sees it: bad parameters answer 400 with the reason, a namespace
// outside the viewer's scope answers 403, a selector is looked for in the viewer's namespaces
// only, and format=csv answers a CSV attachment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EvidenceReport } from '@/lib/api/report';
import type { ViewerContext } from '@/server/access/route';
import { scopedReader } from '@/server/access/scoped-reader';
import type { Viewer } from '@/server/access/viewer';
import { handleRoute } from '@/server/http/api-error';
import { GapLog } from '@/server/relay/gap-log';
import { staticSource } from '@/server/policies/source';
import { openFlowStore, type FlowStore } from '@/server/store/flow-store';
import { pod } from '@/testing/policy-flows';
import { testFlowRecord } from '@/testing/flow-record';
import { answerReport } from './report-request';

let shared: Promise<FlowStore> | undefined;
function store(): Promise<FlowStore> {
  shared ??= (async () => {
    const s = await openFlowStore({
      limits: { maxFlows: 1000, maxBytes: 1 << 26, maxAgeMs: 86_400_000 },
    });
    s.append(
      testFlowRecord({
        ts: Date.now() - 1000,
        source: pod('shop', { app: 'frontend' }),
        destination: { ...pod('payments', { app: 'ledger', 'pci-zone': 'cde' }), port: 5432 },
      }),
    );
    return s;
  })();
  return shared;
}

async function get(query: string, viewer: Viewer) {
  const flows = scopedReader(await store(), viewer.scope);
  const ctx = {
    viewer,
    flows,
    rt: { policies: async () => staticSource([]), gaps: new GapLog() },
  } as unknown as ViewerContext;
  const res = await handleRoute(() =>
    answerReport(new Request(`http://127.0.0.1/api/report${query}`), ctx),
  );
  return res;
}

const ALL: Viewer = { restricted: false, scope: undefined };
const SHOP_ONLY: Viewer = { restricted: true, user: 'ann', groups: ['shop'], scope: ['shop'] };

async function error(query: string, viewer: Viewer = ALL) {
  const res = await get(query, viewer);
  const body = (await res.json()) as { error: string; param?: string };
  return { status: res.status, ...body };
}

test('bad parameters answer 400 with the reason and the parameter', async () => {
  const none = await error('?window=15m');
  assert.equal(none.status, 400);
  assert.match(none.error, /needs a scope/);
  const both = await error('?window=15m&namespace=payments&selector=app=ledger');
  assert.equal(both.status, 400);
  assert.match(both.error, /either namespace or selector/);
  const sel = await error('?window=15m&selector=app%3D%3D%3D');
  assert.equal(sel.status, 400);
  assert.equal(sel.param, 'selector');
  const ns = await error('?window=15m&namespace=Bad_NS');
  assert.equal(ns.param, 'namespace');
  const fmt = await error('?window=15m&namespace=payments&format=xlsx');
  assert.equal(fmt.status, 400);
  assert.equal(fmt.param, 'format');
  const win = await error('?window=soon&namespace=payments');
  assert.equal(win.status, 400);
  assert.equal(win.param, 'window');
  const unknown = await error('?window=15m&namespace=payments&verdict=DROPPED');
  assert.equal(unknown.status, 400);
  assert.equal(unknown.param, 'verdict');
});

test('a namespace the viewer may not see answers 403 with a message', async () => {
  const res = await error('?window=15m&namespace=shop,payments', SHOP_ONLY);
  assert.equal(res.status, 403);
  assert.match(res.error, /payments/);
  assert.doesNotMatch(res.error, /shop/);
  const ok = await get('?window=15m&namespace=shop', SHOP_ONLY);
  assert.equal(ok.status, 200);
});

test('a selector scope is narrowed to the viewer namespaces', async () => {
  const all = (await (
    await get('?window=15m&selector=pci-zone%3Dcde', ALL)
  ).json()) as EvidenceReport;
  assert.deepEqual(
    all.workloads.map((w) => w.id),
    ['payments/ledger'],
  );
  assert.deepEqual(
    all.boundary.map((e) => `${e.source}>${e.target}:${e.port}`),
    ['shop/frontend>payments/ledger:5432'],
  );
  const res = await get('?window=15m&selector=pci-zone%3Dcde', SHOP_ONLY);
  assert.equal(res.status, 200);
  const narrowed = (await res.json()) as EvidenceReport;
  assert.deepEqual(narrowed.workloads, []);
  assert.deepEqual(narrowed.scope, {
    kind: 'selector',
    selector: 'pci-zone=cde',
    namespaces: ['shop'],
  });
});

test('format=csv answers a CSV attachment with a workload and a boundary row', async () => {
  const res = await get('?window=15m&namespace=payments&format=csv', ALL);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
  assert.match(
    res.headers.get('content-disposition') ?? '',
    /^attachment; filename="flowscope-evidence-payments-[0-9T]+\.csv"$/,
  );
  const lines = (await res.text()).trim().split('\r\n');
  assert.deepEqual(
    lines.slice(1).map((l) => l.split(',')[0]),
    ['workload', 'boundary'],
  );
});
