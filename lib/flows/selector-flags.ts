// `hubble observe` flags that choose which flows to read rather than filter them: --since,
// --until and --last. The flow filter box accepts them as hubble users type them and turns
// them into the page's time window (--since/--until) and row limit (--last).
// Times are read as the hubble CLI reads them (Cilium hubble/pkg/time FromString): first as
// a Go duration back from now (5m, 1h30m, 1.5h, 300ms), then in one of its layouts
// (2006-01-02, 2006-01-02T15Z07:00, 2006-01-02T15:04Z07:00, RFC 3339 with or without
// fractional seconds, RFC 1123 with a numeric zone).
import type { TimeWindow } from '@/lib/time-window/time-window';
import { tokenize } from './text-tokens';

export const SELECTOR_FLAGS = ['since', 'until', 'last'] as const;
export type SelectorFlag = (typeof SELECTOR_FLAGS)[number];

/** As many rows as the flows page keeps in the browser (MAX_BROWSER_FLOWS in lib/queries). */
export const MAX_LAST = 10_000;
/** The longest window the URL accepts (lib/time-window). */
const MAX_WINDOW_MS = 31 * 86_400_000;

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3, // U+00B5 micro sign
  μs: 1e-3, // U+03BC Greek mu
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Go's time.ParseDuration, in milliseconds (fractions kept); undefined when it would fail. */
export function parseGoDuration(text: string): number | undefined {
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  let total = 0;
  while (rest !== '') {
    const num = /^(\d*)(?:\.(\d*))?/.exec(rest);
    const whole = num?.[1] ?? '';
    const frac = num?.[2] ?? '';
    if (whole === '' && frac === '') return undefined;
    rest = rest.slice(num![0].length);
    const unit = /^[^\d.]+/.exec(rest)?.[0];
    const scale = unit === undefined ? undefined : UNIT_MS[unit];
    if (unit === undefined || scale === undefined) return undefined;
    rest = rest.slice(unit.length);
    total += Number(`${whole || '0'}.${frac || '0'}`) * scale;
  }
  return sign * total;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ZONE = '(Z|[+-]\\d\\d:\\d\\d)';
const DATE = '(\\d{4})-(\\d\\d)-(\\d\\d)';
const LAYOUTS: readonly RegExp[] = [
  new RegExp(`^${DATE}$`),
  new RegExp(`^${DATE}T(\\d\\d)${ZONE}$`),
  new RegExp(`^${DATE}T(\\d\\d):(\\d\\d)${ZONE}$`),
  new RegExp(`^${DATE}T(\\d\\d):(\\d\\d):(\\d\\d)(?:\\.(\\d{1,9}))?${ZONE}$`),
];
const RFC1123Z =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d\d) ([A-Z][a-z]{2}) (\d{4}) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))? ([+-]\d\d)(\d\d)$/;

interface Parts {
  year: string;
  month: number;
  day: string;
  hour?: string;
  minute?: string;
  second?: string;
  fraction?: string;
  /** Minutes east of UTC. */
  offset: number;
}

function zoneMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === 'Z') return 0;
  const m = /^([+-])(\d\d):?(\d\d)$/.exec(zone);
  if (!m || Number(m[2]) > 24 || Number(m[3]) > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

function toEpochMs(p: Parts): number | undefined {
  const [y, mo, d] = [Number(p.year), p.month, Number(p.day)];
  const [h, mi, s] = [Number(p.hour ?? 0), Number(p.minute ?? 0), Number(p.second ?? 0)];
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return undefined;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > daysInMonth) return undefined;
  const frac = p.fraction ? Number(`0.${p.fraction}`) * 1000 : 0;
  const utc = Date.UTC(y, mo - 1, d, h, mi, s) + frac;
  // Date.UTC maps years 0-99 to 1900-1999; Go does not.
  const fixed = y < 100 ? new Date(utc).setUTCFullYear(y) : utc;
  return fixed - p.offset * 60_000;
}

