// Picking on the canvas renderer: which node or link is under the pointer. Nodes go through
// a d3 quadtree; links through a scan of segment distances, which for 10,000 links costs
// well under a millisecond and runs at most once per animation frame.
import { quadtree, type Quadtree } from 'd3';
import type { Point } from './layout';

export interface HitNode extends Point {
  id: string;
  r: number;
}

export interface HitSegment {
  id: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export function nodeIndex(nodes: readonly HitNode[]): Quadtree<HitNode> {
  return quadtree<HitNode>()
    .x((n) => n.x)
    .y((n) => n.y)
    .addAll(nodes as HitNode[]);
}

/** The node whose disc (plus `slack`) holds `p`, nearest first. */
export function pickNode(
  index: Quadtree<HitNode>,
  p: Point,
  maxRadius: number,
  slack: number,
): HitNode | undefined {
  const found = index.find(p.x, p.y, maxRadius + slack);
  if (!found) return undefined;
  return Math.hypot(found.x - p.x, found.y - p.y) <= found.r + slack ? found : undefined;
}

/** Distance from `p` to the segment a-b. */
export function segmentDistance(p: Point, s: HitSegment): number {
  const dx = s.x2 - s.x1;
  const dy = s.y2 - s.y1;
  const len2 = dx * dx + dy * dy;
  const t =
    len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - s.x1) * dx + (p.y - s.y1) * dy) / len2));
  return Math.hypot(p.x - (s.x1 + t * dx), p.y - (s.y1 + t * dy));
}

/** The segment nearest `p` within `tolerance`, if any. */
export function pickSegment(
  segments: readonly HitSegment[],
  p: Point,
  tolerance: number,
): HitSegment | undefined {
  let best: HitSegment | undefined;
  let bestD = tolerance;
  for (const s of segments) {
    // Cheap box reject before the exact distance.
    if (p.x < Math.min(s.x1, s.x2) - bestD || p.x > Math.max(s.x1, s.x2) + bestD) continue;
    if (p.y < Math.min(s.y1, s.y2) - bestD || p.y > Math.max(s.y1, s.y2) + bestD) continue;
    const d = segmentDistance(p, s);
    if (d <= bestD) {
      bestD = d;
      best = s;
    }
  }
  return best;
}
