// The drop timeline's charts as data: per bucket, one stacked segment per key with its
// place in the stack, plus the legend (label, colour, total). Pure, so the SVG component
// only maps these through d3 scales.
import type { DropBreakdown, Timeline } from '@/lib/api/aggregate';
import { dropReasonLabel } from '@/lib/flows/drop-reasons';
import { VERDICT_KEYS, type VerdictKey } from '@/lib/api/verdict-keys';

export const VERDICT_COLOURS: Record<VerdictKey, string> = {
  forwarded: '#3a9d5d',
  dropped: '#d64545',
  error: '#8f3a8f',
  audit: '#d99a00',
  redirected: '#2f73c9',
  other: '#9aa4af',
};

/** Colours of drop keys, handed out in sorted key order so a key keeps its colour while
 * the set of keys stays the same. Repeats after ten keys. No reds: red means "dropped"
 * on the verdict chart, and every key here is a drop, so a red key would read as more so. */
export const DROP_PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#499894',
  '#7f7f7f',
  '#a0cbe8',
  '#d4a6c8',
] as const;

export interface StackSegment {
  key: string;
  /** Bucket start and end, epoch ms (the last bucket ends at the window's end). */
  start: number;
  end: number;
  count: number;
  /** Flows below this segment in its bucket, and that plus its own count. */
  y0: number;
  y1: number;
}

export interface StackSeries {
  key: string;
  label: string;
  colour: string;
  total: number;
}

export interface StackModel {
  window: { from: number; to: number };
  series: StackSeries[];
  /** Only segments with a count; at most buckets × keys. */
  segments: StackSegment[];
  /** Highest bucket total, for the y scale. */
  max: number;
  total: number;
}

interface Column {
  key: string;
  label: string;
  colour: string;
  counts: readonly number[];
}

function stack(t: Timeline, columns: Column[]): StackModel {
  const segments: StackSegment[] = [];
  let max = 0;
  t.times.forEach((start, b) => {
    const end = Math.min(start + t.bucketMs, t.window.to);
    let y = 0;
    for (const c of columns) {
      const count = c.counts[b] ?? 0;
      if (count <= 0) continue;
      segments.push({ key: c.key, start, end, count, y0: y, y1: y + count });
      y += count;
    }
    max = Math.max(max, y);
  });
  const series = columns.map((c) => ({
    key: c.key,
    label: c.label,
    colour: c.colour,
    total: c.counts.reduce((sum, n) => sum + n, 0),
  }));
  const total = series.reduce((sum, s) => sum + s.total, 0);
  return { window: t.window, series, segments, max, total };
}

/** Every flow per bucket, stacked by verdict in VERDICT_KEYS order, bottom first. */
export function verdictStack(t: Timeline): StackModel {
  return stack(
    t,
    VERDICT_KEYS.map((key) => ({
      key,
      label: key,
      colour: VERDICT_COLOURS[key],
      counts: t.verdicts[key] ?? [],
    })),
  );
}

const REASON_PREFIX = 'reason:';

/**
 * Legend text of a drop key: a reason in plain words with Hubble's name beside, or a policy.
 * By policy, drops Hubble names no policy for say what they are; the dropped-edges table
 * under the charts names their rule. Keys come from flows: the result is for text only.
 */
export function dropKeyLabel(key: string, breakdown: DropBreakdown = 'policy'): string {
  if (breakdown === 'reason') return dropReasonLabel(key);
  if (key === 'default-deny') return 'default deny (no rule allows it)';
  if (key === 'unattributed') return 'unattributed (not a policy drop)';
  if (key.startsWith(REASON_PREFIX)) {
    const reason = key.slice(REASON_PREFIX.length);
    if (reason === 'POLICY_DENY') {
      return 'a deny rule Hubble did not name (see the table) · POLICY_DENY';
    }
    if (reason === 'UNKNOWN' || reason === '') {
      return 'no reason given, e.g. L7 denials (see the table)';
    }
    return `not a policy decision: ${dropReasonLabel(reason)}`;
  }
  return key;
}

/** Drops per bucket, stacked by reason or policy in sorted key order. */
export function dropStack(t: Timeline): StackModel {
  const keys = Object.keys(t.drops).sort();
  return stack(
    t,
    keys.map((key, i) => ({
      key,
      label: dropKeyLabel(key, t.breakdown),
      colour: DROP_PALETTE[i % DROP_PALETTE.length]!,
      counts: t.drops[key] ?? [],
    })),
  );
}

export function seriesColour(model: StackModel, key: string): string {
  return model.series.find((s) => s.key === key)?.colour ?? VERDICT_COLOURS.other;
}
