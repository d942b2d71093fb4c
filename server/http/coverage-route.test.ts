// GET /api/coverage through its route handler: bad parameters answer 400 with the reason and
// the parameter, and a good request answers the coverage of the window.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GET } from '@/app/api/coverage/route';
import type { CoverageAnswer } from '@/lib/api/coverage';
import type { Runtime } from '@/server/runtime';
import { staticSource } from '@/server/policies/source';
import { openFlowStore } from '@/server/store/flow-store';
import { pod } from '@/testing/policy-flows';
import { testFlowRecord } from '@/testing/flow-record';

async function withRuntime(): Promise<void> {
  const store = await openFlowStore({
    limits: { maxFlows: 1000, maxBytes: 1 << 26, maxAgeMs: 86_400_000 },
  });
  store.append(
    testFlowRecord({
      ts: Date.now() - 1000,
      source: pod('shop', { app: 'frontend' }),
      destination: pod('payments', { app: 'ledger' }),
    }),
  );
  const rt = { store, policies: async () => staticSource([]) } as unknown as Runtime;
  (globalThis as Record<symbol, unknown>)[Symbol.for('flowscope.runtime')] = Promise.resolve(rt);
}

async function get(query: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await GET(new Request(`http://127.0.0.1/api/coverage${query}`));
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

test('bad window, namespace or unknown parameters answer 400 with the reason', async () => {
  await withRuntime();
  const window = await get('?window=soon');
  assert.equal(window.status, 400);
  assert.match(String(window.body.error), /window/);
  const ns = await get('?window=15m&namespace=Not_A_Namespace');
  assert.equal(ns.status, 400);
  assert.equal(ns.body.param, 'namespace');
  assert.match(String(ns.body.error), /is not a namespace name/);
  const unknown = await get('?window=15m&verdict=DROPPED');
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.param, 'verdict');
});

test('a good request answers the workloads of the window, narrowed by namespace', async () => {
  await withRuntime();
  const all = await get('?window=15m');
  assert.equal(all.status, 200);
  const answer = all.body as unknown as CoverageAnswer;
  assert.deepEqual(
    answer.unprotected.map((w) => w.id),
    ['payments/ledger', 'shop/frontend'],
  );
  const one = (await get('?window=15m&namespace=payments')).body as unknown as CoverageAnswer;
  assert.deepEqual(
    one.namespaces.map((n) => n.namespace),
    ['payments'],
  );
});
