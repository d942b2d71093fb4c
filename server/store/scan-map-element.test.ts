import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flow, pod, reserved, T0 } from '@/testing/aggregate-flows';
import { openFlowStore } from './flow-store';

const LIMITS = { maxFlows: 10_000, maxBytes: 2 ** 30, maxAgeMs: 86_400_000 };
const ALL = { from: 0, to: T0 * 2, order: 'oldest' as const, limit: 100 };

test('a map node or edge lists exactly its flows, as the map counted them', async () => {
  const store = await openFlowStore({ limits: LIMITS });
  const frontend = pod('shop', 'frontend-7d9f8b6c5d-abcde', {
    workloads: [{ name: 'frontend', kind: 'Deployment' }],
  });
  const backend = pod('shop', 'backend-5c6d7e8f9a-fghij', {
    workloads: [{ name: 'backend', kind: 'Deployment' }],
  });
  const world = reserved(2, 'reserved:world', { names: ['api.stripe.com'] });
  const a = flow({ source: { ...frontend, port: 40000 }, destination: { ...backend, port: 8080 } });
  const b = flow({ source: { ...frontend, port: 40001 }, destination: { ...backend, port: 9090 } });
  const c = flow({ source: { ...backend, port: 40002 }, destination: { ...world, port: 443 } });
  for (const f of [a, b, c]) store.append(f);

  const map = store.serviceMap({ from: 0, to: T0 * 2 });
  const edge = map.edges.find((e) => e.target === 'shop/backend' && e.port === 8080);
  assert.ok(edge);
  assert.equal(edge.id, 'shop/frontend>shop/backend:8080/TCP');
  assert.deepEqual(
    store.scan({ ...ALL, edge: edge.id }).flows.map((f) => f.id),
    [a.id],
  );
  assert.deepEqual(
    store.scan({ ...ALL, node: 'shop/backend' }).flows.map((f) => f.id),
    [a.id, b.id, c.id],
  );
  assert.deepEqual(
    store.scan({ ...ALL, node: 'reserved:world:api.stripe.com' }).flows.map((f) => f.id),
    [c.id],
  );
  assert.deepEqual(store.scan({ ...ALL, node: 'shop/nothing' }).flows, []);
  await store.close();
});