function parseLayout(text: string): number | undefined {
  for (const re of LAYOUTS) {
    const m = re.exec(text);
    if (!m) continue;
    const [, year, month, day, ...more] = m as unknown as string[];
    const zone = more.pop();
    const offset = zoneMinutes(zone);
    if (offset === undefined) return undefined;
    const [hour, minute, second, fraction] = more;
    return toEpochMs({
      year: year!,
      month: Number(month),
      day: day!,
      ...(hour !== undefined ? { hour } : {}),
      ...(minute !== undefined ? { minute } : {}),
      ...(second !== undefined ? { second } : {}),
      ...(fraction !== undefined ? { fraction } : {}),
      offset,
    });
  }
  const m = RFC1123Z.exec(text);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2]!) + 1;
  const offset = zoneMinutes(`${m[8]}${m[9]}`);
  if (month === 0 || offset === undefined) return undefined;
  return toEpochMs({
    year: m[3]!,
    month,
    day: m[1]!,
    hour: m[4]!,
    minute: m[5]!,
    second: m[6]!,
    ...(m[7] !== undefined ? { fraction: m[7] } : {}),
    offset,
  });
}

export interface HubbleTime {
  /** Epoch milliseconds. */
  ms: number;
  /** Set when the text was a duration: how far back from now. */
  agoMs?: number;
}

/** A time as `hubble observe --since/--until` reads it; undefined when hubble would refuse. */
export function parseHubbleTime(text: string, now: number): HubbleTime | undefined {
  const ago = parseGoDuration(text);
  if (ago !== undefined) return { ms: now - ago, agoMs: ago };
  const ms = parseLayout(text);
  return ms === undefined ? undefined : { ms };
}

export type SelectorValues = Partial<Record<SelectorFlag, string>>;

export type SplitResult =
  { ok: true; rest: string; flags: SelectorValues } | { ok: false; error: string };

function asSelector(word: string): { name: SelectorFlag; inline?: string } | undefined {
  const m = /^--(since|until|last)(?:=([\s\S]*))?$/.exec(word);
  if (!m) return undefined;
  return { name: m[1] as SelectorFlag, ...(m[2] !== undefined ? { inline: m[2] } : {}) };
}

/**
 * Takes --since, --until and --last (as `--flag value` or `--flag=value`) out of filter text.
 * As with the CLI, a flag given twice keeps its last value. The rest is left as typed.
 */
export function splitSelectorFlags(text: string): SplitResult {
  const tokens = tokenize(text);
  const flags: SelectorValues = {};
  const cut: { start: number; end: number }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const flag = asSelector(tokens[i]!.value);
    if (!flag) continue;
    const start = tokens[i]!.start;
    if (tokens[i - 1]?.value === '--not') {
      return { ok: false, error: `--not cannot negate --${flag.name}: it is not a filter` };
    }
    let value = flag.inline;
    let end = tokens[i]!.end;
    if (value === undefined) {
      const next = tokens[i + 1];
      if (!next || next.value.startsWith('--')) {
        return { ok: false, error: `--${flag.name} needs a value` };
      }
      value = next.value;
      end = next.end;
      i++;
    }
    flags[flag.name] = value;
    cut.push({ start, end });
  }
  let rest = text;
  for (const { start, end } of cut.reverse()) {
    let to = end;
    while (to < rest.length && /\s/.test(rest.charAt(to))) to++;
    rest = rest.slice(0, start) + rest.slice(to);
  }
  return { ok: true, rest: rest.trim(), flags };
}

export type SelectorResult =
  { ok: true; window?: TimeWindow; last?: number } | { ok: false; error: string };

const TIME_HINT =
  'give a duration back from now such as 5m or 1h30m, or a time such as 2026-11-20T10:00:00Z';

