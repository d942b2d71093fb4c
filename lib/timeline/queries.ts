// queryOptions builders and URLs of the drop timeline: the chart, the policy-verdict flows
// its policy-change markers come from, and the flows of a clicked segment. The only place
// the timeline's API paths live.
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { FlowsPage, TimelineAnswer } from '@/lib/api/types';
import { dropEdgesPath } from './drop-edges';
import { getJson, retryUnlessClientError } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import { timelineFilterParams, type TimelineFilters } from './filters';
import { namespaceFlags, segmentFlowFilter, type SegmentSelection } from './segment-flows';
import { windowPairs, type TimeWindow } from '@/lib/time-window/time-window';
import { queryString } from '@/lib/url-params';
import type { DropEdgesAnswer } from '@/lib/api/decisions';

/** Live windows are fetched whole again this often; fixed windows never change. */
export const TIMELINE_REFETCH_MS = 10_000;
/** Policy-verdict flows scanned for revisions (the API's maximum). */
export const POLICY_FLOWS_LIMIT = 5000;
/** Flows listed for a clicked segment. */
export const SEGMENT_FLOWS_LIMIT = 500;

function refresh(w: TimeWindow) {
  const live = w.kind === 'relative';
  return {
    staleTime: live ? TIMELINE_REFETCH_MS : Infinity,
    refetchInterval: live ? TIMELINE_REFETCH_MS : (false as const),
    refetchOnWindowFocus: false,
    retry: retryUnlessClientError,
  };
}

export function timelinePath(w: TimeWindow, filters: TimelineFilters): string {
  return `/api/timeline?${queryString([...windowPairs(w), ...timelineFilterParams(filters)])}`;
}

export function timelineQueryOptions(w: TimeWindow, filters: TimelineFilters) {
  const path = timelinePath(w, filters);
  return queryOptions({
    queryKey: queryKeys.timeline.chart(w, queryString(timelineFilterParams(filters))),
    queryFn: ({ signal }) => getJson<TimelineAnswer>(path, signal),
    // Keep the bars on screen while another window or breakdown loads.
    placeholderData: keepPreviousData,
    ...refresh(w),
  });
}

/** The dropped-edges table under the charts: the same window and filters as the chart. */
export function dropEdgesQueryOptions(w: TimeWindow, filters: TimelineFilters) {
  const pairs = timelineFilterParams(filters);
  const path = dropEdgesPath(w, pairs);
  return queryOptions({
    queryKey: queryKeys.timeline.dropEdges(w, queryString(pairs)),
    queryFn: ({ signal }) => getJson<DropEdgesAnswer>(path, signal),
    placeholderData: keepPreviousData,
    ...refresh(w),
  });
}

function flowsPath(pairs: [string, string][], q: string, limit: number): string {
  const all: [string, string][] = [...pairs, ['limit', String(limit)]];
  if (q) all.push(['q', q]);
  return `/api/flows?${queryString(all)}`;
}

/** Policy-verdict flows of the window, whose policy refs carry revisions. */
export function policyFlowsQueryOptions(w: TimeWindow, namespaces: readonly string[]) {
  const full = ['--type policy-verdict', ...namespaceFlags(namespaces)].join(' ');
  const path = flowsPath(windowPairs(w), full, POLICY_FLOWS_LIMIT);
  return queryOptions({
    queryKey: queryKeys.timeline.policyFlows(w, full),
    queryFn: ({ signal }) => getJson<FlowsPage>(path, signal),
    placeholderData: keepPreviousData,
    ...refresh(w),
  });
}

/** Flows of one bucket segment; its range is absolute, so the answer never goes stale. */
export function segmentFlowsQueryOptions(sel: SegmentSelection, namespaces: readonly string[]) {
  const q = segmentFlowFilter(sel, namespaces);
  const range: TimeWindow = { kind: 'absolute', from: sel.start, to: sel.end };
  const path = flowsPath(windowPairs(range), q, SEGMENT_FLOWS_LIMIT);
  return queryOptions({
    queryKey: queryKeys.timeline.segmentFlows(range, q),
    queryFn: ({ signal }) => getJson<FlowsPage>(path, signal),
    ...refresh(range),
  });
}
