// The drawn map in world coordinates: every node, link and namespace area with its final
// geometry and colour. Both renderers (SVG for small maps, canvas for large ones) draw this,
// so they always agree, and hit-testing works on the same numbers.
import type { VisGraph, VisLink, VisNode } from '@/lib/map/grouping';
import { groupBox, nodeRadius, type Box, type LayoutState } from '@/lib/map/layout';
import { CELL_H, CELL_W } from '@/lib/map/labels';
import {
  linkTone,
  linkVolume,
  linkWidthScale,
  toneColour,
  toneKey,
  type DropsMode,
} from '@/lib/map/style';
import { COVERAGE_COLOURS, type CoverageState } from '@/lib/map/coverage-colour';

export interface SceneNode {
  id: string;
  x: number;
  y: number;
  r: number;
  vis: VisNode;
  /** Coverage of a workload when the map is coloured by coverage; its fill then. */
  coverage?: CoverageState;
  fill?: string;
}

export interface SceneLink {
  id: string;
  /** The line, from the source's rim to the arrowhead's base. */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** Arrowhead: tip at the target's rim, then the two base corners. */
  arrow: [number, number, number, number, number, number];
  width: number;
  colour: string;
  /** Links with the same key share colour (canvas strokes them in one path). */
  tone: string;
  link: VisLink;
}

export interface SceneGroup {
  namespace: string;
  /** Centre of the namespace's box. */
  x: number;
  y: number;
  /** The box drawn around the namespace's cells (or around its node, collapsed). */
  box: Box;
  collapsed: boolean;
  members: number;
}

export interface Scene {
  nodes: SceneNode[];
  links: SceneLink[];
  groups: SceneGroup[];
  bounds: { x0: number; y0: number; x1: number; y1: number };
  maxRadius: number;
}

function linkGeometry(
  s: SceneNode,
  t: SceneNode,
  width: number,
  twoWay: boolean,
): Pick<SceneLink, 'x1' | 'y1' | 'x2' | 'y2' | 'arrow'> | undefined {
  const dx = t.x - s.x;
  const dy = t.y - s.y;
  const len = Math.hypot(dx, dy);
  if (len <= s.r + t.r + 2) return undefined;
  const ux = dx / len;
  const uy = dy / len;
  // Links both ways between two nodes sit side by side, each to its own right.
  const off = twoWay ? width / 2 + 2 : 0;
  const ox = -uy * off;
  const oy = ux * off;
  const headLen = 5 + width * 1.2;
  const headHalf = 2.5 + width * 0.7;
  const tipX = t.x - ux * (t.r + 1) + ox;
  const tipY = t.y - uy * (t.r + 1) + oy;
  const baseX = tipX - ux * headLen;
  const baseY = tipY - uy * headLen;
  return {
    x1: s.x + ux * s.r + ox,
    y1: s.y + uy * s.r + oy,
    x2: baseX,
    y2: baseY,
    arrow: [
      tipX,
      tipY,
      baseX - uy * headHalf,
      baseY + ux * headHalf,
      baseX + uy * headHalf,
      baseY - ux * headHalf,
    ],
  };
}

export function buildScene(
  graph: VisGraph,
  layout: LayoutState,
  drops: DropsMode = 'share',
  /** Workload states by node id, when the map is coloured by coverage. */
  coverage?: ReadonlyMap<string, CoverageState>,
): Scene {
  const nodes: SceneNode[] = [];
  const byId = new Map<string, SceneNode>();
  let maxRadius = 0;
  for (const vis of graph.nodes) {
    const p = layout.nodes.get(vis.id);
    if (!p) continue;
    const r = nodeRadius(vis.traffic, vis.members, vis.kind === 'group');
    maxRadius = Math.max(maxRadius, r);
    const n: SceneNode = { id: vis.id, x: p.x, y: p.y, r, vis };
    const state = vis.kind === 'workload' ? coverage?.get(vis.id) : undefined;
    if (state) {
      n.coverage = state;
      n.fill = COVERAGE_COLOURS[state];
    }
    nodes.push(n);
    byId.set(vis.id, n);
  }
  const linkIds = new Set(graph.links.map((l) => l.id));
  let maxVolume = 1;
  let maxDropped = 0;
  for (const l of graph.links) {
    maxVolume = Math.max(maxVolume, linkVolume(l.counts));
    maxDropped = Math.max(maxDropped, l.counts.dropped);
  }
  const width = linkWidthScale(maxVolume);
  const links: SceneLink[] = [];
  for (const l of graph.links) {
    const s = byId.get(l.source);
    const t = byId.get(l.target);
    if (!s || !t) continue;
    const w = width(linkVolume(l.counts));
    const geo = linkGeometry(s, t, w, linkIds.has(`${l.target}>${l.source}`));
    if (!geo) continue;
    const tone = linkTone(l.counts, drops, maxDropped);
    links.push({
      id: l.id,
      ...geo,
      width: w,
      colour: toneColour(tone),
      tone: toneKey(tone),
      link: l,
    });
  }
  const groups: SceneGroup[] = [];
  for (const g of graph.groups) {
    const c = layout.groups.get(g.namespace);
    if (!c) continue;
    let box: Box;
    if (g.collapsed) {
      const r = byId.get(`ns:${g.namespace}`)?.r ?? 0;
      box = { x0: c.x - r, y0: c.y - r, x1: c.x + r, y1: c.y + r };
    } else {
      // The namespace's box, grown over any member drawn outside it (a namespace that
      // gained workloads after its box was placed).
      box = groupBox(g.members.length, c);
      for (const id of g.members) {
        const n = byId.get(id);
        if (!n) continue;
        box = {
          x0: Math.min(box.x0, n.x - CELL_W / 2),
          y0: Math.min(box.y0, n.y - CELL_H / 2),
          x1: Math.max(box.x1, n.x + CELL_W / 2),
          y1: Math.max(box.y1, n.y + CELL_H / 2),
        };
      }
    }
    groups.push({
      namespace: g.namespace,
      x: c.x,
      y: c.y,
      box,
      collapsed: g.collapsed,
      members: g.members.length,
    });
  }
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const n of nodes) {
    x0 = Math.min(x0, n.x - n.r);
    y0 = Math.min(y0, n.y - n.r);
    x1 = Math.max(x1, n.x + n.r);
    y1 = Math.max(y1, n.y + n.r);
  }
  for (const g of groups) {
    x0 = Math.min(x0, g.box.x0);
    // A collapsed namespace's name sits above its node.
    y0 = Math.min(y0, g.box.y0 - (g.collapsed ? 24 : 0));
    x1 = Math.max(x1, g.box.x1);
    y1 = Math.max(y1, g.box.y1);
  }
  const bounds = nodes.length > 0 ? { x0, y0, x1, y1 } : { x0: 0, y0: 0, x1: 1, y1: 1 };
  return { nodes, links, groups, bounds, maxRadius };
}

/** Below this many drawn elements the map is SVG (accessible, testable); above, canvas. */
export const SVG_MAX_ELEMENTS = 800;

export function sceneMode(scene: Scene): 'svg' | 'canvas' {
  return scene.nodes.length + scene.links.length + scene.groups.length <= SVG_MAX_ELEMENTS
    ? 'svg'
    : 'canvas';
}
