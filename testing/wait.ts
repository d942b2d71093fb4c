// Polls until a condition holds, for tests that wait on servers, streams and reconnects.

export interface WaitOptions {
  timeoutMs?: number;
  /** How often `cond` is checked. */
  pollMs?: number;
}

/** Resolves once `cond()` is true; rejects naming `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  cond: () => boolean,
  { timeoutMs = 10_000, pollMs = 25 }: WaitOptions = {},
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
