// The node list and totals of a service map, derived from its edges.
import type { MapSource } from './map-source';
import { labelSummary } from './node-identity';
import { VERDICT_KEYS, type MapEdge, type MapNode, type ServiceMap } from './types';

function edgeTotal(e: MapEdge): number {
  return VERDICT_KEYS.reduce((s, k) => s + e.counts[k], e.counts.replies);
}

export function collectNodes(src: MapSource, edges: MapEdge[]): MapNode[] {
  const byId = new Map<string, MapNode>();
  for (const info of src.nodes) if (info) byIdInit(byId, info.id, () => info);
  const used = new Map<string, MapNode>();
  const touch = (id: string, dir: 'out' | 'in', n: number): void => {
    const node = used.get(id) ?? byId.get(id);
    if (!node) return;
    used.set(id, node);
    node.counts[dir] += n;
  };
  for (const e of edges) {
    const n = edgeTotal(e);
    touch(e.source, 'out', n);
    touch(e.target, 'in', n);
  }
  return [...used.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function byIdInit(
  byId: Map<string, MapNode>,
  id: string,
  info: () => NonNullable<MapSource['nodes'][number]>,
): void {
  if (byId.has(id)) return;
  const i = info();
  const node: MapNode = {
    id: i.id,
    kind: i.kind,
    namespace: i.namespace,
    name: i.name,
    labels: labelSummary(i.labels),
    counts: { out: 0, in: 0 },
  };
  if (i.dnsName) node.dnsName = i.dnsName;
  byId.set(id, node);
}

export function mapTotals(edges: MapEdge[]): ServiceMap['totals'] {
  const t = { forwarded: 0, dropped: 0, error: 0, audit: 0, redirected: 0, other: 0 };
  let replies = 0;
  for (const e of edges) {
    for (const k of VERDICT_KEYS) t[k] += e.counts[k];
    replies += e.counts.replies;
  }
  const flows = VERDICT_KEYS.reduce((s, k) => s + t[k], replies);
  return { ...t, replies, flows };
}
