// queryOptions builders and URLs for the service map: the map itself, its live stream, and
// the flows of a selected node, link or namespace. The only place the map's API paths live.
import { queryOptions } from '@tanstack/react-query';
import type { ServiceMap } from '@/lib/api/aggregate';
import type { FlowsPage } from '@/lib/api/types';
import { apiUrl, getJson, retryUnlessClientError } from '@/lib/api-client';
import { mapFilterParams, type MapFilters } from './filters';
import { queryKeys } from '@/lib/query-keys';
import { windowPairs, type TimeWindow } from '@/lib/time-window/time-window';
import { queryString } from '@/lib/url-params';

/** A live map is replaced by a full fetch this often, so flows leaving the window drop out. */
export const MAP_REFETCH_MS = 60_000;
/** Flows listed per selected edge (the API allows up to 5000). */
export const DETAIL_FLOWS_LIMIT = 200;

export function mapPath(w: TimeWindow, filters: MapFilters): string {
  return `/api/map?${queryString([...windowPairs(w), ...mapFilterParams(filters)])}`;
}

export function mapQueryOptions(w: TimeWindow, filters: MapFilters) {
  const path = mapPath(w, filters);
  const live = w.kind === 'relative';
  return queryOptions({
    queryKey: queryKeys.map.graph(w, queryString(mapFilterParams(filters))),
    queryFn: ({ signal }) => getJson<ServiceMap>(path, signal),
    // Live maps are kept current by the stream and replaced whole once a minute; a fixed
    // window never changes.
    staleTime: live ? MAP_REFETCH_MS : Infinity,
    refetchInterval: live ? MAP_REFETCH_MS : false,
    refetchOnWindowFocus: false,
    retry: retryUnlessClientError,
  });
}

/** The live map stream, continuing from `since` (the map's window end). */
export function mapStreamUrl(filters: MapFilters, w: TimeWindow, since: number): string {
  return apiUrl(
    `/api/map/stream?${queryString([...windowPairs(w), ...mapFilterParams(filters), ['since', String(since)]])}`,
  );
}

/** Flows of one map element: a node id, an edge id, or (for namespaces) a flow filter. */
export type FlowsTarget = { node: string } | { edge: string } | { namespace: string };

function targetPairs(t: FlowsTarget): [string, string][] {
  if ('node' in t) return [['node', t.node]];
  if ('edge' in t) return [['edge', t.edge]];
  return [];
}

function flowFilter(t: FlowsTarget, verdict: string): string {
  const parts: string[] = [];
  if ('namespace' in t) parts.push(`--namespace ${t.namespace}`);
  if (verdict) parts.push(`--verdict ${verdict}`);
  return parts.join(' ');
}

export function mapFlowsQueryOptions(w: TimeWindow, target: FlowsTarget, verdict: string) {
  const q = flowFilter(target, verdict);
  const pairs: [string, string][] = [
    ...windowPairs(w),
    ...targetPairs(target),
    ['limit', String(DETAIL_FLOWS_LIMIT)],
  ];
  if (q) pairs.push(['q', q]);
  const path = `/api/flows?${queryString(pairs)}`;
  return queryOptions({
    queryKey: queryKeys.map.flows(w, queryString(targetPairs(target)) || q, q),
    queryFn: ({ signal }) => getJson<FlowsPage>(path, signal),
    staleTime: 10_000,
    refetchOnWindowFocus: false,
  });
}
