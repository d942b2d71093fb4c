// TanStack Query keys of the drop timeline, beside the map's and the flows view's under the
// same rule: components never write a key.

export const timelineQueryKeys = {
  all: () => ['timeline'] as const,
  chart: (window: string, filters: string) => ['timeline', 'chart', { window, filters }] as const,
  dropEdges: (window: string, filters: string) =>
    ['timeline', 'drop-edges', { window, filters }] as const,
  policyFlows: (window: string, q: string) => ['timeline', 'policy-flows', { window, q }] as const,
  segmentFlows: (from: number, to: number, q: string) =>
    ['timeline', 'segment-flows', { from, to, q }] as const,
} as const;
