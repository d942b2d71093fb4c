// How a link looks from its counts: colour by verdict mix, width by volume. Pure so the SVG
// and canvas renderers agree, and so the legend can be tested against the same rules.
import { interpolateRgb } from 'd3';
import type { EdgeCounts } from './merge';
import { verdictTotal } from './merge';

export const LINK_COLOURS = {
  forwarded: '#2f9e44',
  dropped: '#d6336c',
  /** AUDIT, ERROR and unknown verdicts: allowed, but worth a look. */
  caution: '#e8a317',
  /** Replies only: nothing we saw the request of. */
  replies: '#9aa5b1',
} as const;

const towardDrops = interpolateRgb(LINK_COLOURS.forwarded, LINK_COLOURS.dropped);

/** Colour steps from all forwarded (0) to all dropped (STEPS); canvas batches by step. */
export const DROP_STEPS = 8;

export type LinkTone = { kind: 'drops'; step: number } | { kind: 'caution' } | { kind: 'replies' };

/** Share of a link's verdict-carrying flows that were dropped, 0..1. */
export function dropFraction(c: EdgeCounts): number {
  const total = verdictTotal(c);
  return total === 0 ? 0 : c.dropped / total;
}

/** What the red ramp measures: each link's share of drops, or its drop count. */
export type DropsMode = 'share' | 'count';

export function readDropsMode(params: URLSearchParams): DropsMode {
  return params.get('drops') === 'count' ? 'count' : 'share';
}

export function writeDropsMode(params: URLSearchParams, mode: DropsMode): URLSearchParams {
  const out = new URLSearchParams(params);
  if (mode === 'count') out.set('drops', 'count');
  else out.delete('drops');
  return out;
}

/**
 * The link's colour step. By share: dropped / verdict flows. By count: dropped against the
 * most drops of any drawn link (`maxDropped`), on a square-root scale like the widths, so
 * the links that drop most are the reddest whatever else they carry.
 */
export function linkTone(c: EdgeCounts, mode: DropsMode = 'share', maxDropped = 0): LinkTone {
  const total = verdictTotal(c);
  if (total === 0) return { kind: 'replies' };
  const caution = c.audit + c.error + c.other;
  if (c.dropped === 0 && caution * 2 >= total) return { kind: 'caution' };
  // Any drop shows: the first step is reserved for links with none at all.
  const f =
    mode === 'count' ? Math.sqrt(c.dropped / Math.max(maxDropped, c.dropped, 1)) : dropFraction(c);
  const step = f === 0 ? 0 : Math.max(1, Math.round(f * DROP_STEPS));
  return { kind: 'drops', step };
}

export function toneColour(tone: LinkTone): string {
  if (tone.kind === 'caution') return LINK_COLOURS.caution;
  if (tone.kind === 'replies') return LINK_COLOURS.replies;
  return towardDrops(tone.step / DROP_STEPS);
}

export function linkColour(c: EdgeCounts): string {
  return toneColour(linkTone(c));
}

/** A key for batching links of the same colour (canvas strokes one path per key). */
export function toneKey(tone: LinkTone): string {
  return tone.kind === 'drops' ? `d${tone.step}` : tone.kind;
}

export const MIN_LINK_WIDTH = 1;
export const MAX_LINK_WIDTH = 9;

/**
 * Width by volume on a square-root scale: the busiest link is MAX_LINK_WIDTH and a link of a
 * quarter of its flows is half as far above MIN_LINK_WIDTH. Unlike a log scale, links of
 * 3,083 and 1,727 flows look clearly different (9 and 7 px), and quiet links stay visible.
 */
export function linkWidthScale(maxVolume: number): (volume: number) => number {
  const max = Math.max(maxVolume, 1);
  return (volume) =>
    volume <= 0
      ? MIN_LINK_WIDTH
      : MIN_LINK_WIDTH + (MAX_LINK_WIDTH - MIN_LINK_WIDTH) * Math.sqrt(Math.min(volume, max) / max);
}

/** Flows a link stands for: verdict flows plus replies. */
export function linkVolume(c: EdgeCounts): number {
  return verdictTotal(c) + c.replies;
}

/** The map's palette, one for the canvas, the SVG export and the legend's swatches. */
export const MAP_COLOURS = {
  workload: '#3b6fd1',
  reserved: '#7b61c4',
  group: '#1f5fbf',
  nodeStroke: '#ffffff',
  hullFill: 'rgba(31, 95, 191, 0.045)',
  hullStroke: 'rgba(31, 95, 191, 0.35)',
  label: '#1c2430',
  halo: 'rgba(255, 255, 255, 0.92)',
  highlight: '#111827',
} as const;
