// API paths and queryOptions builders of the policy views and the flow
// explanation. Components use these; they never fetch or write a key themselves.
import { queryOptions } from '@tanstack/react-query';
import type {
  FlowExplanation,
  PolicyKeyParts,
  PolicyList,
  PolicyView,
  SelfCheckAnswer,
} from '@/lib/api/policy';
import { getJson, retryUnlessClientError } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import { windowParams, type TimeWindow } from '@/lib/time-window/time-window';

/** Live windows move, so the usage counts are asked again at this pace while shown. */
const VIEW_REFRESH_MS = 15_000;

function segment(value: string, empty: string): string {
  return value === '' ? empty : encodeURIComponent(value);
}

/** `/api/policies/<kind>/<namespace or _>/<name>?window=…[&flow=…]`, each part encoded. */
export function policyViewApiPath(
  key: PolicyKeyParts,
  window: TimeWindow,
  flowId?: string,
): string {
  const params = new URLSearchParams(windowParams(window));
  if (flowId) params.set('flow', flowId);
  const path = [key.kind, key.namespace, key.name].map((p) => segment(p, '_')).join('/');
  return `/api/policies/${path}?${params.toString()}`;
}

export function flowExplanationApiPath(flowId: string): string {
  return `/api/flows/${encodeURIComponent(flowId)}/explain`;
}

export function policyListQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.policies.list(),
    queryFn: ({ signal }) => getJson<PolicyList>('/api/policies', signal),
    staleTime: 30_000,
    retry: retryUnlessClientError,
  });
}

export function policyViewQueryOptions(key: PolicyKeyParts, window: TimeWindow, flowId?: string) {
  const id = `${key.kind}/${key.namespace || '_'}/${key.name}`;
  return queryOptions({
    queryKey: queryKeys.policies.view(id, window, flowId),
    queryFn: ({ signal }) => getJson<PolicyView>(policyViewApiPath(key, window, flowId), signal),
    staleTime: VIEW_REFRESH_MS,
    // Only a window that follows now gains flows; a pinned one is final.
    refetchInterval: window.kind === 'relative' ? VIEW_REFRESH_MS : false,
    retry: retryUnlessClientError,
  });
}

export function flowExplanationQueryOptions(flowId: string) {
  return queryOptions({
    queryKey: queryKeys.policies.explanation(flowId),
    queryFn: ({ signal }) => getJson<FlowExplanation>(flowExplanationApiPath(flowId), signal),
    // The flow is fixed; only a policy change would alter the answer.
    staleTime: 60_000,
    refetchOnWindowFocus: false,
    retry: retryUnlessClientError,
  });
}

export function selfCheckQueryOptions(window: TimeWindow) {
  const params = new URLSearchParams(windowParams(window));
  return queryOptions({
    queryKey: queryKeys.policies.selfCheck(window),
    queryFn: ({ signal }) =>
      getJson<SelfCheckAnswer>(`/api/policies/self-check?${params.toString()}`, signal),
    staleTime: VIEW_REFRESH_MS,
    refetchInterval: window.kind === 'relative' ? VIEW_REFRESH_MS : false,
    retry: retryUnlessClientError,
  });
}
