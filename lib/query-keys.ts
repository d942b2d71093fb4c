// Every TanStack Query key in the browser comes from this one factory, so the live streams
// and the views always agree on which cache entry they patch or read. Each feature has its
// section; its queryOptions builders (lib/<feature>/queries.ts) are the only callers, and
// components never write a key. A time window is always keyed by windowKey.
import type { TimeWindow } from '@/lib/time-window/time-window';

/** A window as a key part: relative windows by their length, so they stay one entry. */
export function windowKey(w: TimeWindow): string {
  return w.kind === 'relative' ? `last:${w.last}` : `${w.from}-${w.to}`;
}

export const queryKeys = {
  status: () => ['relay-status'] as const,
  config: () => ['client-config'] as const,
  history: () => ['history-stats'] as const,
  flows: {
    /** Prefix of every flows list, for invalidating all filters at once. */
    all: () => ['flows'] as const,
    list: (q: string, w: TimeWindow, limit: number) =>
      ['flows', 'list', { q, window: windowKey(w), limit }] as const,
    /** Decisions of live rows, asked for by id. */
    decisions: (ids: readonly string[]) => ['flows', 'decisions', ids] as const,
    /** One flow's decision, as fetched for a live row. */
    decision: (id: string) => ['flows', 'decision', id] as const,
    /** The staged drafts that would deny a live row, fetched with its decision. */
    staged: (id: string) => ['flows', 'staged', id] as const,
  },
  flowDetail: {
    all: () => ['flow-detail'] as const,
    flow: (id: string) => ['flow-detail', 'flow', id] as const,
  },
  map: {
    all: () => ['map'] as const,
    graph: (w: TimeWindow, filters: string) =>
      ['map', 'graph', { window: windowKey(w), filters }] as const,
    flows: (w: TimeWindow, target: string, q: string) =>
      ['map', 'flows', { window: windowKey(w), target, q }] as const,
  },
  timeline: {
    all: () => ['timeline'] as const,
    chart: (w: TimeWindow, filters: string) =>
      ['timeline', 'chart', { window: windowKey(w), filters }] as const,
    dropEdges: (w: TimeWindow, filters: string) =>
      ['timeline', 'drop-edges', { window: windowKey(w), filters }] as const,
    policyFlows: (w: TimeWindow, q: string) =>
      ['timeline', 'policy-flows', { window: windowKey(w), q }] as const,
    segmentFlows: (w: TimeWindow, q: string) =>
      ['timeline', 'segment-flows', { window: windowKey(w), q }] as const,
  },
  policies: {
    all: () => ['policies'] as const,
    list: () => ['policies', 'list'] as const,
    view: (key: string, w: TimeWindow, flowId: string | undefined) =>
      ['policies', 'view', { key, window: windowKey(w), flowId: flowId ?? null }] as const,
    explanation: (flowId: string) => ['policies', 'explanation', flowId] as const,
    selfCheck: (w: TimeWindow) => ['policies', 'self-check', { window: windowKey(w) }] as const,
  },
  recommend: {
    all: () => ['recommend'] as const,
    flow: (flowId: string) => ['recommend', 'flow', flowId] as const,
  },
  labReadiness: {
    all: () => ['lab-readiness'] as const,
    staged: () => ['lab-readiness', 'staged'] as const,
    answer: (draft: string, namespace: string, period: string) =>
      ['lab-readiness', 'answer', { draft, namespace, period }] as const,
  },
  coverage: {
    all: () => ['coverage'] as const,
    table: (w: TimeWindow, namespaces: readonly string[]) =>
      ['coverage', 'table', { window: windowKey(w), namespaces: [...namespaces] }] as const,
  },
  lab: {
    all: () => ['lab'] as const,
    drafts: () => ['lab', 'drafts'] as const,
    draft: (id: string) => ['lab', 'draft', id] as const,
    /** Problems of edited changes, keyed by their JSON (the text the server reads). */
    validate: (changesJson: string) => ['lab', 'validate', changesJson] as const,
    /** The flows an impact preview changed, by its id. */
    previewFlows: (previewId: string) => ['lab', 'preview-flows', previewId] as const,
  },
  report: {
    all: () => ['report'] as const,
    /** `query`: the report's API query string (scope and a pinned window). */
    evidence: (query: string) => ['report', 'evidence', query] as const,
  },
} as const;
