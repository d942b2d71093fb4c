// Canvas renderer for large maps. Draws the scene under a d3-zoom transform, culled to the
// viewport, with links batched into one path per colour and width step so 10,000 links cost
// a few dozen strokes. Text is drawn with fillText only: names are attacker-controlled data.
import type { ZoomTransform } from 'd3';
import { cleanText } from '@/lib/flows/format-flow';
import { CELL_W, LABEL_GAP, fitLabel } from '@/lib/map/labels';
import { groupTagAnchor, type Box } from '@/lib/map/layout';
import { MAP_COLOURS } from '@/lib/map/style';
import type { Scene, SceneGroup } from './map-scene';

export interface DrawOptions {
  width: number;
  height: number;
  dpr: number;
}

export interface Highlight {
  selectedId?: string;
  hoveredId?: string;
}

/** Screen rectangle of a namespace label (for drawing and for clicks on it). */
export function groupLabelBox(
  g: SceneGroup,
  t: ZoomTransform,
): { x: number; y: number; w: number; h: number; text: string } {
  const text = `${g.collapsed ? '▸' : '▾'} ${cleanText(g.namespace)}${g.collapsed ? ` (${g.members})` : ''}`;
  const w = text.length * 6.6 + 12;
  const h = 18;
  const anchor = groupTagAnchor(g);
  const [sx, sy] = t.apply([anchor.x, anchor.y]);
  return { x: sx - w / 2, y: sy - h / 2, w, h, text };
}

/** The world rectangle on screen, for culling. */
type View = Box;

function pointInView(v: View, x: number, y: number, pad: number): boolean {
  return x + pad >= v.x0 && x - pad <= v.x1 && y + pad >= v.y0 && y - pad <= v.y1;
}

function boxInView(v: View, b: Box, pad = 0): boolean {
  return b.x1 + pad >= v.x0 && b.x0 - pad <= v.x1 && b.y1 + pad >= v.y0 && b.y0 - pad <= v.y1;
}

function drawHulls(ctx: CanvasRenderingContext2D, scene: Scene, t: ZoomTransform, v: View) {
  ctx.fillStyle = MAP_COLOURS.hullFill;
  ctx.strokeStyle = MAP_COLOURS.hullStroke;
  ctx.lineWidth = 1 / t.k;
  for (const g of scene.groups) {
    const b = g.box;
    if (g.collapsed || !boxInView(v, b)) continue;
    ctx.beginPath();
    ctx.roundRect(b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0, 10);
    ctx.fill();
    ctx.stroke();
  }
}

/** Links: one path per (colour, width step); arrowheads only once they are big enough to see. */
function drawLinks(ctx: CanvasRenderingContext2D, scene: Scene, t: ZoomTransform, v: View) {
  const batches = new Map<string, { colour: string; width: number; path: Path2D; heads: Path2D }>();
  const heads = t.k >= 0.45;
  for (const l of scene.links) {
    const minX = Math.min(l.x1, l.arrow[0]);
    const maxX = Math.max(l.x1, l.arrow[0]);
    const minY = Math.min(l.y1, l.arrow[1]);
    const maxY = Math.max(l.y1, l.arrow[1]);
    if (maxX < v.x0 || minX > v.x1 || maxY < v.y0 || minY > v.y1) continue;
    const width = Math.round(l.width * 2) / 2;
    const key = `${l.tone}|${width}`;
    let b = batches.get(key);
    if (!b)
      batches.set(key, (b = { colour: l.colour, width, path: new Path2D(), heads: new Path2D() }));
    b.path.moveTo(l.x1, l.y1);
    b.path.lineTo(l.x2, l.y2);
    if (heads) {
      const [ax, ay, bx, by, cx, cy] = l.arrow;
      b.heads.moveTo(ax, ay);
      b.heads.lineTo(bx, by);
      b.heads.lineTo(cx, cy);
      b.heads.closePath();
    }
  }
  ctx.globalAlpha = 0.75;
  for (const b of batches.values()) {
    ctx.strokeStyle = b.colour;
    ctx.lineWidth = Math.max(b.width, 0.6 / t.k);
    ctx.stroke(b.path);
    if (heads) {
      ctx.fillStyle = b.colour;
      ctx.fill(b.heads);
    }
  }
  ctx.globalAlpha = 1;
}

/** Nodes, batched by fill: their kind's colour, or their coverage's. */
function drawNodes(ctx: CanvasRenderingContext2D, scene: Scene, t: ZoomTransform, v: View) {
  const paths = new Map<string, Path2D>();
  for (const n of scene.nodes) {
    if (!pointInView(v, n.x, n.y, n.r)) continue;
    const fill = n.fill ?? MAP_COLOURS[n.vis.kind];
    let path = paths.get(fill);
    if (!path) paths.set(fill, (path = new Path2D()));
    path.moveTo(n.x + n.r, n.y);
    path.arc(n.x, n.y, n.r, 0, Math.PI * 2);
  }
  for (const [fill, path] of paths) {
    ctx.fillStyle = fill;
    ctx.fill(path);
    ctx.strokeStyle = MAP_COLOURS.nodeStroke;
    ctx.lineWidth = 1.5 / t.k;
    ctx.stroke(path);
  }
}

