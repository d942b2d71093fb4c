// Where the map's nodes go: each namespace is a box, and its workloads sit in a grid of
// cells inside it, one cell each, wide enough for a label (lib/map/labels.ts cuts labels to
// it), so no label can cover a node or another label at any size of cluster. Boxes are
// packed in rows. Pure and deterministic, so the main thread and the layout worker compute
// the same picture and tests can pin it. Stability is the rule: a node that already has a
// position keeps it, and a new one takes the first free cell of its namespace; a namespace
// that is already placed keeps its box.
//
// Chosen by measurement against the force layout it replaced (bench/layout-bench.ts, the
// README's figures): on 2,000 workloads with real-length names the force layout drew 440
// overlapping label pairs and 78 labels over other nodes, in 1.9 s; the grid draws none.
import { CELL_H, CELL_W, type Box } from './labels';

export type { Box };
import type { VisGraph } from './grouping';

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
  /** Workloads in the namespace, drawn or not: sizes its box so expanding fits. */
  size: number;
}

export interface LayoutState {
  nodes: Map<string, Point>;
  /** Centre of each namespace's box. */
  groups: Map<string, Point>;
}

export interface LayoutRequest {
  nodes: LayoutNode[];
  links: LayoutLink[];
  groups: LayoutGroup[];
  known: LayoutState;
}

/** Above this many nodes to place, the layout runs in a Web Worker. */
export const WORKER_THRESHOLD = 150;

/** Inner margin of a namespace box, and the band at its top that holds its name. */
export const BOX_PAD = 14;
export const BOX_TITLE = 34;
const GROUP_GAP = 40;

/** Columns of a namespace's grid: about as tall as wide. */
function gridCols(size: number): number {
  return Math.max(1, Math.ceil(Math.sqrt((Math.max(size, 1) * CELL_H) / CELL_W)));
}

/** Width and height of the box a namespace of `size` workloads gets. */
export function boxSize(size: number): { w: number; h: number } {
  const cols = gridCols(size);
  const rows = Math.max(1, Math.ceil(Math.max(size, 1) / cols));
  return { w: cols * CELL_W + 2 * BOX_PAD, h: rows * CELL_H + BOX_TITLE + BOX_PAD };
}

/** The box of a namespace of `size` workloads around its centre. */
export function groupBox(size: number, c: Point): Box {
  const { w, h } = boxSize(size);
  return { x0: c.x - w / 2, y0: c.y - h / 2, x1: c.x + w / 2, y1: c.y + h / 2 };
}

/** Centre of cell `i` (row by row) of a namespace's grid. */
function cellCentre(size: number, c: Point, i: number): Point {
  const cols = gridCols(size);
  const b = groupBox(size, c);
  return {
    x: b.x0 + BOX_PAD + ((i % cols) + 0.5) * CELL_W,
    y: b.y0 + BOX_TITLE + (Math.floor(i / cols) + 0.5) * CELL_H,
  };
}

/** The cell a point falls in, or -1 outside the grid. */
function cellOf(size: number, c: Point, p: Point): number {
  const cols = gridCols(size);
  const b = groupBox(size, c);
  const col = Math.floor((p.x - b.x0 - BOX_PAD) / CELL_W);
  const row = Math.floor((p.y - b.y0 - BOX_TITLE) / CELL_H);
  if (col < 0 || col >= cols || row < 0) return -1;
  return row * cols + col;
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

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Centres for every group: known ones stay; new ones are packed in rows, in name order,
 * under everything already placed.
 */
export function placeGroups(
  groups: readonly LayoutGroup[],
  known: ReadonlyMap<string, Point>,
): Map<string, Point> {
  const sorted = [...groups].sort((a, b) => byKey(a.key, b.key));
  const out = new Map<string, Point>();
  let left = Infinity;
  let bottom = -Infinity;
  let area = 0;
  for (const g of sorted) {
    const { w, h } = boxSize(g.size);
    area += (w + GROUP_GAP) * (h + GROUP_GAP);
    const p = known.get(g.key);
    if (!p) continue;
    out.set(g.key, p);
    const b = groupBox(g.size, p);
    left = Math.min(left, b.x0);
    bottom = Math.max(bottom, b.y1);
  }
  const fresh = sorted.filter((g) => !known.has(g.key));
  if (fresh.length === 0) return out;
  const x0 = Number.isFinite(left) ? left : 0;
  let y = Number.isFinite(bottom) ? bottom + GROUP_GAP : 0;
  // Rows about as wide as the whole map is tall, and never narrower than the widest box.
  const rowWidth = Math.max(Math.sqrt(area) * 1.3, ...fresh.map((g) => boxSize(g.size).w));
  let x = x0;
  let rowHeight = 0;
  for (const g of fresh) {
    const { w, h } = boxSize(g.size);
    if (x > x0 && x + w > x0 + rowWidth) {
      x = x0;
      y += rowHeight + GROUP_GAP;
      rowHeight = 0;
    }
    out.set(g.key, { x: x + w / 2, y: y + h / 2 });
    x += w + GROUP_GAP;
    rowHeight = Math.max(rowHeight, h);
  }
  return out;
}

/**
 * Positions for every node of the request. Known nodes keep theirs; a collapsed namespace
 * sits at its box's centre; new nodes take the free cells of their namespace's grid in id
 * order.
 */
export function layoutGraph(req: LayoutRequest): LayoutState {
  const groups = placeGroups(req.groups, req.known.groups);
  const sizes = new Map(req.groups.map((g) => [g.key, g.size]));
  const nodes = [...req.nodes].sort((a, b) => byKey(a.id, b.id));
  const out = new Map<string, Point>();
  const fresh = new Map<string, LayoutNode[]>();
  for (const n of nodes) {
    const c = groups.get(n.group) ?? { x: 0, y: 0 };
    const known = n.atCentre ? c : req.known.nodes.get(n.id);
    if (known) out.set(n.id, known);
    else {
      const list = fresh.get(n.group);
      if (list) list.push(n);
      else fresh.set(n.group, [n]);
    }
  }
  for (const [group, list] of fresh) {
    const c = groups.get(group) ?? { x: 0, y: 0 };
    // A namespace may hold more drawn nodes than it had workloads when its box was made.
    const size = Math.max(sizes.get(group) ?? 0, list.length);
    const taken = new Set<number>();
    for (const p of [...req.known.nodes.values(), ...out.values()]) {
      const i = cellOf(size, c, p);
      if (i >= 0) taken.add(i);
    }
    let next = 0;
    for (const n of list) {
      while (taken.has(next)) next++;
      taken.add(next);
      out.set(n.id, cellCentre(size, c, next));
    }
  }
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

/**
 * Where a namespace's name tag is drawn: in the title band of its box, or above its node
 * when collapsed.
 */
export function groupTagAnchor(g: { x: number; box: Box; collapsed: boolean }): Point {
  return g.collapsed
    ? { x: g.x, y: g.box.y0 - 14 }
    : { x: (g.box.x0 + g.box.x1) / 2, y: g.box.y0 + BOX_TITLE / 2 };
}
