import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildScene, sceneMode } from './map-scene';
import { buildVisGraph } from '@/lib/map/grouping';
import { BOX_TITLE, layoutGraph, layoutInput, type LayoutState } from '@/lib/map/layout';
import { edge, node, serviceMap } from '@/testing/map-fixtures';
import { COVERAGE_COLOURS } from '@/lib/map/coverage-colour';

function scene(collapsed = new Set<string>()) {
  const map = serviceMap(
    [node('shop/frontend'), node('shop/backend'), node('payments/ledger')],
    [
      edge('shop/frontend', 'shop/backend', { forwarded: 100 }),
      edge('shop/backend', 'shop/frontend', { forwarded: 1 }, { port: 9090 }),
      edge('shop/backend', 'payments/ledger', { dropped: 5 }, { port: 5432 }),
    ],
  );
  const graph = buildVisGraph(map, collapsed);
  const known: LayoutState = { nodes: new Map(), groups: new Map() };
  const layout = layoutGraph({ ...layoutInput(graph), known });
  return buildScene(graph, layout);
}

test('every node and link is placed; links both ways are drawn apart', () => {
  const s = scene();
  assert.equal(s.nodes.length, 3);
  assert.equal(s.links.length, 3);
  const ab = s.links.find((l) => l.id === 'shop/frontend>shop/backend');
  const ba = s.links.find((l) => l.id === 'shop/backend>shop/frontend');
  assert.ok(ab && ba);
  const mid = (l: typeof ab) => [(l.x1 + l.x2) / 2, (l.y1 + l.y2) / 2];
  const [ax, ay] = mid(ab);
  const [bx, by] = mid(ba);
  assert.ok(Math.hypot(ax! - bx!, ay! - by!) > 2);
  assert.ok(ab.width > ba.width, 'the busier link is wider');
  assert.equal(sceneMode(s), 'svg');
});

test('the arrowhead tip sits on the target rim, past the line end', () => {
  const s = scene();
  const l = s.links.find((x) => x.id === 'shop/backend>payments/ledger');
  const t = s.nodes.find((n) => n.id === 'payments/ledger');
  assert.ok(l && t);
  const tip = Math.hypot(l.arrow[0] - t.x, l.arrow[1] - t.y);
  assert.ok(Math.abs(tip - (t.r + 1)) < 0.01);
  assert.ok(Math.hypot(l.x2 - t.x, l.y2 - t.y) > tip);
});

test('namespace areas contain their nodes; a collapsed namespace is its node', () => {
  const s = scene();
  const shop = s.groups.find((g) => g.namespace === 'shop');
  assert.ok(shop);
  for (const n of s.nodes.filter((x) => x.vis.namespace === 'shop')) {
    // The node and its label's line are inside the box, under the title band.
    assert.ok(n.x - n.r >= shop.box.x0 && n.x + n.r <= shop.box.x1, n.id);
    assert.ok(n.y - n.r >= shop.box.y0 + BOX_TITLE && n.y + n.r + 24 <= shop.box.y1, n.id);
  }
  const collapsed = scene(new Set(['shop']));
  assert.equal(collapsed.groups.find((g) => g.namespace === 'shop')?.collapsed, true);
  const node = collapsed.nodes.find((n) => n.id === 'ns:shop');
  assert.ok(node);
  assert.deepEqual(collapsed.groups.find((g) => g.namespace === 'shop')?.box, {
    x0: node.x - node.r,
    y0: node.y - node.r,
    x1: node.x + node.r,
    y1: node.y + node.r,
  });
});

test('coloured by coverage, each workload takes its state’s fill; namespaces keep theirs', () => {
  const map = serviceMap(
    [node('shop/frontend'), node('payments/ledger'), node('default/debug-shell')],
    [edge('shop/frontend', 'payments/ledger', { forwarded: 3 })],
  );
  const graph = buildVisGraph(map, new Set(['default']));
  const layout = layoutGraph({
    ...layoutInput(graph),
    known: { nodes: new Map(), groups: new Map() },
  });
  const states = new Map([
    ['shop/frontend', 'protected' as const],
    ['payments/ledger', 'one-way' as const],
    ['default/debug-shell', 'open' as const],
  ]);
  const s = buildScene(graph, layout, 'share', states);
  const byId = new Map(s.nodes.map((n) => [n.id, n]));
  assert.equal(byId.get('shop/frontend')?.fill, COVERAGE_COLOURS.protected);
  assert.equal(byId.get('payments/ledger')?.coverage, 'one-way');
  assert.equal(byId.get('payments/ledger')?.fill, COVERAGE_COLOURS['one-way']);
  // The collapsed namespace is a group node, drawn as a namespace, not as a workload.
  const group = s.nodes.find((n) => n.vis.kind === 'group');
  assert.ok(group);
  assert.equal(group.fill, undefined);
  // Without states, nothing is coloured by coverage.
  assert.ok(buildScene(graph, layout).nodes.every((n) => n.fill === undefined));
});