/** Labels in screen space so they stay legible; only once nodes are big enough on screen. */
function drawLabels(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  t: ZoomTransform,
  v: View,
  o: DrawOptions,
) {
  ctx.setTransform(o.dpr, 0, 0, o.dpr, 0, 0);
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.lineWidth = 3;
  ctx.strokeStyle = MAP_COLOURS.halo;
  ctx.fillStyle = MAP_COLOURS.label;
  if (t.k >= 0.8) {
    let budget = 600;
    for (const n of scene.nodes) {
      if (n.vis.kind === 'group' || !pointInView(v, n.x, n.y, n.r) || budget-- <= 0) continue;
      const [sx, sy] = t.apply([n.x, n.y + n.r]);
      // Labels keep their screen size, so below 1:1 they are cut to the cell as drawn.
      const text = fitLabel(cleanText(n.vis.label), CELL_W * Math.min(t.k, 1));
      ctx.strokeText(text, sx, sy + LABEL_GAP * Math.min(t.k, 1));
      ctx.fillText(text, sx, sy + LABEL_GAP * Math.min(t.k, 1));
    }
  }
  ctx.font = '600 11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  for (const g of scene.groups) {
    if (!boxInView(v, g.box, 30 / t.k)) continue;
    const box = groupLabelBox(g, t);
    ctx.fillStyle = 'rgba(255, 255, 255, 0.95)';
    ctx.strokeStyle = MAP_COLOURS.hullStroke;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.roundRect(box.x, box.y, box.w, box.h, 4);
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = MAP_COLOURS.group;
    ctx.fillText(box.text, box.x + box.w / 2, box.y + box.h / 2);
  }
}

export function drawScene(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  t: ZoomTransform,
  o: DrawOptions,
): void {
  ctx.setTransform(o.dpr, 0, 0, o.dpr, 0, 0);
  ctx.clearRect(0, 0, o.width, o.height);
  ctx.setTransform(o.dpr * t.k, 0, 0, o.dpr * t.k, o.dpr * t.x, o.dpr * t.y);
  const [x0, y0] = t.invert([0, 0]);
  const [x1, y1] = t.invert([o.width, o.height]);
  const v = { x0, y0, x1, y1 };
  drawHulls(ctx, scene, t, v);
  drawLinks(ctx, scene, t, v);
  drawNodes(ctx, scene, t, v);
  drawLabels(ctx, scene, t, v, o);
}

/** The selected and hovered node or link, drawn over a full draw or a snapshot of one. */
export function drawHighlights(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  t: ZoomTransform,
  o: DrawOptions,
  h: Highlight,
): void {
  if (!h.selectedId && !h.hoveredId) return;
  ctx.setTransform(o.dpr * t.k, 0, 0, o.dpr * t.k, o.dpr * t.x, o.dpr * t.y);
  const wanted = (id: string) => id === h.selectedId || id === h.hoveredId;
  for (const l of scene.links) {
    if (!wanted(l.id)) continue;
    ctx.strokeStyle = MAP_COLOURS.highlight;
    ctx.lineWidth = l.width + 2 / t.k;
    ctx.beginPath();
    ctx.moveTo(l.x1, l.y1);
    ctx.lineTo(l.x2, l.y2);
    ctx.stroke();
    ctx.fillStyle = MAP_COLOURS.highlight;
    const [ax, ay, bx, by, cx, cy] = l.arrow;
    ctx.beginPath();
    ctx.moveTo(ax, ay);
    ctx.lineTo(bx, by);
    ctx.lineTo(cx, cy);
    ctx.fill();
  }
  for (const n of scene.nodes) {
    if (!wanted(n.id)) continue;
    ctx.strokeStyle = MAP_COLOURS.highlight;
    ctx.lineWidth = 2.5 / t.k;
    ctx.beginPath();
    ctx.arc(n.x, n.y, n.r + 2 / t.k, 0, Math.PI * 2);
    ctx.stroke();
  }
}

export interface Snapshot {
  canvas: HTMLCanvasElement;
  t: ZoomTransform;
  scene: Scene;
  width: number;
  height: number;
  dpr: number;
}

/** Copies a finished full draw so gestures can reuse it. */
export function takeSnapshot(
  source: HTMLCanvasElement,
  previous: Snapshot | undefined,
  scene: Scene,
  t: ZoomTransform,
  o: DrawOptions,
): Snapshot {
  const canvas = previous?.canvas ?? document.createElement('canvas');
  canvas.width = source.width;
  canvas.height = source.height;
  canvas.getContext('2d')?.drawImage(source, 0, 0);
  return { canvas, t, scene, width: o.width, height: o.height, dpr: o.dpr };
}

/**
 * During a pan or zoom, the last full draw moved and scaled as one image: one drawImage a
 * frame instead of rasterising 10,000 lines. The full draw follows when the gesture rests.
 */
export function drawSnapshot(
  ctx: CanvasRenderingContext2D,
  snap: Snapshot,
  t: ZoomTransform,
  o: DrawOptions,
): void {
  const s = t.k / snap.t.k;
  ctx.setTransform(o.dpr, 0, 0, o.dpr, 0, 0);
  ctx.clearRect(0, 0, o.width, o.height);
  ctx.setTransform(
    o.dpr * s,
    0,
    0,
    o.dpr * s,
    o.dpr * (t.x - s * snap.t.x),
    o.dpr * (t.y - s * snap.t.y),
  );
  ctx.drawImage(snap.canvas, 0, 0, snap.width, snap.height);
}
