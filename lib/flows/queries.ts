// API paths and queryOptions builders of the flows list: the first page of a filter, its
// live stream, export and import.
import { queryOptions } from '@tanstack/react-query';
import type { FlowsPage, ImportResult } from '@/lib/api/types';
import {
  ApiError,
  apiUrl,
  getJson,
  isApiErrorBody,
  retryUnlessClientError,
} from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import { windowParams, type TimeWindow } from '@/lib/time-window/time-window';

/** Flows fetched when a filter is opened; the live stream adds to them from there. */
export const INITIAL_FLOWS_LIMIT = 1000;
/** Most flows kept in the browser for one filter; older ones are trimmed. */
export const MAX_BROWSER_FLOWS = 10_000;
export function flowsPath(q: string, w: TimeWindow, limit: number = INITIAL_FLOWS_LIMIT): string {
  const params = new URLSearchParams({ q, limit: String(limit), ...windowParams(w) });
  return `/api/flows?${params.toString()}`;
}

export function flowsQueryOptions(q: string, w: TimeWindow, limit: number = INITIAL_FLOWS_LIMIT) {
  return queryOptions({
    queryKey: queryKeys.flows.list(q, w, limit),
    queryFn: ({ signal }) => getJson<FlowsPage>(flowsPath(q, w, limit), signal),
    // The live stream keeps this entry current; a background refetch would only throw
    // away the flows accumulated beyond the first page.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    retry: retryUnlessClientError,
  });
}

/** URL of the server-sent event stream of new flows matching `q`. */
export function flowStreamUrl(q: string): string {
  return apiUrl(`/api/flows/stream?${new URLSearchParams({ q }).toString()}`);
}

/** Download URL of the flows matching `q` in `w`, as Hubble JSON lines. */
export function flowsExportUrl(q: string, w: TimeWindow): string {
  return apiUrl(`/api/flows/export?${new URLSearchParams({ q, ...windowParams(w) }).toString()}`);
}

/** Sends a file of Hubble JSON lines to the store. */
export async function importFlows(file: Blob): Promise<ImportResult> {
  const res = await fetch(apiUrl('/api/flows/import'), {
    method: 'POST',
    body: file,
    headers: { 'content-type': 'application/x-ndjson' },
  });
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const message = isApiErrorBody(body) ? body.error : `${res.status} ${res.statusText}`;
    throw new ApiError(res.status, message);
  }
  return body as ImportResult;
}
