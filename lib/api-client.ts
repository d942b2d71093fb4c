// The browser's HTTP client of Flowscope's API: paths under the base path, JSON answers, and
// the API's error body turned into an ApiError that keeps the server's words.
import type { ApiErrorBody } from './api/types';

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

/** 4xx answers (a bad filter, an unknown policy) will not change by asking again. */
export function retryUnlessClientError(failures: number, error: Error): boolean {
  return !(error instanceof ApiError && error.isClientError) && failures < 2;
}
