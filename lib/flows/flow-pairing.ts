// Pairing as the flow list sees it. The store pairs a policy-verdict event with the drop
// notification of the same packet at append (server/aggregate/policy-pairing.ts) and lists
// one row per decision: the policy-verdict event, carrying its partner in `paired`.
//
// The live list and the second event of a pair: the stream sends a row as soon as its first
// event arrives, so a row can be on screen before its partner exists. When the partner
// arrives the stream sends the decision row again, now with `paired` set. That row replaces,
// in place, whichever row shows either of its two ids (the lone drop notification, or the
// lone policy-verdict event), so the pair is never two rows and the row keeps its position.
// A replacement is not a new row: the list's total does not grow.
import type { FlowRow, PairedEvent } from '@/lib/api/types';
import type { FlowRecord } from '@/lib/api/flow-record';
import { EVENT_DROP, EVENT_POLICY_VERDICT } from '@/lib/api/flow-record';

/** What the list keeps of the other event of a pair. */
export function pairedEventOf(rec: FlowRecord): PairedEvent {
  const out: PairedEvent = {
    id: rec.id,
    time: rec.time,
    ts: rec.ts,
    eventType: rec.eventType,
    eventSubType: rec.eventSubType,
    verdict: rec.verdict,
    direction: rec.direction,
    node: rec.node,
  };
  if (rec.dropReason !== undefined) out.dropReason = rec.dropReason;
  if (rec.observationPoint !== undefined) out.observationPoint = rec.observationPoint;
  return out;
}

/** The ids a row answers to: its own and its partner's. */
export function rowIds(row: FlowRow): string[] {
  return row.paired ? [row.id, row.paired.id] : [row.id];
}

/** A row without its partner, as the FlowRecord it was stored as. */
export function withoutPair(row: FlowRow): FlowRecord {
  if (!row.paired) return row;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { paired, ...rec } = row;
  return rec;
}

/** Hubble's name of a monitor event type, as `hubble observe --type` spells it. */
export function eventTypeName(type: number): string {
  switch (type) {
    case EVENT_DROP:
      return 'drop';
    case 4:
      return 'trace';
    case EVENT_POLICY_VERDICT:
      return 'policy-verdict';
    case 129:
      return 'l7';
    default:
      return `type ${type}`;
  }
}
