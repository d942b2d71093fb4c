// queryOptions builders for every server answer the browser holds, plus the URL helper.
// The only place (with the stream hook) that knows the HTTP API's paths.
import { queryOptions } from '@tanstack/react-query';
import type {
  ApiErrorBody,
  ClientConfig,
  FlowsPage,
  HistoryStats,
  ImportResult,
  RelayStatus,
} from './api/types';
import { windowParams, type TimeWindow } from './time-window/time-window';
import { queryKeys } from './query-keys';

/** Flows fetched when a filter is opened; the live stream adds to them from there. */
export const INITIAL_FLOWS_LIMIT = 1000;
/** Most flows kept in the browser for one filter; older ones are trimmed. */
export const MAX_BROWSER_FLOWS = 10_000;
const STATUS_POLL_MS = 5000;

/**
 * Prefixes an API path with the build-time base path, because the app may be served
 * under a path prefix behind a gateway and `fetch`/`EventSource` do not apply Next's basePath.
 */
export function apiUrl(path: string): string {
  return `${process.env.NEXT_PUBLIC_BASE_PATH ?? ''}${path}`;
}

/** A non-2xx answer from the API, keeping the server's message and the offending param. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly param?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Client mistakes (bad filter) will fail the same way again, so they are not retried. */
  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500;
  }
}

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { error?: unknown }).error === 'string'
  );
}

/** GET an API path as JSON; a non-2xx answer becomes an ApiError with the server's words. */
export async function getJson<T>(path: string, signal: AbortSignal): Promise<T> {
  const res = await fetch(apiUrl(path), { signal, headers: { accept: 'application/json' } });
  if (!res.ok) {
    const body: unknown = await res.json().catch(() => undefined);
    if (isApiErrorBody(body)) throw new ApiError(res.status, body.error, body.param);
    throw new ApiError(res.status, `${res.status} ${res.statusText}`.trim());
  }
  return (await res.json()) as T;
}

export function statusQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.status(),
    queryFn: ({ signal }) => getJson<RelayStatus>('/api/status', signal),
    refetchInterval: STATUS_POLL_MS,
    // Status is also pushed by the live stream; polling is the fallback when it is absent.
    staleTime: STATUS_POLL_MS,
  });
}

export function flowsPath(q: string, w: TimeWindow, limit: number = INITIAL_FLOWS_LIMIT): string {
  const params = new URLSearchParams({ q, limit: String(limit), ...windowParams(w) });
  return `/api/flows?${params.toString()}`;
}

export function flowsQueryOptions(q: string, w: TimeWindow, limit: number = INITIAL_FLOWS_LIMIT) {
  return queryOptions({
    queryKey: queryKeys.flows.list(q, windowParams(w), limit),
    queryFn: ({ signal }) => getJson<FlowsPage>(flowsPath(q, w, limit), signal),
    // The live stream keeps this entry current; a background refetch would only throw
    // away the flows accumulated beyond the first page.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    retry: (failures, error) => !(error instanceof ApiError && error.isClientError) && failures < 2,
  });
}

/** URL of the server-sent event stream of new flows matching `q`. */
export function flowStreamUrl(q: string): string {
  return apiUrl(`/api/flows/stream?${new URLSearchParams({ q }).toString()}`);
}

export function configQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.config(),
    queryFn: ({ signal }) => getJson<ClientConfig>('/api/config', signal),
    staleTime: Infinity,
  });
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

export function historyQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.history(),
    queryFn: ({ signal }) => getJson<HistoryStats>('/api/store', signal),
    refetchInterval: 10_000,
  });
}
