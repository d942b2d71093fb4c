// TanStack Query keys of the service map (the shared lib/query-keys.ts belongs to the flows
// view; these sit beside it under the same rule: components never write a key).
import type { TimeWindow } from '@/lib/time-window/time-window';

/** A window as a key part: relative windows by their length, so they stay one entry. */
export function windowKey(w: TimeWindow): string {
  return w.kind === 'relative' ? `last:${w.last}` : `${w.from}-${w.to}`;
}

export const mapQueryKeys = {
  all: () => ['map'] as const,
  graph: (window: string, filters: string) => ['map', 'graph', { window, filters }] as const,
  flows: (window: string, target: string, q: string) =>
    ['map', 'flows', { window, target, q }] as const,
} as const;
