import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowRecord } from '@/lib/api/flow-record';
import { testDns } from '@/testing/flow-record';
import { openFlowStore, type FlowStore } from '@/server/store/flow-store';
import { flow, pod, reserved, T0 } from '@/testing/aggregate-flows';

const LIMITS = { maxFlows: 100_000, maxBytes: 2 ** 40, maxAgeMs: 86_400_000 };
const HOUR = { from: T0, to: T0 + 3_600_000 };

async function storeWith(flows: FlowRecord[]): Promise<FlowStore> {
  const s = await openFlowStore({ limits: LIMITS });
  for (const f of flows) s.append(f);
  return s;
}

const POLICY = {
  name: 'deny-db',
  namespace: 'shop',
  kind: 'CiliumNetworkPolicy',
  revision: '1',
  labels: [],
};

function deniedPair(offset: number): [FlowRecord, FlowRecord] {
  const common = { verdict: 'DROPPED', dropReason: 'POLICY_DENY', ts: T0 + offset };
  const verdictEvent = flow({ ...common, eventType: 5, egressDeniedBy: [POLICY] });
  const dropEvent = flow({ ...common, eventType: 1, eventSubType: 181, ts: T0 + offset + 1 });
  return [verdictEvent, dropEvent];
}

test('a policy verdict and its drop count once, in either arrival order', async () => {
  for (const order of ['verdict-first', 'drop-first']) {
    const [v, d] = deniedPair(1000);
    const s = await storeWith(order === 'verdict-first' ? [v, d] : [d, v]);
    const map = s.serviceMap(HOUR);
    assert.equal(map.totals.dropped, 1, order);
    assert.deepEqual(map.edges[0]?.dropReasons, { POLICY_DENY: 1 });
    const tl = s.timeline({ ...HOUR, breakdown: 'policy' });
    assert.deepEqual(Object.keys(tl.drops), ['CiliumNetworkPolicy/shop/deny-db'], order);
  }
});

test('drops far apart in time are not paired', async () => {
  const [v] = deniedPair(0);
  const [, d] = deniedPair(5000);
  const s = await storeWith([v, d]);
  assert.equal(s.serviceMap(HOUR).totals.dropped, 2);
});

test('default-deny drops with no policy named are attributed to default-deny', async () => {
  const s = await storeWith([
    flow({ verdict: 'DROPPED', dropReason: 'POLICY_DENIED', eventType: 1 }),
  ]);
  assert.deepEqual(Object.keys(s.timeline({ ...HOUR, breakdown: 'policy' }).drops), [
    'default-deny',
  ]);
  assert.deepEqual(Object.keys(s.timeline(HOUR).drops), ['POLICY_DENIED']);
});

test('a flow at exactly `from` is in, at `to` is out', async () => {
  const s = await storeWith([flow({ ts: HOUR.from }), flow({ ts: HOUR.to })]);
  assert.equal(s.serviceMap(HOUR).totals.flows, 1);
  assert.equal(s.serviceMap({ from: HOUR.to, to: HOUR.to + 1 }).totals.flows, 1);
});

test('replies count apart from their verdict; edges follow the flow direction', async () => {
  const s = await storeWith([flow(), flow({ isReply: true })]);
  const [edge] = s.serviceMap(HOUR).edges;
  assert.equal(edge?.counts.forwarded, 1);
  assert.equal(edge?.counts.replies, 1);
  assert.equal(edge?.source, 'shop/frontend');
});

test("a dropped reply is a drop on its connection's edge, counted once as on the timeline", async () => {
  const client = pod('shop', 'frontend-7d4b9c6f5d-x7k2p', { ip: '10.0.1.1', port: 40000 });
  const server = pod('shop', 'backend-5f6d8b7c9d-q9w4z', { ip: '10.0.1.2', port: 8080 });
  const reply = { isReply: true, source: server, destination: client };
  const s = await storeWith([
    flow({ source: client, destination: server }),
    flow({ ...reply, ts: T0 + 1 }),
    flow({ ...reply, ts: T0 + 2, verdict: 'DROPPED', dropReason: 'POLICY_DENIED' }),
  ]);
  const map = s.serviceMap(HOUR);
  const conn = map.edges.find((e) => e.source === 'shop/frontend' && e.port === 8080);
  assert.deepEqual(
    [conn?.target, conn?.counts.forwarded, conn?.counts.dropped, conn?.counts.replies],
    ['shop/backend', 1, 1, 0],
  );
  assert.deepEqual(conn?.dropReasons, { POLICY_DENIED: 1 });
  const back = map.edges.find((e) => e.source === 'shop/backend');
  assert.deepEqual([back?.counts.replies, back?.counts.dropped], [1, 0]);
  assert.equal(map.totals.dropped, 1);
  const tl = s.timeline(HOUR);
  assert.equal(
    Object.values(tl.drops).reduce((a, n) => a + n.reduce((x, y) => x + y, 0), 0),
    map.totals.dropped,
    'the timeline counts the same drop',
  );
});

