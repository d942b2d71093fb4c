// Every TanStack Query key in the browser, in one place, so the live stream and the views
// always agree on which cache entry they patch or read. Components never write a key.

export const queryKeys = {
  status: () => ['relay-status'] as const,
  config: () => ['client-config'] as const,
  history: () => ['history-stats'] as const,
  flows: {
    /** Prefix of every flows list, for invalidating all filters at once. */
    all: () => ['flows'] as const,
    list: (q: string, window: Record<string, string>, limit: number) =>
      ['flows', 'list', { q, window, limit }] as const,
    /** Decisions of live rows, asked for by id. */
    decisions: (ids: readonly string[]) => ['flows', 'decisions', ids] as const,
    /** One flow's decision, as fetched for a live row. */
    decision: (id: string) => ['flows', 'decision', id] as const,
  },
} as const;
