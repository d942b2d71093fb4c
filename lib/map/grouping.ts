// The graph as drawn: service-map nodes with collapsed namespaces replaced by one group node,
// and edges folded into one link per directed pair of drawn nodes. Folding matters twice:
// a collapsed namespace sums its members' edges, and replies (which the server files under
// the client's ephemeral port, one edge per port) join the request link going the other way
// instead of drawing hundreds of reply-only lines.
import type { EdgeL7, MapEdge, MapNode, ServiceMap } from '@/lib/api/aggregate';
import { addCounts, addRecord, emptyCounts, emptyL7, mergeL7, verdictTotal } from './merge';
import type { EdgeCounts } from './merge';

export type VisNodeKind = 'workload' | 'reserved' | 'group';

export interface VisNode {
  /** The service-map node id, or `ns:<namespace>` for a collapsed namespace. */
  id: string;
  kind: VisNodeKind;
  /** '' for reserved identities. */
  namespace: string;
  /** What to print: workload name, reserved kind or DNS name, or the namespace. */
  label: string;
  /** Workloads inside a group node; 1 otherwise. */
  members: number;
  /** Flows in and out, for the node's size. */
  traffic: number;
  /** The server's node, absent for group nodes. */
  node?: MapNode;
}

export interface VisLink {
  /** `${source}>${target}` over drawn node ids. */
  id: string;
  source: string;
  target: string;
  counts: EdgeCounts;
  dropReasons: Record<string, number>;
  l7: EdgeL7;
  /** Service-map edges carrying verdicts, by volume: what the flow list fetches. */
  edgeIds: string[];
  /** `port/protocol` of those edges, by volume. */
  ports: string[];
  firstSeen: number;
  lastSeen: number;
}

export interface VisGroup {
  namespace: string;
  collapsed: boolean;
  /** Workload node ids of the namespace (drawn or not). */
  members: string[];
}

export interface VisGraph {
  nodes: VisNode[];
  links: VisLink[];
  /** Namespaces, sorted; reserved identities belong to none. */
  groups: VisGroup[];
}

const GROUP_PREFIX = 'ns:';

export function groupNodeId(namespace: string): string {
  return GROUP_PREFIX + namespace;
}

/** The namespace of a group node id, or undefined for any other id. */
export function groupOfNodeId(id: string): string | undefined {
  return id.startsWith(GROUP_PREFIX) ? id.slice(GROUP_PREFIX.length) : undefined;
}

/** Namespaces with workloads on the map, sorted. */
export function mapNamespaces(map: Pick<ServiceMap, 'nodes'>): string[] {
  const set = new Set<string>();
  for (const n of map.nodes) if (n.kind === 'workload' && n.namespace) set.add(n.namespace);
  return [...set].sort();
}

function nodeLabel(n: MapNode): string {
  if (n.kind === 'reserved') return n.dnsName ?? n.name;
  return n.name;
}

function isReplyOnly(e: MapEdge): boolean {
  return verdictTotal(e.counts) === 0;
}

interface LinkAcc extends VisLink {
  weights: Map<string, number>;
  portWeights: Map<string, number>;
}

function newLink(source: string, target: string, e: MapEdge): LinkAcc {
  return {
    id: `${source}>${target}`,
    source,
    target,
    counts: emptyCounts(),
    dropReasons: {},
    l7: emptyL7(),
    edgeIds: [],
    ports: [],
    firstSeen: e.firstSeen,
    lastSeen: e.lastSeen,
    weights: new Map(),
    portWeights: new Map(),
  };
}

