// What the tooltip and the detail panel say about a node or link of the drawn graph: a
// title, a kind line, the summed counts, and which flow lists make up its flows.
import { groupOfNodeId, type VisGraph, type VisNode } from '@/lib/map/grouping';
import { addCounts, addRecord, emptyCounts, emptyL7, mergeL7 } from '@/lib/map/merge';
import type { FlowsTarget } from '@/lib/map/queries';
import type { SummaryData } from './map-summary';

/** Flow lists fetched for one link: its busiest edges (each edge is one request). */
export const MAX_EDGE_LISTS = 6;

export interface Subject {
  kind: 'node' | 'link';
  id: string;
  title: string;
  subtitle: string;
  summary: SummaryData;
  targets: FlowsTarget[];
  /** Edges of a link not listed (beyond MAX_EDGE_LISTS). */
  moreEdges: number;
}

export function nodeName(n: VisNode | undefined, id: string): string {
  if (!n) return id;
  if (n.kind === 'workload') return `${n.namespace}/${n.label}`;
  if (n.kind === 'group') return `${n.label} (namespace)`;
  return n.node?.dnsName ? `world: ${n.node.dnsName}` : n.label;
}

function nodeSubtitle(n: VisNode): string {
  if (n.kind === 'group') return `namespace · ${n.members} workloads`;
  if (n.kind === 'reserved') return 'reserved identity';
  return `workload in ${n.namespace}`;
}

export function describe(
  graph: VisGraph,
  selection: { kind: 'node' | 'link'; id: string },
): Subject | undefined {
  if (selection.kind === 'node') {
    const n = graph.nodes.find((x) => x.id === selection.id);
    if (!n) return undefined;
    let counts = emptyCounts();
    let dropReasons: Record<string, number> = {};
    let l7 = emptyL7();
    let firstSeen = Infinity;
    let lastSeen = 0;
    for (const l of graph.links) {
      if (l.source !== n.id && l.target !== n.id) continue;
      counts = addCounts(counts, l.counts);
      dropReasons = addRecord(dropReasons, l.dropReasons);
      l7 = mergeL7(l7, l.l7);
      firstSeen = Math.min(firstSeen, l.firstSeen);
      lastSeen = Math.max(lastSeen, l.lastSeen);
    }
    const ns = groupOfNodeId(n.id);
    return {
      kind: 'node',
      id: n.id,
      title: nodeName(n, n.id),
      subtitle: nodeSubtitle(n),
      summary: {
        counts,
        dropReasons,
        l7,
        ...(lastSeen > 0 ? { firstSeen, lastSeen } : {}),
      },
      targets: [ns !== undefined ? { namespace: ns } : { node: n.id }],
      moreEdges: 0,
    };
  }
  const l = graph.links.find((x) => x.id === selection.id);
  if (!l) return undefined;
  const byId = (id: string) => graph.nodes.find((x) => x.id === id);
  return {
    kind: 'link',
    id: l.id,
    title: `${nodeName(byId(l.source), l.source)} → ${nodeName(byId(l.target), l.target)}`,
    subtitle: `${l.edgeIds.length} ${l.edgeIds.length === 1 ? 'edge' : 'edges'}`,
    summary: {
      counts: l.counts,
      dropReasons: l.dropReasons,
      l7: l.l7,
      ports: l.ports,
      firstSeen: l.firstSeen,
      lastSeen: l.lastSeen,
    },
    targets: l.edgeIds.slice(0, MAX_EDGE_LISTS).map((edge) => ({ edge })),
    moreEdges: Math.max(0, l.edgeIds.length - MAX_EDGE_LISTS),
  };
}
