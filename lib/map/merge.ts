// Arithmetic on service-map counts shared by the live delta reducer and namespace grouping:
// both add edges together, and they must agree on how L7 top lists are merged and capped.
import type { EdgeL7, MapEdge, VerdictCounts } from '@/lib/api/aggregate';
import { VERDICT_KEYS } from '@/lib/api/verdict-keys';

export type EdgeCounts = MapEdge['counts'];

/** The server keeps at most this many paths and DNS names per edge; merged lists keep the same. */
export const MAX_HTTP_PATHS = 10;
export const MAX_DNS_QUERIES = 20;

const COUNT_KEYS = [...VERDICT_KEYS, 'replies'] as const satisfies readonly (keyof EdgeCounts)[];

export function emptyCounts(): EdgeCounts {
  return { forwarded: 0, dropped: 0, error: 0, audit: 0, redirected: 0, other: 0, replies: 0 };
}

export function addCounts(a: EdgeCounts, b: EdgeCounts): EdgeCounts {
  const out = emptyCounts();
  for (const k of COUNT_KEYS) out[k] = a[k] + b[k];
  return out;
}

/** Flows that carry a verdict (everything but replies). */
export function verdictTotal(c: VerdictCounts): number {
  return c.forwarded + c.dropped + c.error + c.audit + c.redirected + c.other;
}

export function addRecord(
  a: Readonly<Record<string, number>>,
  b: Readonly<Record<string, number>>,
): Record<string, number> {
  const out: Record<string, number> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** Sums two top-N lists by key, highest count first (ties by key, so the order is stable). */
export function mergeTop<K extends string>(
  a: readonly ({ count: number } & Record<K, string>)[],
  b: readonly ({ count: number } & Record<K, string>)[],
  key: K,
  cap: number,
): ({ count: number } & Record<K, string>)[] {
  const sums = new Map<string, number>();
  for (const item of [...a, ...b]) sums.set(item[key], (sums.get(item[key]) ?? 0) + item.count);
  return [...sums]
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    .slice(0, cap)
    .map(([k, count]) => ({ [key]: k, count }) as { count: number } & Record<K, string>);
}

export function emptyL7(): EdgeL7 {
  return { httpMethods: {}, httpStatus: {}, httpPaths: [], dnsQueries: [] };
}

export function mergeL7(a: EdgeL7, b: EdgeL7): EdgeL7 {
  return {
    httpMethods: addRecord(a.httpMethods, b.httpMethods),
    httpStatus: addRecord(a.httpStatus, b.httpStatus),
    httpPaths: mergeTop(a.httpPaths, b.httpPaths, 'path', MAX_HTTP_PATHS),
    dnsQueries: mergeTop(a.dnsQueries, b.dnsQueries, 'query', MAX_DNS_QUERIES),
  };
}

/** Two observations of the same edge added together; series are the caller's business. */
export function mergeEdge(a: MapEdge, b: MapEdge): MapEdge {
  const merged: MapEdge = {
    ...a,
    counts: addCounts(a.counts, b.counts),
    dropReasons: addRecord(a.dropReasons, b.dropReasons),
    l7: mergeL7(a.l7, b.l7),
    firstSeen: Math.min(a.firstSeen, b.firstSeen),
    lastSeen: Math.max(a.lastSeen, b.lastSeen),
  };
  return merged;
}
