// Where the map's nodes go. Pure and deterministic for a seed, so the main thread and the
// layout worker compute the same picture and tests can pin it. Stability is the rule: a
// node that already has a position keeps it (it is fixed in the simulation), so live
// updates only move the nodes that just appeared, and they start next to their namespace.
import { seededRandom } from './seeded-random';
import { forceCollide, forceLink, forceSimulation, forceX, forceY } from 'd3';
import type { SimulationLinkDatum, SimulationNodeDatum } from 'd3';
import type { VisGraph } from './map-grouping';

export interface Point {
  x: number;
  y: number;
}

/** Namespace key of a node; '' holds the reserved identities, laid out like a namespace. */
export interface LayoutNode {
  id: string;
  group: string;
  radius: number;
  /** Pinned to its group centre (collapsed namespace nodes). */
  atCentre?: boolean;
}

export interface LayoutLink {
  source: string;
  target: string;
}

export interface LayoutGroup {
  key: string;
  /** Workloads in the namespace, drawn or not: sizes its area so expanding fits. */
  size: number;
}

export interface LayoutState {
  nodes: Map<string, Point>;
  groups: Map<string, Point>;
}

export interface LayoutRequest {
  nodes: LayoutNode[];
  links: LayoutLink[];
  groups: LayoutGroup[];
  known: LayoutState;
  seed: number;
}

/** Above this many nodes to place, the layout runs in a Web Worker. */
export const WORKER_THRESHOLD = 150;

// Room for a label under each node: centres end up about 2 * (radius + gap) apart.
const NODE_GAP = 30;
const GROUP_GAP = 36;

/** Radius of the area a namespace of `size` workloads gets. */
export function groupRadius(size: number): number {
  return 24 + 40 * Math.sqrt(Math.max(size, 1));
}

/** A drawn node's radius from its traffic (log scale) or, for a group, its member count. */
export function nodeRadius(traffic: number, members: number, isGroup: boolean): number {
  if (isGroup) return Math.min(14 + 3 * Math.sqrt(members), 36);
  return Math.min(6 + 1.6 * Math.log10(1 + traffic), 14);
}

/** Stable 32-bit FNV-1a hash, as hex. */
export function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Identifies a graph's shape (which nodes, in which groups, linked how), not its counts. */
export function shapeKey(req: Pick<LayoutRequest, 'nodes' | 'links' | 'groups'>): string {
  const nodes = req.nodes.map((n) => `${n.id}@${n.group}`).sort();
  const links = req.links.map((l) => `${l.source}>${l.target}`).sort();
  const groups = req.groups.map((g) => `${g.key}#${g.size}`).sort();
  return `${nodes.length}:${links.length}:${hashText([...groups, ...nodes, ...links].join('\n'))}`;
}

interface SimNode extends SimulationNodeDatum {
  id: string;
  r: number;
  cx: number;
  cy: number;
}

function ticksFor(free: number): number {
  return free > WORKER_THRESHOLD ? 150 : 300;
}

function run(sim: ReturnType<typeof forceSimulation<SimNode>>, ticks: number): void {
  sim.alphaDecay(1 - Math.pow(0.001, 1 / ticks)).stop();
  sim.tick(ticks);
}

/** Centres for every group: known ones stay, new ones are packed around them. */
export function placeGroups(
  groups: readonly LayoutGroup[],
  known: ReadonlyMap<string, Point>,
  rand: () => number,
): Map<string, Point> {
  const sorted = [...groups].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const out = new Map<string, Point>();
  const fresh = sorted.filter((g) => !known.has(g.key));
  for (const g of sorted) {
    const p = known.get(g.key);
    if (p) out.set(g.key, p);
  }
  if (fresh.length === 0) return out;
  let extent = 0;
  for (const g of sorted) {
    const p = known.get(g.key);
    if (p) extent = Math.max(extent, Math.hypot(p.x, p.y) + groupRadius(g.size));
  }
  // A sunflower spiral outside what is already placed, then collision to pack it.
  const nodes: SimNode[] = sorted.map((g) => {
    const p = known.get(g.key);
    const r = groupRadius(g.size) + GROUP_GAP / 2;
    if (p) return { id: g.key, r, cx: 0, cy: 0, x: p.x, y: p.y, fx: p.x, fy: p.y };
    const i = fresh.indexOf(g);
    const angle = i * 2.399963 + rand() * 0.1;
    const dist = extent + 80 * Math.sqrt(i + 1);
    return { id: g.key, r, cx: 0, cy: 0, x: dist * Math.cos(angle), y: dist * Math.sin(angle) };
  });
  const sim = forceSimulation(nodes)
    .randomSource(rand)
    .force(
      'collide',
      forceCollide<SimNode>((n) => n.r)
        .strength(0.9)
        .iterations(2),
    )
    .force('x', forceX<SimNode>(0).strength(0.04))
    .force('y', forceY<SimNode>(0).strength(0.04));
  run(sim, 300);
  for (const n of nodes) if (!out.has(n.id)) out.set(n.id, { x: n.x ?? 0, y: n.y ?? 0 });
  return out;
}

