// The flow routes mark an allowed flow a staged draft would deny, old flows included: the
// list's decisions, the list page and the flow detail evaluate it on demand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GET as getDecisions } from '@/app/api/flows/decisions/route';
import { GET as getFlow } from '@/app/api/flows/[id]/route';
import { GET as getFlows } from '@/app/api/flows/route';
import type { FlowDecisions, FlowLookup, FlowsPage } from '@/lib/api/types';
import type { Runtime } from '@/server/runtime';
import { staticSource } from '@/server/policies/source';
import { openFlowStore } from '@/server/store/flow-store';
import { flow, pod } from '@/testing/policy-flows';
import { backendOnlyFrom, demoPolicies, draft, testStagedSource } from '@/testing/staged-sets';
import { setStagedSource } from './staged-source';

const ID = '0b6f3c2e-0000-4000-8000-000000000001';
const OTHER = '0b6f3c2e-0000-4000-8000-000000000002';

async function setup(): Promise<void> {
  const store = await openFlowStore({
    limits: { maxFlows: 1000, maxBytes: 1 << 26, maxAgeMs: 86_400_000 },
  });
  const ts = Date.now() - 60_000;
  const frontend = pod('shop', { app: 'frontend' }, '10.0.1.1');
  const backend = pod('shop', { app: 'backend' }, '10.0.1.2');
  const f = flow({ src: frontend, dst: backend, direction: 'INGRESS', port: 8080 });
  store.append({ ...f, id: ID, hasUuid: true, ts, time: new Date(ts).toISOString() });
  // The backend's DNS lookups stay allowed under the draft.
  const dns = pod('kube-system', { 'k8s-app': 'kube-dns' }, '10.0.9.9');
  const g = flow({ src: backend, dst: dns, direction: 'EGRESS', port: 53, protocol: 'UDP' });
  store.append({
    ...g,
    id: OTHER,
    hasUuid: true,
    ts: ts + 1,
    time: new Date(ts + 1).toISOString(),
  });
  const policies = staticSource(demoPolicies());
  const rt = { store, policies: async () => policies } as unknown as Runtime;
  (globalThis as Record<symbol, unknown>)[Symbol.for('flowscope.runtime')] = Promise.resolve(rt);
  setStagedSource(
    testStagedSource([
      { draft: draft('d1', 'strict backend'), policies: backendOnlyFrom('storefront') },
    ]),
  );
}

test('decisions, the list and the detail name the staged draft that would deny a flow', async () => {
  await setup();
  const d = (await (
    await getDecisions(new Request(`http://127.0.0.1/api/flows/decisions?id=${ID}&id=${OTHER}`))
  ).json()) as FlowDecisions;
  assert.deepEqual(Object.keys(d.decisions).sort(), [ID, OTHER]);
  assert.deepEqual(Object.keys(d.staged ?? {}), [ID]);
  assert.equal(d.staged?.[ID]?.[0]?.name, 'strict backend');
  assert.match(d.staged?.[ID]?.[0]?.decidedBy ?? '', /default deny/);

  const page = (await (
    await getFlows(new Request('http://127.0.0.1/api/flows'))
  ).json()) as FlowsPage;
  const marked = page.flows.filter((r) => r.staged).map((r) => r.id);
  assert.deepEqual(marked, [ID]);

  const one = (await (
    await getFlow(new Request(`http://127.0.0.1/api/flows/${ID}`), {
      params: Promise.resolve({ id: ID }),
    })
  ).json()) as FlowLookup;
  assert.ok(one.found);
  assert.deepEqual(
    one.flow.staged?.map((m) => m.draft),
    ['d1'],
  );
});
