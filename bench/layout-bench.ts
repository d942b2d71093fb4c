// How readable the map's layout is, and what it costs: on the synthetic cluster of the
// render bench at 20 and at 2,000 workloads (every namespace expanded), the overlapping
// label pairs, labels over another node and nodes over each other in the drawn scene, and
// the layout time. Run alone: npx tsx bench/layout-bench.ts
import { buildVisGraph } from '@/lib/map/grouping';
import { layoutGraph, layoutInput } from '@/lib/map/layout';
import { countOverlaps } from '@/lib/map/overlaps';
import { buildScene } from '@/components/map/map-scene';
import { syntheticMap } from './map-render-bench';

function measure(workloads: number, namespaces: number, edges: number) {
  const map = syntheticMap(Date.now(), { workloads, namespaces, edges });
  const graph = buildVisGraph(map, new Set());
  const start = performance.now();
  const layout = layoutGraph({
    ...layoutInput(graph),
    known: { nodes: new Map(), groups: new Map() },
  });
  const ms = performance.now() - start;
  const scene = buildScene(graph, layout);
  const overlaps = countOverlaps(
    scene.nodes.map((n) => ({
      id: n.id,
      x: n.x,
      y: n.y,
      r: n.r,
      ...(n.vis.kind === 'group' ? {} : { label: n.vis.label }),
    })),
  );
  return { ms, overlaps };
}

export function benchLayout(): Record<string, number> {
  const small = measure(20, 4, 40);
  const large = measure(2000, 40, 10_000);
  return {
    layout_label_overlaps_20: small.overlaps.labelLabel,
    layout_label_over_node_20: small.overlaps.labelNode,
    layout_node_overlaps_20: small.overlaps.nodeNode,
    layout_label_overlaps_2000: large.overlaps.labelLabel,
    layout_label_over_node_2000: large.overlaps.labelNode,
    layout_node_overlaps_2000: large.overlaps.nodeNode,
    layout_ms_2000: Math.round(large.ms),
  };
}

if (require.main === module) {
  console.log(JSON.stringify(benchLayout(), null, 2));
}
