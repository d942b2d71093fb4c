// The one reducer that patches a cached flows page with a batch from the live stream.
// Pure, so it can be tested alone and so TanStack Query can skip re-renders when the
// returned page is the very object it already holds.
import type { FlowRow, FlowsPage } from '@/lib/api/types';
import { rowIds } from './flow-pairing';

/**
 * Adds a live batch (oldest → newest, as the stream sends it) to a page (newest first).
 * One row per decision (see lib/flows/flow-pairing.ts): a paired row whose id or partner's id is
 * already shown by a row without its partner replaces that row in place; any other row
 * already shown, or repeated inside the batch, is skipped, because the stream and a page
 * fetch overlap around the moment the page was taken. New rows add to `total`. The result
 * keeps at most `max` flows, dropping the oldest. Returns `page` itself when nothing changed.
 */
export function applyFlowBatch(
  page: FlowsPage | undefined,
  batch: readonly FlowRow[],
  max: number,
): FlowsPage {
  const base: FlowsPage = page ?? { flows: [], truncated: false };
  const limit = Math.max(0, Math.floor(max));
  const shownAt = new Map<string, number>();
  base.flows.forEach((flow, i) => {
    for (const id of rowIds(flow)) shownAt.set(id, i);
  });

  let rows: FlowRow[] | undefined;
  const seen = new Set<string>();
  const fresh: FlowRow[] = [];
  // Walk newest first: the newest report of a decision is the most complete one, and the
  // output is newest first without a second reversal.
  for (let i = batch.length - 1; i >= 0; i--) {
    const flow = batch[i];
    if (flow === undefined) continue;
    const ids = rowIds(flow);
    if (ids.some((id) => seen.has(id))) continue;
    for (const id of ids) seen.add(id);
    const at = ids.map((id) => shownAt.get(id)).find((x) => x !== undefined);
    if (at === undefined) {
      fresh.push(flow);
    } else if (flow.paired && !(rows ?? base.flows)[at]!.paired) {
      rows ??= base.flows.slice();
      rows[at] = flow;
    }
  }

  const overLimit = base.flows.length > limit;
  if (fresh.length === 0 && !rows && !overLimit) return base;

  const kept = rows ?? base.flows;
  const merged = fresh.length === 0 ? kept : fresh.concat(kept);
  const trimmed = merged.length > limit;
  const out: FlowsPage = {
    flows: trimmed ? merged.slice(0, limit) : merged,
    truncated: base.truncated || trimmed,
  };
  if (base.total !== undefined) out.total = base.total + fresh.length;
  return out;
}
