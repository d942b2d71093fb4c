// API paths and queryOptions of the suggested fix. Components use
// these; they never fetch or write a key themselves.
import { queryOptions } from '@tanstack/react-query';
import type { RecommendAnswer } from '@/lib/api/recommend';
import { getJson, retryUnlessClientError } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function flowRecommendApiPath(flowId: string): string {
  return `/api/recommend?${new URLSearchParams({ flow: flowId }).toString()}`;
}

export function flowRecommendQueryOptions(flowId: string) {
  return queryOptions({
    queryKey: queryKeys.recommend.flow(flowId),
    queryFn: ({ signal }) => getJson<RecommendAnswer>(flowRecommendApiPath(flowId), signal),
    // The window around the flow grows slowly; a policy change would alter the answer.
    staleTime: 60_000,
    refetchOnWindowFocus: false,
    retry: retryUnlessClientError,
  });
}

/** Download names: `fix-<flow id>.yaml` / `.patch`. */
export function fixFileName(flowId: string, ext: 'yaml' | 'patch'): string {
  return `fix-${flowId.replace(/[^A-Za-z0-9-]/g, '')}.${ext}`;
}
