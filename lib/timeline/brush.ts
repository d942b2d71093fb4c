// Turning a brushed pixel range into the absolute window every view then shows.

/** Brushes narrower than this are taken as a stray click, not a window. */
export const MIN_BRUSH_MS = 1000;

/**
 * The window for a brushed range of times, widened to whole seconds so the URL stays
 * readable; undefined when the range is too short to mean anything.
 */
export function brushWindow(t0: number, t1: number): { from: number; to: number } | undefined {
  const lo = Math.min(t0, t1);
  const hi = Math.max(t0, t1);
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi - lo < MIN_BRUSH_MS) return undefined;
  return { from: Math.floor(lo / 1000) * 1000, to: Math.ceil(hi / 1000) * 1000 };
}
