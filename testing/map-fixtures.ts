// Small builders of service-map shapes for the unit tests beside the map modules.
import type { MapEdge, MapNode, ServiceMap } from '@/lib/api/aggregate';
import { emptyCounts, emptyL7, verdictTotal, type EdgeCounts } from '@/lib/map/merge';

export function node(id: string, extra: Partial<MapNode> = {}): MapNode {
  const slash = id.indexOf('/');
  const reserved = id.startsWith('reserved:');
  return {
    id,
    kind: reserved ? 'reserved' : 'workload',
    namespace: reserved || slash < 0 ? '' : id.slice(0, slash),
    name: reserved ? (id.split(':')[1] ?? id) : id.slice(slash + 1),
    labels: [],
    counts: { out: 0, in: 0 },
    ...extra,
  };
}

export function edge(
  source: string,
  target: string,
  counts: Partial<EdgeCounts> = {},
  extra: Partial<MapEdge> = {},
): MapEdge {
  const port = extra.port ?? 8080;
  const protocol = extra.protocol ?? 'TCP';
  return {
    id: `${source}>${target}:${port}/${protocol}`,
    source,
    target,
    port,
    protocol,
    counts: { ...emptyCounts(), ...counts },
    dropReasons: {},
    l7: emptyL7(),
    firstSeen: 1000,
    lastSeen: 2000,
    ...extra,
  };
}

export function serviceMap(
  nodes: MapNode[],
  edges: MapEdge[],
  window = { from: 0, to: 10_000 },
): ServiceMap {
  const totals = { ...emptyCounts(), flows: 0 };
  for (const e of edges) {
    for (const k of Object.keys(e.counts) as (keyof EdgeCounts)[]) totals[k] += e.counts[k];
    totals.flows += verdictTotal(e.counts) + e.counts.replies;
  }
  return { window, bucketMs: 10_000, buckets: 1, nodes, edges, totals };
}
