// The one reducer the live map stream goes through: adds a delta (the map of the flows that
// arrived since the previous one) to the map in the TanStack Query cache. Pure, and it
// returns the same object when the delta adds nothing, so an idle stream renders nothing.
import type { MapNode, ServiceMap } from '@/lib/api/aggregate';
import { addCounts, mergeEdge } from './merge';

function isEmpty(delta: ServiceMap): boolean {
  return delta.totals.flows === 0 && delta.edges.length === 0 && delta.nodes.length === 0;
}

function mergeNodes(nodes: readonly MapNode[], added: readonly MapNode[]): MapNode[] {
  const index = new Map<string, number>();
  nodes.forEach((n, i) => index.set(n.id, i));
  const out = nodes.slice();
  for (const d of added) {
    const i = index.get(d.id);
    const current = i === undefined ? undefined : out[i];
    if (i === undefined || current === undefined) {
      index.set(d.id, out.length);
      out.push(d);
      continue;
    }
    // Labels stay as first seen: they only serve selection and the tooltip.
    out[i] = {
      ...current,
      counts: { out: current.counts.out + d.counts.out, in: current.counts.in + d.counts.in },
    };
  }
  return out;
}

/**
 * `map` with `delta` added: counts summed, L7 top lists merged and re-capped, first/last
 * seen widened, new nodes and edges appended, and the window extended to the delta's end.
 * Unchanged nodes and edges keep their identity. Series are left as they are: live deltas
 * carry none, and the periodic full refetch brings them back up to date.
 */
export function applyMapDelta(map: ServiceMap, delta: ServiceMap): ServiceMap {
  if (isEmpty(delta)) return map;
  const edgeIndex = new Map<string, number>();
  map.edges.forEach((e, i) => edgeIndex.set(e.id, i));
  const edges = map.edges.slice();
  for (const d of delta.edges) {
    const i = edgeIndex.get(d.id);
    const current = i === undefined ? undefined : edges[i];
    if (i === undefined || current === undefined) {
      edgeIndex.set(d.id, edges.length);
      const added = { ...d };
      delete added.series;
      edges.push(added);
    } else {
      edges[i] = mergeEdge(current, d);
    }
  }
  const { flows: mapFlows, ...mapCounts } = map.totals;
  const { flows: deltaFlows, ...deltaCounts } = delta.totals;
  return {
    ...map,
    window: { from: map.window.from, to: Math.max(map.window.to, delta.window.to) },
    nodes: mergeNodes(map.nodes, delta.nodes),
    edges,
    totals: { ...addCounts(mapCounts, deltaCounts), flows: mapFlows + deltaFlows },
  };
}
