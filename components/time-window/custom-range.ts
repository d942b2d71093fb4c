// The custom range of the time window: two typed times in the zone the user chose
// (`YYYY-MM-DD HH:MM`, seconds optional), never the browser's locale format.
import { fromZoneInput } from '@/lib/time-window/time-format';

export type CustomRange = { ok: true; from: number; to: number } | { ok: false; error: string };

const FORMAT_HINT = 'as YYYY-MM-DD HH:MM';

/** Validates the two inputs of the custom range. */
export function parseCustomRange(from: string, to: string): CustomRange {
  if (from.trim() === '') return { ok: false, error: 'Choose a start time.' };
  if (to.trim() === '') return { ok: false, error: 'Choose an end time.' };
  const f = fromZoneInput(from);
  const t = fromZoneInput(to);
  if (f === undefined) return { ok: false, error: `Write the start ${FORMAT_HINT}.` };
  if (t === undefined) return { ok: false, error: `Write the end ${FORMAT_HINT}.` };
  if (t <= f) return { ok: false, error: 'The end must be after the start.' };
  return { ok: true, from: f, to: t };
}
