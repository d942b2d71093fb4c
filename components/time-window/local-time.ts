// Conversions between epoch ms and the value of an <input type="datetime-local">, which is
// local wall-clock time without a zone, e.g. `2026-11-20T10:05`.

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Epoch ms of a datetime-local value (seconds optional), or undefined when it is not one. */
export function fromLocalInput(text: string): number | undefined {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d))?$/.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0));
  const date = new Date(y!, mo! - 1, d!, h!, mi!, s ?? 0);
  return Number.isNaN(date.getTime()) ? undefined : date.getTime();
}

export type CustomRange = { ok: true; from: number; to: number } | { ok: false; error: string };

/** Validates the two inputs of the custom range. */
export function parseCustomRange(from: string, to: string): CustomRange {
  const f = fromLocalInput(from);
  const t = fromLocalInput(to);
  if (f === undefined) return { ok: false, error: 'Choose a start time.' };
  if (t === undefined) return { ok: false, error: 'Choose an end time.' };
  if (t <= f) return { ok: false, error: 'The end must be after the start.' };
  return { ok: true, from: f, to: t };
}
