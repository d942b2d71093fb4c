import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildMapSvg } from '@/lib/map/export';
import { buildVisGraph } from '@/lib/map/grouping';
import { layoutGraph, layoutInput, type LayoutState } from '@/lib/map/layout';
import { edge, node, serviceMap } from '@/testing/map-fixtures';
import type { TimeWindow } from '@/lib/time-window/time-window';
import { exportFileName, exportModel, exportOptions, pngScale, windowLabel } from './export-model';
import { buildScene } from './map-scene';

const EVIL = '<script>alert(1)</script>';

function setup(collapsed = new Set<string>()) {
  const map = serviceMap(
    [node('shop/frontend'), node('shop/backend'), node(`payments/${EVIL}`)],
    [
      edge('shop/frontend', 'shop/backend', { forwarded: 100 }),
      edge('shop/backend', `payments/${EVIL}`, { dropped: 5, audit: 1 }, { port: 5432 }),
    ],
  );
  const graph = buildVisGraph(map, collapsed);
  const known: LayoutState = { nodes: new Map(), groups: new Map() };
  const scene = buildScene(graph, layoutGraph({ ...layoutInput(graph), known }));
  return { map, graph, scene };
}

const count = (svg: string, cls: string) => svg.split(`class="${cls}"`).length - 1;
const WINDOW = { kind: 'relative', last: '15m', ms: 900_000 } as const;

test('the export draws the scene: its nodes, links, namespaces, colours and widths', () => {
  const { map, graph, scene } = setup();
  const model = exportModel(scene);
  const counts = { nodes: graph.nodes.length, links: graph.links.length };
  const svg = buildMapSvg(model, exportOptions(map, counts, WINDOW));
  assert.equal(count(svg, 'fs-node'), scene.nodes.length);
  assert.equal(count(svg, 'fs-link'), scene.links.length);
  assert.equal(count(svg, 'fs-group'), scene.groups.length);
  for (const l of scene.links) assert.ok(svg.includes(`stroke="${l.colour}"`), l.colour);
  assert.ok(!svg.includes('<script'));
  assert.ok(svg.includes('&lt;script&gt;'));
  assert.match(svg, /last 15m · 3 nodes · 2 links · 106 flows · 100 forwarded · 5 dropped/);
  assert.match(svg, /1 audit\/error\/other/);
});

test('collapsed namespaces export as one node with their member count', () => {
  const { scene } = setup(new Set(['shop']));
  const model = exportModel(scene);
  const group = model.nodes.find((n) => n.kind === 'group');
  assert.equal(group?.members, 2);
  const svg = buildMapSvg(model, exportOptions(serviceMap([], []), { nodes: 2, links: 1 }, WINDOW));
  assert.equal(count(svg, 'fs-area'), 1, 'only payments keeps its area');
  assert.match(svg, />shop \(2\)</);
});

test('file names carry the window and are safe on any filesystem', () => {
  assert.equal(exportFileName(WINDOW, 'svg'), 'flowscope-map-15m.svg');
  const abs: TimeWindow = {
    kind: 'absolute',
    from: Date.UTC(2026, 0, 2, 10),
    to: Date.UTC(2026, 0, 2, 11),
  };
  assert.equal(exportFileName(abs, 'png'), 'flowscope-map-20260102T100000Z-20260102T110000Z.png');
  assert.equal(windowLabel(abs), '2026-01-02T10:00:00Z – 2026-01-02T11:00:00Z');
  assert.equal(windowLabel(WINDOW), 'last 15m');
});

test('the PNG is 2× unless the map is too large for one canvas', () => {
  assert.equal(pngScale(1200, 800), 2);
  const huge = pngScale(30_000, 20_000);
  assert.ok(huge < 1);
  assert.ok(30_000 * huge <= 16_384 && 30_000 * 20_000 * huge * huge <= 100_000_001);
});
