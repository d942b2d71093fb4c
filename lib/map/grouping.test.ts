import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildVisGraph, groupNodeId, groupOfNodeId, mapNamespaces, nodeCounts } from './grouping';
import { edge, node, serviceMap } from '@/testing/map-fixtures';

const FE = 'shop/frontend';
const BE = 'shop/backend';
const LEDGER = 'payments/ledger';
const WORLD = 'reserved:world:api.stripe.com';

function demo() {
  return serviceMap(
    [
      node(FE, { counts: { out: 10, in: 3 } }),
      node(BE, { counts: { out: 7, in: 10 } }),
      node(LEDGER, { counts: { out: 0, in: 6 } }),
      node(WORLD, { dnsName: 'api.stripe.com', counts: { out: 0, in: 2 } }),
    ],
    [
      edge(FE, BE, { forwarded: 8, dropped: 2 }, { dropReasons: { POLICY_DENIED: 2 } }),
      edge(BE, FE, { replies: 3 }, { port: 41000 }),
      edge(BE, FE, { replies: 2 }, { port: 41001 }),
      edge(FE, LEDGER, { dropped: 1 }, { port: 5432 }),
      edge(BE, LEDGER, { forwarded: 5 }, { port: 5432 }),
      edge(BE, WORLD, { forwarded: 2 }, { port: 443 }),
    ],
  );
}

test('namespaces come from workloads only, sorted', () => {
  assert.deepEqual(mapNamespaces(demo()), ['payments', 'shop']);
});

test('group ids round-trip and never look like node ids', () => {
  assert.equal(groupOfNodeId(groupNodeId('shop')), 'shop');
  assert.equal(groupOfNodeId('shop/backend'), undefined);
  assert.equal(groupOfNodeId('reserved:host'), undefined);
});

test('expanded: one link per directed pair, reply-only edges fold into the request link', () => {
  const g = buildVisGraph(demo(), new Set());
  assert.deepEqual(g.nodes.map((n) => n.id).sort(), [BE, FE, LEDGER, WORLD].sort());
  const ids = g.links.map((l) => l.id).sort();
  assert.deepEqual(
    ids,
    [`${BE}>${LEDGER}`, `${BE}>${WORLD}`, `${FE}>${BE}`, `${FE}>${LEDGER}`].sort(),
  );
  const feBe = g.links.find((l) => l.id === `${FE}>${BE}`);
  assert.equal(feBe?.counts.forwarded, 8);
  assert.equal(feBe?.counts.replies, 5);
  assert.deepEqual(feBe?.edgeIds, [`${FE}>${BE}:8080/TCP`]);
  assert.deepEqual(feBe?.dropReasons, { POLICY_DENIED: 2 });
  assert.equal(g.nodes.find((n) => n.id === WORLD)?.label, 'api.stripe.com');
  assert.deepEqual(
    g.groups.map((x) => [x.namespace, x.collapsed, x.members.length]),
    [
      ['payments', false, 1],
      ['shop', false, 2],
    ],
  );
});

test('collapsing a namespace merges its workloads and sums the edges to others', () => {
  const g = buildVisGraph(demo(), new Set(['shop']));
  const shop = groupNodeId('shop');
  assert.deepEqual(g.nodes.map((n) => n.id).sort(), [LEDGER, WORLD, shop].sort());
  const group = g.nodes.find((n) => n.id === shop);
  assert.equal(group?.kind, 'group');
  assert.equal(group?.members, 2);
  assert.equal(group?.traffic, 30);
  const toLedger = g.links.find((l) => l.id === `${shop}>${LEDGER}`);
  assert.equal(toLedger?.counts.forwarded, 5);
  assert.equal(toLedger?.counts.dropped, 1);
  // By volume: backend's 5 forwarded before frontend's 1 drop.
  assert.deepEqual(toLedger?.edgeIds, [`${BE}>${LEDGER}:5432/TCP`, `${FE}>${LEDGER}:5432/TCP`]);
  assert.deepEqual(toLedger?.ports, ['5432/TCP']);
  // frontend <-> backend is now inside the group: no self-link.
  assert.ok(!g.links.some((l) => l.source === l.target));
  assert.equal(g.groups.find((x) => x.namespace === 'shop')?.collapsed, true);
});

test('expanding again restores the same graph', () => {
  const map = demo();
  const before = buildVisGraph(map, new Set());
  buildVisGraph(map, new Set(['shop', 'payments']));
  assert.deepEqual(buildVisGraph(map, new Set()), before);
});

test('reply-only edges without a request link keep a link of their own', () => {
  const map = serviceMap([node(FE), node(BE)], [edge(BE, FE, { replies: 4 }, { port: 40000 })]);
  const g = buildVisGraph(map, new Set());
  assert.equal(g.links.length, 1);
  assert.equal(g.links[0]?.counts.replies, 4);
  assert.deepEqual(g.links[0]?.edgeIds, []);
});

test('node counts sum the links in and out of a node', () => {
  const g = buildVisGraph(demo(), new Set());
  const c = nodeCounts(g, BE);
  assert.equal(c.forwarded, 8 + 5 + 2);
  assert.equal(c.dropped, 2);
});
