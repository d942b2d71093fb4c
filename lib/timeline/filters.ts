// The drop timeline's state kept in the URL, beside the shared time window: which
// namespaces to count and how drops are split. Pure read/write helpers.
import { listParam, replaceParams } from '@/lib/url-params';

export interface TimelineFilters {
  /** Sorted, without duplicates; empty means every namespace. */
  namespaces: string[];
  /** As in the URL: `reason`, `policy`, or '' for the server's default (reason). Anything
   * else is passed on as typed so the server's own message explains it. */
  breakdown: string;
}

const FILTER_KEYS = ['namespace', 'breakdown'] as const;

function list(params: URLSearchParams, name: string): string[] {
  return [...new Set(listParam(params, name))];
}

export function readTimelineFilters(params: URLSearchParams): TimelineFilters {
  return {
    namespaces: list(params, 'namespace').sort(),
    breakdown: params.get('breakdown')?.trim() ?? '',
  };
}

/** The breakdown the switch shows as chosen; undefined when the URL holds something else. */
export function activeBreakdown(f: TimelineFilters): 'reason' | 'policy' | undefined {
  if (f.breakdown === '' || f.breakdown === 'reason') return 'reason';
  return f.breakdown === 'policy' ? 'policy' : undefined;
}

/** Filter parameters for the API (and the URL), in a fixed order so keys stay stable. */
export function timelineFilterParams(f: TimelineFilters): [string, string][] {
  const out: [string, string][] = f.namespaces.map((ns) => ['namespace', ns]);
  if (f.breakdown) out.push(['breakdown', f.breakdown]);
  return out;
}

/** `params` with the filters replaced and everything else (the window) kept. */
export function writeTimelineFilters(params: URLSearchParams, f: TimelineFilters): URLSearchParams {
  return replaceParams(params, FILTER_KEYS, timelineFilterParams(f));
}

/** Namespaces to offer in the filter: those of either end of the flows, plus the chosen. */
export function namespacesSeen(
  flows: readonly { source: { namespace: string }; destination: { namespace: string } }[],
  chosen: readonly string[],
): string[] {
  const out = new Set(chosen);
  for (const f of flows) {
    if (f.source.namespace) out.add(f.source.namespace);
    if (f.destination.namespace) out.add(f.destination.namespace);
  }
  return [...out].sort();
}

/** The namespaces with `ns` added or removed. */
export function toggleNamespace(f: TimelineFilters, ns: string): TimelineFilters {
  const name = ns.trim();
  if (!name) return f;
  const namespaces = f.namespaces.includes(name)
    ? f.namespaces.filter((n) => n !== name)
    : [...f.namespaces, name].sort();
  return { ...f, namespaces };
}