/**
 * Positions for every node of the request. Known nodes keep theirs; new ones start near
 * their group centre and settle under a pull to that centre, collision, and the links
 * inside their group (links across groups would drag nodes out of their namespace).
 */
export function layoutGraph(req: LayoutRequest): LayoutState {
  const rand = seededRandom(req.seed);
  const groups = placeGroups(req.groups, req.known.groups, rand);
  const nodes = [...req.nodes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out = new Map<string, Point>();
  const sim: SimNode[] = [];
  let free = 0;
  for (const n of nodes) {
    const c = groups.get(n.group) ?? { x: 0, y: 0 };
    const base = { id: n.id, r: n.radius + NODE_GAP, cx: c.x, cy: c.y };
    const known = n.atCentre ? c : req.known.nodes.get(n.id);
    if (known) {
      sim.push({ ...base, x: known.x, y: known.y, fx: known.x, fy: known.y });
      continue;
    }
    free += 1;
    const spread = groupRadius(1) * 0.8;
    const angle = rand() * Math.PI * 2;
    const dist = Math.sqrt(rand()) * spread;
    sim.push({ ...base, x: c.x + dist * Math.cos(angle), y: c.y + dist * Math.sin(angle) });
  }
  if (free > 0) {
    const index = new Map(sim.map((n) => [n.id, n]));
    const group = new Map(nodes.map((n) => [n.id, n.group]));
    const links: SimulationLinkDatum<SimNode>[] = [];
    for (const l of req.links) {
      const s = index.get(l.source);
      const t = index.get(l.target);
      if (s && t && group.get(l.source) === group.get(l.target))
        links.push({ source: s, target: t });
    }
    const simulation = forceSimulation(sim)
      .randomSource(rand)
      .force('x', forceX<SimNode>((n) => n.cx).strength(0.12))
      .force('y', forceY<SimNode>((n) => n.cy).strength(0.12))
      .force('collide', forceCollide<SimNode>((n) => n.r).strength(0.8))
      .force(
        'link',
        forceLink<SimNode, SimulationLinkDatum<SimNode>>(links).distance(90).strength(0.08),
      );
    run(simulation, ticksFor(free));
  }
  for (const n of sim) out.set(n.id, { x: n.x ?? 0, y: n.y ?? 0 });
  return { nodes: out, groups };
}

/** How many nodes of the request still need a position. */
export function countNew(req: Pick<LayoutRequest, 'nodes' | 'known'>): number {
  let n = 0;
  for (const node of req.nodes) if (!node.atCentre && !req.known.nodes.has(node.id)) n += 1;
  return n;
}

/** Merges a layout result into the positions kept so far (later wins). */
export function mergeLayout(into: LayoutState, result: LayoutState): LayoutState {
  return {
    nodes: new Map([...into.nodes, ...result.nodes]),
    groups: new Map([...into.groups, ...result.groups]),
  };
}

/** The layout input of a drawn graph: namespaces as groups, reserved identities in ''. */
export function layoutInput(graph: VisGraph): Pick<LayoutRequest, 'nodes' | 'links' | 'groups'> {
  let reserved = 0;
  const nodes = graph.nodes.map((n): LayoutNode => {
    if (n.kind === 'reserved') reserved += 1;
    const radius = nodeRadius(n.traffic, n.members, n.kind === 'group');
    const base = { id: n.id, group: n.namespace, radius };
    return n.kind === 'group' ? { ...base, atCentre: true } : base;
  });
  const groups: LayoutGroup[] = graph.groups.map((g) => ({
    key: g.namespace,
    size: g.members.length,
  }));
  if (reserved > 0) groups.push({ key: '', size: reserved });
  return { nodes, links: graph.links.map((l) => ({ source: l.source, target: l.target })), groups };
}
