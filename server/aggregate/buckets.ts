// Time buckets for series: a "round" size that gives at most ~120 buckets for the window.
import 'server-only';
const STEPS_MS = [
  1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000,
  1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
];
const MAX_BUCKETS = 120;

export function chooseBucketMs(from: number, to: number): number {
  const span = Math.max(1, to - from);
  for (const step of STEPS_MS) if (span / step <= MAX_BUCKETS) return step;
  return Math.ceil(span / MAX_BUCKETS / 86_400_000) * 86_400_000;
}

export function bucketCount(from: number, to: number, bucketMs: number): number {
  return Math.max(1, Math.ceil((to - from) / bucketMs));
}
