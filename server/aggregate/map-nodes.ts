// The node list and totals of a service map, derived from its edges.
import 'server-only';
import type { MapSource } from './map-source';
import { labelSummary } from './node-identity';
import { VERDICT_KEYS, type MapEdge, type MapNode, type ServiceMap } from '@/lib/api/aggregate';

function edgeTotal(e: MapEdge): number {
  return VERDICT_KEYS.reduce((s, k) => s + e.counts[k], e.counts.replies);
}

/** A node as the map shows it, without counts; built once per node, not per query. */
type NodeTemplate = Omit<MapNode, 'counts'>;

// Per node list (the store's, which only grows): templates by id, first node of an id wins.
// Rebuilding this (label summaries of every node) on each query was a tenth of the map's time.
const templates = new WeakMap<
  readonly unknown[],
  { seen: number; byId: Map<string, NodeTemplate> }
>();

function templatesOf(nodes: MapSource['nodes']): Map<string, NodeTemplate> {
  let t = templates.get(nodes);
  if (!t) templates.set(nodes, (t = { seen: 0, byId: new Map() }));
  for (; t.seen < nodes.length; t.seen++) {
    const info = nodes[t.seen];
    if (info && !t.byId.has(info.id)) t.byId.set(info.id, templateOf(info));
  }
  return t.byId;
}

function templateOf(i: NonNullable<MapSource['nodes'][number]>): NodeTemplate {
  const node: NodeTemplate = {
    id: i.id,
    kind: i.kind,
    namespace: i.namespace,
    name: i.name,
    labels: labelSummary(i.labels),
  };
  if (i.dnsName) node.dnsName = i.dnsName;
  return node;
}

export function collectNodes(src: MapSource, edges: MapEdge[]): MapNode[] {
  const byId = templatesOf(src.nodes);
  const used = new Map<string, MapNode>();
  const touch = (id: string, dir: 'out' | 'in', n: number): void => {
    let node = used.get(id);
    if (!node) {
      const t = byId.get(id);
      if (!t) return;
      // A fresh object per query: callers own (and may change) what a query returns.
      node = {
        id: t.id,
        kind: t.kind,
        namespace: t.namespace,
        name: t.name,
        labels: [...t.labels],
        counts: { out: 0, in: 0 },
      };
      if (t.dnsName) node.dnsName = t.dnsName;
      used.set(id, node);
    }
    node.counts[dir] += n;
  };
  for (const e of edges) {
    const n = edgeTotal(e);
    touch(e.source, 'out', n);
    touch(e.target, 'in', n);
  }
  return [...used.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
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