test('host, world and kube-dns all appear unless excluded', async () => {
  const dns = pod('kube-system', 'coredns-5d78c9869d-4kx8q', {
    labels: ['k8s:k8s-app=kube-dns'],
    port: 53,
  });
  const s = await storeWith([
    flow({ source: reserved(1, 'reserved:host'), protocol: 'UDP' }),
    flow({ destination: { ...dns } }),
    flow({ destination: reserved(2, 'reserved:world', { names: ['api.stripe.com'], port: 443 }) }),
  ]);
  const ids = s.serviceMap(HOUR).nodes.map((n) => n.id);
  assert.ok(ids.includes('reserved:host'));
  assert.ok(ids.includes('kube-system/kube-dns'));
  assert.ok(ids.includes('reserved:world:api.stripe.com'));
  const without = s.serviceMap({ ...HOUR, excludeReserved: ['host', 'world'] });
  assert.deepEqual(
    without.nodes.map((n) => n.id),
    ['kube-system/kube-dns', 'shop/frontend'],
  );
});

test('filters: namespaces, verdicts, selector, node id, port, protocol', async () => {
  const other = pod('pay', 'ledger-0', { labels: ['k8s:app=ledger'], port: 5432 });
  const s = await storeWith([
    flow(),
    flow({ destination: other }),
    flow({ verdict: 'DROPPED', dropReason: 'POLICY_DENIED', eventType: 1 }),
  ]);
  const count = (q: object): number => s.serviceMap({ ...HOUR, ...q }).totals.flows;
  assert.equal(count({ namespaces: ['pay'] }), 1);
  assert.equal(count({ namespaces: ['shop', 'pay'] }), 3);
  assert.equal(count({ verdicts: ['DROPPED'] }), 1);
  assert.equal(count({ selector: 'k8s:app=ledger' }), 1);
  assert.equal(count({ selector: 'pay/ledger' }), 1);
  assert.equal(count({ port: 5432 }), 1);
  assert.equal(count({ protocol: 'udp' }), 0);
  assert.equal(count({ selector: '!!bad' }), 0);
});

test('L7 summary: methods, status classes, top normalised paths, DNS names', async () => {
  const http = (url: string, code: number, method = 'GET'): FlowRecord =>
    flow({
      type: 'L7',
      eventType: 129,
      l7: {
        type: code ? 'RESPONSE' : 'REQUEST',
        latencyNs: '0',
        http: { code, method, url, protocol: 'HTTP/1.1', headers: [] },
      },
    });
  const dnsQuery = flow({
    l7: { type: 'REQUEST', latencyNs: '0', dns: testDns('db.shop.svc.cluster.local.') },
  });
  const s = await storeWith([
    http('/orders/1', 0),
    http('/orders/2', 0),
    http('/cart', 0, 'POST'),
    http('/orders/1', 200),
    http('/orders/2', 503),
    dnsQuery,
  ]);
  const { l7 } = s.serviceMap(HOUR).edges[0]!;
  assert.deepEqual(l7.httpMethods, { GET: 2, POST: 1 });
  assert.deepEqual(l7.httpStatus, { '2xx': 1, '5xx': 1 });
  assert.deepEqual(l7.httpPaths, [
    { path: '/orders/:id', count: 2 },
    { path: '/cart', count: 1 },
  ]);
  assert.deepEqual(l7.dnsQueries, [{ query: 'db.shop.svc.cluster.local', count: 1 }]);
});

test('series are sparse rows per bucket when asked for', async () => {
  const s = await storeWith([flow({ ts: T0 + 1000 }), flow({ ts: T0 + 95_000 })]);
  const map = s.serviceMap({ ...HOUR, series: true });
  assert.equal(map.bucketMs, 30_000);
  assert.deepEqual(map.edges[0]?.series, [
    [0, 1, 0, 0, 0, 0, 0],
    [3, 1, 0, 0, 0, 0, 0],
  ]);
  assert.equal(s.serviceMap(HOUR).edges[0]?.series, undefined);
  const tl = s.timeline(HOUR);
  assert.equal(tl.verdicts.forwarded[3], 1);
  assert.equal(tl.times[1], T0 + 30_000);
});
