// Time buckets of a policy rule's allowed/denied series, and the bars that draw it. Shared
// by the server (which counts into the buckets) and the rule's bar strip (which draws them),
// so both agree on what a bucket is. Pure.

export interface UsageSeries {
  /** Allowed decisions per bucket; bucket i covers [from + i * bucketMs, from + (i+1) * bucketMs). */
  allowed: number[];
  denied: number[];
}

// Round sizes a person can read off the axis ("per 30 s"); neighbours differ by at most
// 2.5x, so the smallest that fits MAX_BUCKETS still gives at least MAX_BUCKETS / 2.5.
const STEPS_MS = [
  1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000,
  1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
];
/** Enough to see a burst; few enough that one bar stays a few pixels wide in a rule card. */
export const MAX_USAGE_BUCKETS = 60;

/** A round bucket size giving between about 24 and MAX_USAGE_BUCKETS buckets over the span. */
export function usageBucketMs(from: number, to: number): number {
  const span = Math.max(1, to - from);
  for (const step of STEPS_MS) if (span / step <= MAX_USAGE_BUCKETS) return step;
  return Math.ceil(span / MAX_USAGE_BUCKETS / 86_400_000) * 86_400_000;
}

/** How many buckets of `bucketMs` cover [from, to); at least one for a non-empty span. */
export function usageBucketCount(from: number, to: number, bucketMs: number): number {
  if (to <= from || bucketMs <= 0) return 0;
  return Math.ceil((to - from) / bucketMs);
}

export interface SeriesBar {
  /** Bucket start, epoch ms. */
  start: number;
  allowed: number;
  denied: number;
  x: number;
  width: number;
  /** Allowed sits at the bottom, denied stacked on top of it. */
  allowedY: number;
  allowedHeight: number;
  deniedY: number;
  deniedHeight: number;
}

export interface SeriesLayout {
  seriesFrom: number;
  bucketMs: number;
  /** The span the strip stands for, so bars sit at their time even if buckets miss part of it. */
  window: { from: number; to: number };
  width: number;
  height: number;
}

/** The bars of the non-empty buckets, stacked, scaled to the busiest bucket. */
export function seriesBars(series: UsageSeries, layout: SeriesLayout): SeriesBar[] {
  const { seriesFrom, bucketMs, window, width, height } = layout;
  const span = window.to - window.from;
  const n = Math.max(series.allowed.length, series.denied.length);
  if (span <= 0 || bucketMs <= 0 || n === 0) return [];
  let peak = 0;
  for (let i = 0; i < n; i++) {
    peak = Math.max(peak, (series.allowed[i] ?? 0) + (series.denied[i] ?? 0));
  }
  if (peak === 0) return [];
  const perMs = width / span;
  // A gap of one pixel keeps neighbouring bars apart, unless that would erase them.
  const full = bucketMs * perMs;
  const barWidth = full > 2 ? full - 1 : full;
  const bars: SeriesBar[] = [];
  for (let i = 0; i < n; i++) {
    const allowed = series.allowed[i] ?? 0;
    const denied = series.denied[i] ?? 0;
    if (allowed + denied === 0) continue;
    const start = seriesFrom + i * bucketMs;
    const allowedHeight = (allowed / peak) * height;
    const deniedHeight = (denied / peak) * height;
    bars.push({
      start,
      allowed,
      denied,
      x: (start - window.from) * perMs,
      width: barWidth,
      allowedY: height - allowedHeight,
      allowedHeight,
      deniedY: height - allowedHeight - deniedHeight,
      deniedHeight,
    });
  }
  return bars;
}

/** "30 s", "5 min", "1 h": the bucket size as the strip's caption says it. */
export function bucketText(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}
