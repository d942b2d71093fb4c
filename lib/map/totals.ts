// The totals line of the map: every verdict that occurred, then replies, so the parts shown
// always add up to the flows figure (REDIRECTED and the rest included, never left out).
import type { ServiceMap } from '@/lib/api/aggregate';

export type TotalKey = 'forwarded' | 'redirected' | 'dropped' | 'error' | 'audit' | 'other';

export interface TotalPart {
  key: TotalKey | 'replies';
  label: string;
  count: number;
  tone: 'forwarded' | 'dropped' | 'caution' | 'muted';
}

const PARTS: readonly Omit<TotalPart, 'count'>[] = [
  { key: 'forwarded', label: 'forwarded', tone: 'forwarded' },
  { key: 'redirected', label: 'redirected', tone: 'forwarded' },
  { key: 'dropped', label: 'dropped', tone: 'dropped' },
  { key: 'error', label: 'error', tone: 'dropped' },
  { key: 'audit', label: 'audit', tone: 'caution' },
  { key: 'other', label: 'other verdicts', tone: 'caution' },
  { key: 'replies', label: 'replies', tone: 'muted' },
];

/** Parts of `totals.flows`: forwarded, dropped and replies always, the others when non-zero. */
export function totalParts(totals: ServiceMap['totals']): TotalPart[] {
  return PARTS.map((p) => ({ ...p, count: totals[p.key] })).filter(
    (p) => p.count > 0 || p.key === 'forwarded' || p.key === 'dropped' || p.key === 'replies',
  );
}
