// Whether a staged draft is safe to enforce: no connection it would deny was seen for the
// chosen period, and it has been tracked for at least that long.
import 'server-only';
import type { ReadinessAnswer, WouldDenyTuple } from '@/lib/api/lab';
import type { Scope } from '@/server/access/viewer';
import { ApiError } from '@/server/http/api-error';
import type { DraftTracking } from './staged-tracker';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const MAX_PERIOD_MS = 90 * UNIT_MS.d;

/** `30m`, `1h`, `24h`, `7d`: at least a minute, at most 90 days. */
export function parsePeriod(text: string | null, param = 'period'): { text: string; ms: number } {
  const raw = text ?? '1h';
  const m = /^([1-9]\d{0,4})(m|h|d)$/.exec(raw);
  if (!m) {
    throw ApiError.badRequest(`${param}: give a duration like 30m, 1h, 24h or 7d`, param);
  }
  const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  if (ms > MAX_PERIOD_MS) throw ApiError.badRequest(`${param}: at most 90d`, param);
  return { text: raw, ms };
}

/** A span in the largest whole unit: `12m`, `3h`, `2d` (under a minute: `0m`). */
export function spanText(ms: number): string {
  if (ms >= UNIT_MS.d && ms % UNIT_MS.d === 0) return `${ms / UNIT_MS.d}d`;
  if (ms >= UNIT_MS.h && ms % UNIT_MS.h === 0) return `${ms / UNIT_MS.h}h`;
  if (ms >= UNIT_MS.d)
    return `${Math.floor(ms / UNIT_MS.d)}d ${Math.floor((ms % UNIT_MS.d) / UNIT_MS.h)}h`;
  if (ms >= UNIT_MS.h) {
    return `${Math.floor(ms / UNIT_MS.h)}h ${Math.floor((ms % UNIT_MS.h) / UNIT_MS.m)}m`;
  }
  return `${Math.floor(ms / UNIT_MS.m)}m`;
}

export interface ReadinessInput {
  tracking: DraftTracking;
  /** One namespace, or every namespace in `scope` when absent. */
  namespace?: string;
  scope: Scope;
  period: { text: string; ms: number };
  now: number;
}

export function readiness(input: ReadinessInput): ReadinessAnswer {
  const { tracking: t, namespace, scope, period, now } = input;
  const visible = (ns: string) =>
    namespace !== undefined ? ns === namespace : !scope || scope.includes(ns);
  const tuples: WouldDenyTuple[] = t.tuples
    .filter((x) => visible(x.namespace))
    .sort((a, b) => b.lastSeen - a.lastSeen || b.count - a.count);
  const cutoff = now - period.ms;
  const recent = tuples.filter((x) => x.lastSeen > cutoff).length;
  // Overflowed flows carry no namespace: they count against every namespace.
  const overflowRecent = t.overflow > 0 && (t.overflowLast ?? now) > cutoff;
  const reasons: string[] = [];
  if (recent > 0) {
    reasons.push(`${recent} ${recent === 1 ? 'tuple' : 'tuples'} seen in the last ${period.text}`);
  }
  if (overflowRecent) {
    reasons.push(
      `${t.overflow} would-be-denied flows beyond the tuple limit, the last in the last ${period.text}`,
    );
  }
  const tracked = now - t.since;
  if (tracked < period.ms) {
    reasons.push(`tracked for ${spanText(Math.max(0, tracked))} only, less than ${period.text}`);
  }
  const ready = reasons.length === 0;
  const answer: ReadinessAnswer = {
    draft: t.draft,
    name: t.name,
    period: period.text,
    periodMs: period.ms,
    since: t.since,
    now,
    ready,
    reason: ready
      ? `no would-be-denied flow in the last ${period.text}, tracked for ${spanText(tracked)}`
      : reasons.join('; '),
    recent,
    tuples,
    overflow: t.overflow,
  };
  if (namespace !== undefined) answer.namespace = namespace;
  return answer;
}

const CSV_HEADER = [
  'draft',
  'namespace',
  'source',
  'destination',
  'port',
  'protocol',
  'count',
  'first_seen',
  'last_seen',
  'example_flow',
  'decided_by',
];

/** One cell, quoted; a leading = + - @ (or tab/CR) gets a ' so a spreadsheet reads text. */
export function csvCell(value: string | number | undefined): string {
  let s = value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

export function readinessCsv(a: ReadinessAnswer): string {
  const rows = a.tuples.map((t) =>
    [
      t.draft,
      t.namespace,
      t.source,
      t.destination,
      t.port,
      t.protocol,
      t.count,
      new Date(t.firstSeen).toISOString(),
      new Date(t.lastSeen).toISOString(),
      t.exampleFlow,
      t.decidedBy,
    ]
      .map(csvCell)
      .join(','),
  );
  return [CSV_HEADER.map(csvCell).join(','), ...rows].join('\r\n') + '\r\n';
}
