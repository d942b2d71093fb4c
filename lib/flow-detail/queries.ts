// queryOptions builders of the flow detail view.
import { queryOptions } from '@tanstack/react-query';
import type { FlowLookup } from '@/lib/api/types';
import { ApiError, apiUrl, isApiErrorBody, retryUnlessClientError } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

function isNotFoundLookup(value: unknown): value is Extract<FlowLookup, { found: false }> {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { found?: unknown }).found === false &&
    typeof (value as { retention?: unknown }).retention === 'object'
  );
}

/** GET /api/flows/<id>. A 404 with a lookup body is an answer (the flow aged out), not an error. */
export async function fetchFlowLookup(id: string, signal?: AbortSignal): Promise<FlowLookup> {
  const res = await fetch(apiUrl(`/api/flows/${encodeURIComponent(id)}`), {
    signal,
    headers: { accept: 'application/json' },
  });
  const body: unknown = await res.json().catch(() => undefined);
  if (res.ok) return body as FlowLookup;
  if (res.status === 404 && isNotFoundLookup(body)) return body;
  if (isApiErrorBody(body)) throw new ApiError(res.status, body.error, body.param);
  throw new ApiError(res.status, `${res.status} ${res.statusText}`.trim());
}

export function flowLookupQueryOptions(id: string) {
  return queryOptions({
    queryKey: queryKeys.flowDetail.flow(id),
    queryFn: ({ signal }) => fetchFlowLookup(id, signal),
    // A recorded flow never changes; a missing one is re-asked only on a new visit.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    retry: retryUnlessClientError,
  });
}