function addEdge(link: LinkAcc, e: MapEdge, asReplies: boolean): void {
  if (asReplies) {
    // A reply-only edge is all replies; it only adds to the request link's reply count.
    link.counts = { ...link.counts, replies: link.counts.replies + e.counts.replies };
  } else {
    link.counts = addCounts(link.counts, e.counts);
    link.dropReasons = addRecord(link.dropReasons, e.dropReasons);
    link.l7 = mergeL7(link.l7, e.l7);
    const volume = verdictTotal(e.counts);
    link.weights.set(e.id, volume);
    const port = `${e.port}/${e.protocol}`;
    link.portWeights.set(port, (link.portWeights.get(port) ?? 0) + volume);
  }
  link.firstSeen = Math.min(link.firstSeen, e.firstSeen);
  link.lastSeen = Math.max(link.lastSeen, e.lastSeen);
}

function byWeight(weights: Map<string, number>): string[] {
  return [...weights].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k]) => k);
}

/** The drawn graph of `map` with the namespaces in `collapsed` folded into group nodes. */
export function buildVisGraph(map: ServiceMap, collapsed: ReadonlySet<string>): VisGraph {
  const drawnId = new Map<string, string>();
  const nodes: VisNode[] = [];
  const groupNodes = new Map<string, VisNode>();
  const groups = new Map<string, VisGroup>();
  for (const n of map.nodes) {
    const ns = n.kind === 'workload' ? n.namespace : '';
    const traffic = n.counts.in + n.counts.out;
    if (ns) {
      let g = groups.get(ns);
      if (!g) groups.set(ns, (g = { namespace: ns, collapsed: collapsed.has(ns), members: [] }));
      g.members.push(n.id);
    }
    if (ns && collapsed.has(ns)) {
      const id = groupNodeId(ns);
      drawnId.set(n.id, id);
      const g = groupNodes.get(id);
      if (g) {
        g.members += 1;
        g.traffic += traffic;
      } else {
        const groupNode: VisNode = {
          id,
          kind: 'group',
          namespace: ns,
          label: ns,
          members: 1,
          traffic,
        };
        groupNodes.set(id, groupNode);
        nodes.push(groupNode);
      }
      continue;
    }
    drawnId.set(n.id, n.id);
    nodes.push({
      id: n.id,
      kind: n.kind,
      namespace: ns,
      label: nodeLabel(n),
      members: 1,
      traffic,
      node: n,
    });
  }

  const links = new Map<string, LinkAcc>();
  const replyOnly: [string, string, MapEdge][] = [];
  for (const e of map.edges) {
    const s = drawnId.get(e.source);
    const t = drawnId.get(e.target);
    // Traffic inside one drawn node (a workload talking to itself, or within a collapsed
    // namespace) has no line to draw; it still counts in the node's traffic.
    if (s === undefined || t === undefined || s === t) continue;
    if (isReplyOnly(e)) {
      replyOnly.push([s, t, e]);
      continue;
    }
    const id = `${s}>${t}`;
    let link = links.get(id);
    if (!link) links.set(id, (link = newLink(s, t, e)));
    addEdge(link, e, false);
  }
  for (const [s, t, e] of replyOnly) {
    const request = links.get(`${t}>${s}`);
    if (request) {
      addEdge(request, e, true);
      continue;
    }
    // Replies whose requests are outside the window (or filtered out) still show traffic.
    const id = `${s}>${t}`;
    let link = links.get(id);
    if (!link) links.set(id, (link = newLink(s, t, e)));
    addEdge(link, e, true);
  }

  const visLinks: VisLink[] = [];
  for (const { weights, portWeights, ...link } of links.values()) {
    visLinks.push({ ...link, edgeIds: byWeight(weights), ports: byWeight(portWeights) });
  }
  return {
    nodes,
    links: visLinks,
    groups: [...groups.values()].sort((a, b) => (a.namespace < b.namespace ? -1 : 1)),
  };
}

/** Verdict counts over every link touching a drawn node, for its tooltip and panel. */
export function nodeCounts(graph: Pick<VisGraph, 'links'>, id: string): EdgeCounts {
  let counts = emptyCounts();
  for (const l of graph.links) {
    if (l.source === id || l.target === id) counts = addCounts(counts, l.counts);
  }
  return counts;
}
