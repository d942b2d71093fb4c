// GET /api/recommend through its route handler: bad parameters answer 400 with the reason and
// the parameter, an unknown flow 404, and a dropped flow its suggestion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GET } from '@/app/api/recommend/route';
import type { RecommendAnswer } from '@/lib/api/recommend';
import type { Runtime } from '@/server/runtime';
import { parsePolicyYaml } from '@/server/policies/parse';
import { staticSource } from '@/server/policies/source';
import { openFlowStore } from '@/server/store/flow-store';
import { pod } from '@/testing/policy-flows';
import { testFlowRecord } from '@/testing/flow-record';

const DROP_ID = '5f0c3c1e-8a4b-4c7d-9e2f-0a1b2c3d4e5f';

async function withRuntime(): Promise<void> {
  const store = await openFlowStore({
    limits: { maxFlows: 1000, maxBytes: 1 << 26, maxAgeMs: 86_400_000 },
  });
  const ts = Date.now() - 1000;
  store.append(
    testFlowRecord({
      id: DROP_ID,
      ts,
      time: new Date(ts).toISOString(),
      eventType: 5,
      verdict: 'DROPPED',
      dropReason: 'POLICY_DENIED',
      direction: 'EGRESS',
      source: { ...pod('shop', { app: 'frontend' }, '10.0.0.1'), port: 40000 },
      destination: { ...pod('payments', { app: 'ledger' }, '10.0.0.2'), port: 5432 },
    }),
  );
  const { policies } = parsePolicyYaml(
    `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec:
  endpointSelector: {}
  egress: [{}]
`,
    'shop.yaml',
  );
  const rt = { store, policies: async () => staticSource(policies) } as unknown as Runtime;
  (globalThis as Record<symbol, unknown>)[Symbol.for('flowscope.runtime')] = Promise.resolve(rt);
}

async function get(query: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await GET(new Request(`http://127.0.0.1/api/recommend${query}`));
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

test('bad or missing parameters answer 400 naming the parameter', async () => {
  await withRuntime();
  const none = await get('');
  assert.equal(none.status, 400);
  assert.match(String(none.body.error), /flow=<id> or workload=/);
  const both = await get(`?flow=${DROP_ID}&workload=shop/frontend`);
  assert.equal(both.status, 400);
  const badId = await get('?flow=nope');
  assert.equal(badId.status, 400);
  assert.equal(badId.body.param, 'flow');
  const badWorkload = await get('?workload=Shop!/x&window=15m');
  assert.equal(badWorkload.status, 400);
  assert.equal(badWorkload.body.param, 'workload');
  const badCut = await get('?workload=shop/frontend&window=15m&stableBefore=yesterday');
  assert.equal(badCut.status, 400);
  assert.equal(badCut.body.param, 'stableBefore');
  const unknown = await get('?workload=shop&window=15m&verdict=DROPPED');
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.param, 'verdict');
  const missing = await get('?flow=00000000-0000-4000-8000-000000000000');
  assert.equal(missing.status, 404);
});

test('a dropped flow answers its suggestion; the workload over a window the same rule', async () => {
  await withRuntime();
  const one = await get(`?flow=${DROP_ID}`);
  assert.equal(one.status, 200, JSON.stringify(one.body));
  const a = one.body as unknown as RecommendAnswer;
  assert.equal(a.status, 'proposal');
  assert.equal(a.changes[0]?.action, 'create');
  assert.match(
    a.yaml,
    /toEndpoints:\n\s+- matchLabels:\n\s+app: ledger\n\s+k8s:io.kubernetes.pod.namespace: payments/,
  );
  assert.deepEqual(a.changes[0]?.rules[0]?.flows.exampleIds, [DROP_ID]);
  const w = (await get('?workload=shop/frontend&window=15m')).body as unknown as RecommendAnswer;
  assert.equal(w.yaml, a.yaml);
  const later = await get(`?workload=shop/frontend&window=15m&stableBefore=${Date.now() - 60_000}`);
  const l = later.body as unknown as RecommendAnswer;
  assert.equal(l.status, 'nothing');
  assert.equal(l.newTraffic.length, 1);
});
