// The one reducer that patches a cached flows page with a batch from the live stream.
// Pure, so it can be tested alone and so TanStack Query can skip re-renders when the
// returned page is the very object it already holds.
import type { FlowsPage } from './api-types';
import type { FlowRecord } from './flow-record';

/**
 * Adds a live batch (oldest → newest, as the stream sends it) to a page (newest first).
 * Flows whose id is already shown, or repeated inside the batch, are skipped, because the
 * stream and a page fetch overlap around the moment the page was taken. The result keeps
 * at most `max` flows, dropping the oldest. Returns `page` itself when nothing changed.
 */
export function applyFlowBatch(
  page: FlowsPage | undefined,
  batch: readonly FlowRecord[],
  max: number,
): FlowsPage {
  const base: FlowsPage = page ?? { flows: [], truncated: false };
  const limit = Math.max(0, Math.floor(max));
  const seen = new Set<string>();
  for (const flow of base.flows) seen.add(flow.id);

  const fresh: FlowRecord[] = [];
  // Walk newest first so the output is newest first without a second reversal.
  for (let i = batch.length - 1; i >= 0; i--) {
    const flow = batch[i];
    if (flow === undefined || seen.has(flow.id)) continue;
    seen.add(flow.id);
    fresh.push(flow);
  }

  const overLimit = base.flows.length > limit;
  if (fresh.length === 0 && !overLimit) return base;

  const merged = fresh.length === 0 ? base.flows : fresh.concat(base.flows);
  const trimmed = merged.length > limit;
  return {
    flows: trimmed ? merged.slice(0, limit) : merged,
    truncated: base.truncated || trimmed,
  };
}
