// The time window every view shares. "Live" windows ("last 15 minutes") follow now; a shared
// link pins them to absolute times so it shows the same flows tomorrow.

export type TimeWindow =
  | { kind: 'relative'; /** e.g. "15m" */ last: string; ms: number }
  | { kind: 'absolute'; from: number; to: number };

export const PRESET_WINDOWS = ['5m', '15m', '1h', '6h', '24h'] as const;
export const DEFAULT_WINDOW: TimeWindow = { kind: 'relative', last: '15m', ms: 15 * 60_000 };

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const MAX_WINDOW_MS = 31 * 86_400_000;

/** "15m" -> 900000; undefined when not a duration of s, m, h or d. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d{1,6})([smhd])$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

/** Epoch ms from an RFC 3339 time or an integer of epoch milliseconds. */
export function parseInstant(text: string): number | undefined {
  const t = text.trim();
  if (/^\d{1,16}$/.test(t)) return Number(t);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$/.test(t)) return undefined;
  const ms = Date.parse(t.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(ms) ? undefined : ms;
}

export type WindowParse =
  { ok: true; window: TimeWindow } | { ok: false; error: string; param: string };

/** Reads `window=15m`, or `from` and `to`, from URL parameters; none gives `fallback`. */
export function parseWindowParams(
  params: URLSearchParams,
  fallback: TimeWindow = DEFAULT_WINDOW,
): WindowParse {
  const last = params.get('window');
  const from = params.get('from');
  const to = params.get('to');
  if (last !== null) {
    if (from !== null || to !== null) {
      return { ok: false, error: 'give either window or from/to, not both', param: 'window' };
    }
    const ms = parseDuration(last);
    if (ms === undefined || ms <= 0 || ms > MAX_WINDOW_MS) {
      return {
        ok: false,
        error: `window: "${last.slice(0, 40)}" is not a duration such as 5m, 1h or 7d (at most 31d)`,
        param: 'window',
      };
    }
    return { ok: true, window: { kind: 'relative', last: last.trim(), ms } };
  }
  if (from === null && to === null) return { ok: true, window: fallback };
  if (from === null || to === null) {
    return { ok: false, error: 'from and to go together', param: from === null ? 'from' : 'to' };
  }
  const f = parseInstant(from);
  const t = parseInstant(to);
  if (f === undefined) return { ok: false, error: timeError('from', from), param: 'from' };
  if (t === undefined) return { ok: false, error: timeError('to', to), param: 'to' };
  if (t <= f) return { ok: false, error: 'to must be after from', param: 'to' };
  if (t - f > MAX_WINDOW_MS)
    return { ok: false, error: 'the window is longer than 31 days', param: 'to' };
  return { ok: true, window: { kind: 'absolute', from: f, to: t } };
}

function timeError(name: string, value: string): string {
  return `${name}: "${value.slice(0, 40)}" is not a time (RFC 3339 such as 2026-11-20T10:00:00Z, or epoch milliseconds)`;
}

/** The concrete [from, to) of a window at `now`. */
export function resolveWindow(w: TimeWindow, now: number): { from: number; to: number } {
  return w.kind === 'relative' ? { from: now - w.ms, to: now } : { from: w.from, to: w.to };
}

/** URL parameters for a window, the inverse of parseWindowParams. */
export function windowParams(w: TimeWindow): Record<string, string> {
  if (w.kind === 'relative') return { window: w.last };
  return { from: new Date(w.from).toISOString(), to: new Date(w.to).toISOString() };
}

/** windowParams as [key, value] pairs, to go with other parameters in one query string. */
export function windowPairs(w: TimeWindow): [string, string][] {
  return Object.entries(windowParams(w));
}

/** The same window pinned to absolute times, for links that must not move. */
export function pinWindow(w: TimeWindow, now: number): TimeWindow {
  const { from, to } = resolveWindow(w, now);
  return { kind: 'absolute', from, to };
}
