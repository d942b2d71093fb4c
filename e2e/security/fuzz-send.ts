// Sends the malformed requests of fuzz-routes.ts over HTTP, a batch at a time, and turns
// each answer (or its absence) into an Outcome for the contract check.
import { NO_ANSWER, type MalformedRequest, type Outcome } from './fuzz-routes';

/** Requests per route. */
export const PER_ROUTE = 1000;
/** Requests in flight at once. */
export const BATCH = 25;
/** An answer that has not come after this long counts as none: the server hung on it. */
export const HANG_MS = 10_000;

/**
 * Sends one request with fetch. Event streams never end and exports are megabytes: with
 * `headersOnly`, it waits for the headers, reads an error body, and aborts anything else.
 */
export async function sendWithFetch(
  base: string,
  req: MalformedRequest,
  headersOnly: boolean,
): Promise<Outcome> {
  const url = `${base}${req.path}`;
  const started = Date.now();
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), HANG_MS);
  try {
    const res = await fetch(url, {
      method: req.method,
      signal: abort.signal,
      redirect: 'manual',
      ...(req.body
        ? { body: new Uint8Array(req.body), headers: { 'content-type': 'application/x-ndjson' } }
        : {}),
    });
    const contentType = res.headers.get('content-type') ?? '';
    const body = !headersOnly || res.status >= 400 ? await res.text() : '';
    const ms = Date.now() - started;
    abort.abort();
    return { url, status: res.status, ms, contentType, body };
  } catch (err) {
    return { url, status: NO_ANSWER, ms: Date.now() - started, contentType: '', body: String(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `one` n times, BATCH at a time. */
export async function inBatches(n: number, one: (i: number) => Promise<void>): Promise<void> {
  for (let start = 0; start < n; start += BATCH) {
    const size = Math.min(BATCH, n - start);
    await Promise.all(Array.from({ length: size }, (_, k) => one(start + k)));
  }
}
