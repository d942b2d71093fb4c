// Every read a restricted viewer can make (flow list, map, timeline, live stream) leaves out
// flows with neither end in the viewer's namespaces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EMPTY_QUERY } from '@/server/filter/filter-types';
import type { LiveEvent } from '@/lib/api/types';
import { openFlowStore } from '@/server/store/flow-store';
import { LiveHub } from '@/server/live/live-hub';
import { T0, flow, pod, reserved } from '@/testing/aggregate-flows';
import { scopedReader } from './scoped-reader';

const LIMITS = { maxFlows: 100_000, maxBytes: 1 << 30, maxAgeMs: 86_400_000 };
const WINDOW = { from: T0 - 1000, to: T0 + 60_000 };

const flows = [
  flow({ ts: T0, source: pod('shop', 'frontend-1'), destination: pod('shop', 'backend-1') }),
  flow({ ts: T0 + 1, source: pod('shop', 'backend-1'), destination: pod('payments', 'api-1') }),
  flow({
    ts: T0 + 2,
    verdict: 'DROPPED',
    dropReason: 'POLICY_DENIED',
    source: pod('payments', 'api-1'),
    destination: pod('vault', 'vault-0'),
  }),
  flow({
    ts: T0 + 3,
    source: reserved(2, 'reserved:world'),
    destination: pod('shop', 'frontend-1'),
  }),
  flow({
    ts: T0 + 4,
    source: reserved(1, 'reserved:host'),
    destination: pod('kube-system', 'dns-1'),
  }),
];

const namespacesOf = (ids: string[]) =>
  ids.map((id) => {
    const f = flows.find((x) => x.id === id)!;
    return `${f.source.namespace || f.source.labels[0]}>${f.destination.namespace}`;
  });

test('flow list, map and timeline show a scoped viewer only flows touching its namespaces', async () => {
  const store = await openFlowStore({ limits: LIMITS });
  for (const f of flows) store.append(f);

  const shop = scopedReader(store, ['shop']);
  const list = shop.scan({ ...WINDOW, order: 'oldest', limit: 100 });
  assert.deepEqual(namespacesOf(list.flows.map((f) => f.id)), [
    'shop>shop',
    'shop>payments',
    'reserved:world>shop',
  ]);
  // The user's own namespace filter narrows inside the scope, never widens it.
  const filtered = shop.scan({
    ...WINDOW,
    namespaces: ['vault', 'payments'],
    order: 'oldest',
    limit: 100,
  });
  assert.deepEqual(namespacesOf(filtered.flows.map((f) => f.id)), ['shop>payments']);
  // A caller's own scope cannot widen the viewer's.
  assert.equal(
    shop.scan({ ...WINDOW, scope: ['vault'], order: 'oldest', limit: 100 }).flows.length,
    3,
  );
  assert.equal(
    scopedReader(store, []).scan({ ...WINDOW, order: 'oldest', limit: 100 }).flows.length,
    0,
  );
  assert.equal(store.scan({ ...WINDOW, order: 'oldest', limit: 100 }).flows.length, 5);

  const map = shop.serviceMap(WINDOW);
  const nodeIds = map.nodes.map((n) => n.id).sort();
  assert.ok(
    !nodeIds.some((id) => id.startsWith('vault/') || id.startsWith('kube-system/')),
    nodeIds.join(),
  );
  assert.ok(
    nodeIds.some((id) => id.startsWith('payments/')),
    'the peer of a shop flow is shown',
  );
  assert.equal(map.totals.flows, 3);
  assert.equal(map.totals.dropped, 0, 'the payments>vault drop is not counted');

  const timeline = scopedReader(store, ['payments']).timeline(WINDOW);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  assert.equal(sum(timeline.verdicts.dropped), 1);
  assert.equal(sum(timeline.verdicts.forwarded), 1);
  assert.equal(sum(shop.timeline(WINDOW).verdicts.dropped), 0);

  // One flow by id: outside the scope it reads as absent.
  assert.equal(shop.get(flows[1]!.id)?.id, flows[1]!.id);
  assert.equal(shop.get(flows[2]!.id), undefined);
  assert.equal(scopedReader(store, undefined).get(flows[2]!.id)?.id, flows[2]!.id);
  await store.close();
});

test('the live stream never queues a flow outside the subscriber scope', () => {
  const hub = new LiveHub({ clientBufferFlows: 100 });
  const got: LiveEvent[] = [];
  hub.subscribe(
    EMPTY_QUERY,
    { ready: () => true, write: (e) => got.push(e), heartbeat() {}, close() {} },
    ['payments'],
  );
  for (const f of flows) hub.publish(f);
  hub.flush();
  hub.close();
  const ids = got.flatMap((e) => (e.kind === 'flows' ? e.flows.map((f) => f.id) : []));
  assert.deepEqual(namespacesOf(ids), ['shop>payments', 'payments>vault']);
});