function readTime(name: string, text: string, now: number): HubbleTime | string {
  const t = parseHubbleTime(text, now);
  return t ?? `--${name}: "${text.slice(0, 40)}" is not a time; ${TIME_HINT}`;
}

/** A window label the URL takes (`90m`, `2h`, `45s`); sub-second spans round up to 1 s. */
function relativeLabel(ms: number): { last: string; ms: number } {
  const s = Math.max(1, Math.ceil(ms / 1000 - 1e-9));
  const [n, unit] =
    s % 86_400 === 0
      ? [s / 86_400, 'd']
      : s % 3600 === 0
        ? [s / 3600, 'h']
        : s % 60 === 0
          ? [s / 60, 'm']
          : [s, 's'];
  return { last: `${n}${unit}`, ms: s * 1000 };
}

function spanOf(w: TimeWindow): number {
  return w.kind === 'relative' ? w.ms : w.to - w.from;
}

function readLast(text: string): number | string {
  if (!/^\d{1,6}$/.test(text) || Number(text) < 1 || Number(text) > MAX_LAST) {
    return `--last: "${text.slice(0, 40)}" is not a number of flows from 1 to ${MAX_LAST.toLocaleString('en-US')}`;
  }
  return Number(text);
}

function readWindow(
  flags: SelectorValues,
  now: number,
  current: TimeWindow,
): TimeWindow | string | undefined {
  if (flags.since === undefined && flags.until === undefined) return undefined;
  const since = flags.since === undefined ? undefined : readTime('since', flags.since, now);
  if (typeof since === 'string') return since;
  const until = flags.until === undefined ? undefined : readTime('until', flags.until, now);
  if (typeof until === 'string') return until;
  if (since && since.ms >= now) return `--since: "${flags.since}" is not in the past`;
  // --since alone reads up to now: a duration is a live window, a time is pinned at now.
  if (since && !until) {
    if (since.agoMs !== undefined) {
      if (since.agoMs > MAX_WINDOW_MS) return '--since: the window would be longer than 31 days';
      return { kind: 'relative', ...relativeLabel(since.agoMs) };
    }
    return checked({ kind: 'absolute', from: since.ms, to: now });
  }
  // --until alone keeps the page's current window length, ending there.
  const to = until!.ms;
  const from = since ? since.ms : to - spanOf(current);
  if (to <= from) return '--until must be after --since';
  return checked({ kind: 'absolute', from: Math.floor(from), to: Math.ceil(to) });
}

function checked(w: Extract<TimeWindow, { kind: 'absolute' }>): TimeWindow | string {
  if (w.to - w.from > MAX_WINDOW_MS) return 'the window would be longer than 31 days';
  return w;
}

/**
 * What --since, --until and --last ask of the page at `now`: a time window (--since alone
 * with a duration follows now, as `hubble observe --since 5m` reads up to the moment it
 * runs) and a number of rows.
 */
export function resolveSelectorFlags(
  flags: SelectorValues,
  now: number,
  current: TimeWindow,
): SelectorResult {
  const window = readWindow(flags, now, current);
  if (typeof window === 'string') return { ok: false, error: window };
  const last = flags.last === undefined ? undefined : readLast(flags.last);
  if (typeof last === 'string') return { ok: false, error: last };
  return {
    ok: true,
    ...(window ? { window } : {}),
    ...(last !== undefined ? { last } : {}),
  };
}

/** The page's `last` URL parameter: a row count, or undefined when absent or not one. */
export function parseLastParam(raw: string | null): number | undefined {
  if (raw === null) return undefined;
  const n = readLast(raw.trim());
  return typeof n === 'number' ? n : undefined;
}

/** Why the page's `last` URL parameter is not a row count, or undefined when it is one. */
export function lastParamError(raw: string | null): string | undefined {
  if (raw === null) return undefined;
  const n = readLast(raw.trim());
  return typeof n === 'string'
    ? `the link's last parameter: ${n.replace(/^--last: /, '')}`
    : undefined;
}
