import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  countNew,
  groupBox,
  layoutGraph,
  layoutInput,
  mergeLayout,
  shapeKey,
  type LayoutRequest,
  type LayoutState,
} from './layout';
import { buildVisGraph, groupNodeId } from './grouping';
import { seededRandom } from '@/lib/seeded-random';
import { edge, node, serviceMap } from '@/testing/map-fixtures';
import { countOverlaps } from './overlaps';

const empty = (): LayoutState => ({ nodes: new Map(), groups: new Map() });

function demoMap(extra: string[] = []) {
  const ids = ['shop/frontend', 'shop/backend', 'payments/ledger', 'reserved:host', ...extra];
  return serviceMap(
    ids.map((id) => node(id, { counts: { out: 10, in: 10 } })),
    [
      edge('shop/frontend', 'shop/backend', { forwarded: 10 }),
      edge('shop/backend', 'payments/ledger', { forwarded: 4 }),
      edge('reserved:host', 'shop/backend', { forwarded: 1 }),
    ],
  );
}

function request(
  ids: string[] = [],
  known = empty(),
  collapsed = new Set<string>(),
): LayoutRequest {
  return { ...layoutInput(buildVisGraph(demoMap(ids), collapsed)), known };
}

test('the seeded random source repeats itself', () => {
  const a = seededRandom(42);
  const b = seededRandom(42);
  assert.deepEqual([a(), a(), a()], [b(), b(), b()]);
  assert.notEqual(seededRandom(1)(), seededRandom(2)());
});

test('the same request and seed give the same layout', () => {
  const one = layoutGraph(request());
  const two = layoutGraph(request());
  assert.deepEqual([...one.nodes], [...two.nodes]);
  assert.deepEqual([...one.groups], [...two.groups]);
});

function boxOf(out: LayoutState, key: string, size: number) {
  const c = out.groups.get(key);
  assert.ok(c, key);
  return groupBox(size, c);
}

const inside = (p: { x: number; y: number }, b: ReturnType<typeof groupBox>) =>
  p.x > b.x0 && p.x < b.x1 && p.y > b.y0 && p.y < b.y1;

test('every node gets a finite position inside its namespace box', () => {
  const out = layoutGraph(request());
  const shop = boxOf(out, 'shop', 2);
  for (const id of ['shop/frontend', 'shop/backend']) {
    const p = out.nodes.get(id);
    assert.ok(p && Number.isFinite(p.x) && Number.isFinite(p.y));
    assert.ok(inside(p, shop), id);
  }
  assert.ok(out.groups.has(''), 'reserved identities get a box of their own');
  assert.ok(inside(out.nodes.get('reserved:host')!, boxOf(out, '', 1)));
});

test('namespace boxes do not overlap', () => {
  const out = layoutGraph(request());
  const boxes = [boxOf(out, 'shop', 2), boxOf(out, 'payments', 1), boxOf(out, '', 1)];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i]!, boxes[j]!];
      const meet = a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
      assert.equal(meet, false, `boxes ${i} and ${j}`);
    }
  }
});

test('known nodes stay put; a new node takes a free cell of its namespace', () => {
  const first = layoutGraph(request());
  const second = layoutGraph(request(['shop/cart'], first));
  for (const [id, p] of first.nodes) assert.deepEqual(second.nodes.get(id), p, id);
  for (const [key, p] of first.groups) assert.deepEqual(second.groups.get(key), p, key);
  const cart = second.nodes.get('shop/cart');
  assert.ok(cart);
  for (const [id, p] of first.nodes) assert.notDeepEqual(cart, p, `cart on ${id}`);
  assert.ok(inside(cart, boxOf(second, 'shop', 3)));
});

test('a namespace that appears later gets a box under those already placed', () => {
  const first = layoutGraph(request());
  const second = layoutGraph(request(['billing/invoices'], first));
  const billing = boxOf(second, 'billing', 1);
  for (const [key] of first.groups) {
    const size = key === 'shop' ? 2 : 1;
    assert.ok(billing.y0 >= boxOf(first, key, size).y1, key);
  }
});

test('a collapsed namespace sits at its centre and needs no layout work', () => {
  const first = layoutGraph(request());
  const req = request([], first, new Set(['shop']));
  assert.equal(countNew(req), 0);
  const out = layoutGraph(req);
  assert.deepEqual(out.nodes.get(groupNodeId('shop')), first.groups.get('shop'));
});

test('the shape key ignores counts but sees new nodes and links', () => {
  const a = shapeKey(request());
  assert.equal(shapeKey(request()), a);
  assert.notEqual(shapeKey(request(['shop/cart'])), a);
});

test('merging keeps earlier positions that the newer layout does not mention', () => {
  const a: LayoutState = { nodes: new Map([['x', { x: 1, y: 1 }]]), groups: new Map() };
  const b: LayoutState = { nodes: new Map([['y', { x: 2, y: 2 }]]), groups: new Map() };
  assert.deepEqual([...mergeLayout(a, b).nodes.keys()], ['x', 'y']);
});

/** A cluster of `workloads` with real-length names in `namespaces`, every one expanded. */
function cluster(workloads: number, namespaces: number): LayoutRequest {
  const names = [
    'checkout',
    'payment-gateway',
    'notification-worker',
    'a-very-long-workload-name-indeed',
  ];
  const ids: string[] = [];
  for (let i = 0; i < workloads; i++) {
    ids.push(`team-${i % namespaces}/${names[i % names.length]}-${i}`);
  }
  const map = serviceMap(
    ids.map((id) => node(id, { counts: { out: 1000, in: 1000 } })),
    ids.slice(1).map((id, i) => edge(ids[i]!, id, { forwarded: 5 })),
  );
  return { ...layoutInput(buildVisGraph(map, new Set())), known: empty() };
}

for (const [workloads, namespaces] of [
  [20, 4],
  [2000, 40],
] as const) {
  test(`at ${workloads} workloads no label covers a node or another label`, () => {
    const req = cluster(workloads, namespaces);
    const out = layoutGraph(req);
    const placed = req.nodes.map((n) => {
      const p = out.nodes.get(n.id)!;
      return { id: n.id, x: p.x, y: p.y, r: n.radius, label: n.id.split('/')[1]! };
    });
    assert.equal(placed.length, workloads);
    assert.deepEqual(countOverlaps(placed), { labelLabel: 0, labelNode: 0, nodeNode: 0 });
  });
}

test('the overlap count sees labels over labels and over nodes', () => {
  const a = { id: 'a', x: 0, y: 0, r: 10, label: 'payment-gateway' };
  // Side by side, 40 apart: the labels (about 100 wide) meet.
  assert.equal(countOverlaps([a, { ...a, id: 'b', x: 40 }]).labelLabel, 1);
  // A node drawn where a's label is.
  const under = countOverlaps([a, { id: 'c', x: 0, y: 28, r: 6 }]);
  assert.equal(under.labelNode, 1);
  // A cell apart: nothing meets.
  assert.deepEqual(countOverlaps([a, { ...a, id: 'd', x: 150 }]), {
    labelLabel: 0,
    labelNode: 0,
    nodeNode: 0,
  });
});
