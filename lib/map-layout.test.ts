import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  countNew,
  groupRadius,
  layoutGraph,
  layoutInput,
  mergeLayout,
  shapeKey,
  type LayoutRequest,
  type LayoutState,
} from './map-layout';
import { buildVisGraph, groupNodeId } from './map-grouping';
import { seededRandom } from './seeded-random';
import { edge, node, serviceMap } from './map-test-fixtures';

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
  return { ...layoutInput(buildVisGraph(demoMap(ids), collapsed)), known, seed: 7 };
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

test('every node gets a finite position near its namespace centre', () => {
  const out = layoutGraph(request());
  for (const id of ['shop/frontend', 'shop/backend']) {
    const p = out.nodes.get(id);
    const c = out.groups.get('shop');
    assert.ok(p && c && Number.isFinite(p.x) && Number.isFinite(p.y));
    assert.ok(Math.hypot(p.x - c.x, p.y - c.y) < groupRadius(2) * 1.5, id);
  }
  assert.ok(out.groups.has(''), 'reserved identities get an area of their own');
});

test('namespace areas do not overlap', () => {
  const out = layoutGraph(request());
  const shop = out.groups.get('shop');
  const payments = out.groups.get('payments');
  assert.ok(shop && payments);
  const d = Math.hypot(shop.x - payments.x, shop.y - payments.y);
  assert.ok(d >= (groupRadius(2) + groupRadius(1)) * 0.9, `centres ${d} apart`);
});

test('known nodes stay put; only new nodes move, and they land by their namespace', () => {
  const first = layoutGraph(request());
  const second = layoutGraph(request(['shop/cart'], first));
  for (const [id, p] of first.nodes) assert.deepEqual(second.nodes.get(id), p, id);
  const cart = second.nodes.get('shop/cart');
  const shop = second.groups.get('shop');
  assert.ok(cart && shop);
  assert.ok(Math.hypot(cart.x - shop.x, cart.y - shop.y) < groupRadius(3) * 1.5);
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
