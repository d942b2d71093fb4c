// One way to write a time everywhere Flowscope shows one: 24-hour clock, ISO date order, and
// a zone the user picks (the browser's local zone or UTC) that every label names. Pure
// functions over epoch ms; the chosen zone is module state set by the TimeZoneProvider, so
// the formatters stay plain calls.
import { scaleUtc, type ScaleTime } from 'd3';

export type ZoneMode = 'local' | 'utc';
export const ZONE_MODES: readonly ZoneMode[] = ['local', 'utc'];
export const ZONE_STORAGE_KEY = 'flowscope.timeZone';

let current: ZoneMode = 'local';

export function setZoneMode(mode: ZoneMode): void {
  current = mode;
}

export function zoneMode(): ZoneMode {
  return current;
}

export function isZoneMode(value: unknown): value is ZoneMode {
  return value === 'local' || value === 'utc';
}

interface Parts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
}

function parts(ts: number, mode: ZoneMode): Parts | undefined {
  const t = new Date(ts);
  if (Number.isNaN(t.getTime())) return undefined;
  return mode === 'utc'
    ? {
        y: t.getUTCFullYear(),
        mo: t.getUTCMonth() + 1,
        d: t.getUTCDate(),
        h: t.getUTCHours(),
        mi: t.getUTCMinutes(),
        s: t.getUTCSeconds(),
        ms: t.getUTCMilliseconds(),
      }
    : {
        y: t.getFullYear(),
        mo: t.getMonth() + 1,
        d: t.getDate(),
        h: t.getHours(),
        mi: t.getMinutes(),
        s: t.getSeconds(),
        ms: t.getMilliseconds(),
      };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export interface ClockOptions {
  /** Show milliseconds (flows); default false. */
  ms?: boolean;
  /** Leave out seconds (chart ticks on whole minutes); default false. */
  minutes?: boolean;
}

/** `14:03:07`, `14:03:07.412` or `14:03` in the chosen zone. */
export function formatClock(ts: number, opts: ClockOptions = {}, mode = current): string {
  const p = parts(ts, mode);
  if (!p) return '';
  const hm = `${pad(p.h)}:${pad(p.mi)}`;
  if (opts.minutes) return hm;
  return `${hm}:${pad(p.s)}${opts.ms ? `.${pad(p.ms, 3)}` : ''}`;
}

/** `2026-12-02` in the chosen zone. */
export function formatDate(ts: number, mode = current): string {
  const p = parts(ts, mode);
  return p ? `${p.y}-${pad(p.mo)}-${pad(p.d)}` : '';
}

/** `2026-12-02 14:03:07` (with `.412` when asked) in the chosen zone. */
export function formatDateTime(ts: number, opts: ClockOptions = {}, mode = current): string {
  const date = formatDate(ts, mode);
  return date ? `${date} ${formatClock(ts, opts, mode)}` : '';
}

/** `UTC`, or the local zone as `UTC+01:00` (with its name when the browser gives one). */
export function zoneLabel(mode = current, at = Date.now()): string {
  if (mode === 'utc') return 'UTC';
  const offset = -new Date(at).getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const utc = `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  const name = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return name && name !== 'UTC' ? `${utc} ${name}` : utc;
}

/** The short zone name for column headers: `UTC` or `UTC+01:00`. */
export function zoneShort(mode = current, at = Date.now()): string {
  return zoneLabel(mode, at).split(' ')[0] ?? 'UTC';
}

/** The text of a time input in the chosen zone, to the minute: `2026-12-02 14:03`. */
export function toZoneInput(ts: number, mode = current): string {
  const date = formatDate(ts, mode);
  return date ? `${date} ${formatClock(ts, { minutes: true }, mode)}` : '';
}

/**
 * Epoch ms of `YYYY-MM-DD HH:MM[:SS]` (a `T` may stand for the space) in the chosen zone, or
 * undefined when the text is not such a time or names a day that does not exist.
 */
export function fromZoneInput(text: string, mode = current): number | undefined {
  const m = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d))?$/.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const ms =
    mode === 'utc' ? Date.UTC(y, mo - 1, d, h, mi, s) : new Date(y, mo - 1, d, h, mi, s).getTime();
  // Reject days that roll over (2026-02-31 would become March 3rd).
  const back = parts(ms, mode);
  if (!back || back.d !== d || back.mo !== mo) return undefined;
  return ms;
}

/**
 * Ticks of a time axis in the chosen zone, each with its label: the clock, and the date where
 * the day changes or the whole axis spans more than a day.
 */
export function timeTicks(
  x: ScaleTime<number, number>,
  count: number,
  mode = current,
): { at: Date; label: string }[] {
  const domain = x.domain() as [Date, Date];
  const ticks = mode === 'utc' ? scaleUtc().domain(domain).ticks(count) : x.ticks(count);
  const spanMs = domain[1].getTime() - domain[0].getTime();
  const wholeMinutes = ticks.every((t) => t.getTime() % 60_000 === 0);
  let lastDate = '';
  return ticks.map((at) => {
    const date = formatDate(at.getTime(), mode);
    const clock = formatClock(at.getTime(), { minutes: wholeMinutes }, mode);
    const showDate = spanMs > 86_400_000 || (lastDate !== '' && date !== lastDate);
    lastDate = date;
    return { at, label: showDate ? `${date.slice(5)} ${clock}` : clock };
  });
}
