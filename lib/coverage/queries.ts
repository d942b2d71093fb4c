// API path and queryOptions of the coverage page. Components use these; they never fetch or
// write a key themselves.
import { queryOptions } from '@tanstack/react-query';
import type { CoverageAnswer } from '@/lib/api/coverage';
import { getJson, retryUnlessClientError } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import { windowParams, type TimeWindow } from '@/lib/time-window/time-window';

/** Live windows gain workloads as flows arrive, so the table is asked again at this pace. */
const REFRESH_MS = 15_000;

/** `/api/coverage?window=…[&namespace=a,b]`. */
export function coverageApiPath(window: TimeWindow, namespaces: readonly string[]): string {
  const params = new URLSearchParams(windowParams(window));
  if (namespaces.length > 0) params.set('namespace', namespaces.join(','));
  return `/api/coverage?${params.toString()}`;
}

export function coverageQueryOptions(window: TimeWindow, namespaces: readonly string[]) {
  return queryOptions({
    queryKey: queryKeys.coverage.table(window, namespaces),
    queryFn: ({ signal }) => getJson<CoverageAnswer>(coverageApiPath(window, namespaces), signal),
    staleTime: REFRESH_MS,
    refetchInterval: window.kind === 'relative' ? REFRESH_MS : false,
    retry: retryUnlessClientError,
  });
}
