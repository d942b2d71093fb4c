// What the export needs from the page, as pure functions: the drawn scene as the exporter's
// model, the legend's window and totals, and the file name. Kept apart from the download
// code so all of it is unit-tested without a browser.
import type { ServiceMap } from '@/lib/api/aggregate';
import type { ExportModel, ExportOptions } from '@/lib/map/export';
import type { TimeWindow } from '@/lib/time-window/time-window';
import { MAP_COLOURS } from '@/lib/map/style';
import type { Scene } from './map-scene';

/** The scene as drawn: same positions, collapse state, colours and widths on both renderers. */
export function exportModel(scene: Scene): ExportModel {
  return {
    nodes: scene.nodes.map((n) => ({
      x: n.x,
      y: n.y,
      r: n.r,
      kind: n.vis.kind,
      label: n.vis.label,
      members: n.vis.members,
      ...(n.fill ? { fill: n.fill } : {}),
    })),
    links: scene.links.map((l) => ({
      x1: l.x1,
      y1: l.y1,
      x2: l.x2,
      y2: l.y2,
      arrow: l.arrow,
      width: l.width,
      colour: l.colour,
    })),
    groups: scene.groups.map((g) => ({ ...g })),
  };
}

/** `last 15m`, or the absolute range in UTC. */
export function windowLabel(w: TimeWindow): string {
  if (w.kind === 'relative') return `last ${w.last}`;
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  return `${iso(w.from)} – ${iso(w.to)}`;
}

/**
 * Legend text and colours. Node and link counts are the drawn graph's, as in the totals bar;
 * flow counts are the window's.
 */
export function exportOptions(
  map: Pick<ServiceMap, 'totals'>,
  counts: { nodes: number; links: number },
  w: TimeWindow,
): ExportOptions {
  const t = map.totals;
  return {
    windowLabel: windowLabel(w),
    totals: {
      ...counts,
      flows: t.flows,
      forwarded: t.forwarded,
      redirected: t.redirected,
      dropped: t.dropped,
      caution: t.audit + t.error + t.other,
      replies: t.replies,
    },
    colours: MAP_COLOURS,
  };
}

/** `flowscope-map-15m.svg`; absolute windows as compact UTC times. Safe on any filesystem. */
export function exportFileName(w: TimeWindow, ext: 'svg' | 'png'): string {
  const compact = (ms: number) =>
    new Date(ms)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
      .replace(/[-:]/g, '');
  const slug = w.kind === 'relative' ? w.last : `${compact(w.from)}-${compact(w.to)}`;
  return `flowscope-map-${slug.replace(/[^A-Za-z0-9_-]/g, '_')}.${ext}`;
}

// Browsers refuse canvases past about 16k px a side or a few hundred megapixels in all
// (Chrome: 268M; Safari less); a huge canvas-mode map is scaled down rather than failing.
const MAX_CANVAS_SIDE = 16_384;
const MAX_CANVAS_AREA = 100_000_000;

/** The PNG's scale: 2× for crisp text, less when the map is too large for one canvas. */
export function pngScale(width: number, height: number, wanted = 2): number {
  const bySide = MAX_CANVAS_SIDE / Math.max(width, height, 1);
  const byArea = Math.sqrt(MAX_CANVAS_AREA / Math.max(width * height, 1));
  return Math.min(wanted, bySide, byArea);
}
