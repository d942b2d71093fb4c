// One denied packet produces a policy-verdict event (type 5) and a drop notification
// (type 1) a few microseconds apart, in either order. The pairer decides at append time
// which of the two counts, so queries stay pure sums over a per-row flag. The policy-verdict
// event is the one that counts, because only it names the deciding policy.
import 'server-only';
import type { FlowRecord } from '@/lib/api/flow-record';
import { EVENT_DROP, EVENT_POLICY_VERDICT } from '@/lib/api/flow-record';

export interface PairDecision {
  /** Whether this flow counts in aggregates. */
  counts: boolean;
  /** A previously appended row (by its row number) that must stop counting. */
  uncount?: number;
  /** The row number of the other event of the same packet, when one was found. */
  partner?: number;
}

interface Pending {
  key: string;
  ts: number;
  eventType: number;
  row: number;
  paired: boolean;
}

const COUNT: PairDecision = Object.freeze({ counts: true });

function pairKey(r: FlowRecord): string {
  return `${r.node}|${r.source.ip}|${r.destination.ip}|${r.source.port ?? ''}|${
    r.destination.port ?? ''
  }|${r.protocol}`;
}

function isPairable(r: FlowRecord): boolean {
  if (r.verdict !== 'DROPPED') return false;
  return r.eventType === EVENT_DROP || r.eventType === EVENT_POLICY_VERDICT;
}

export class PolicyPairer {
  private readonly byKey = new Map<string, Pending[]>();
  private readonly queue: Pending[] = [];
  private head = 0;
  private newest = -Infinity;

  /** @param windowMs how far apart (flow time) the two events of one packet may be. */
  constructor(private readonly windowMs = 100) {}

  /** Decide for a flow about to be stored as row number `row`. */
  offer(rec: FlowRecord, row: number): PairDecision {
    if (!isPairable(rec)) return COUNT;
    this.expire(rec.ts);
    const key = pairKey(rec);
    const list = this.byKey.get(key);
    const partner = list?.find(
      (p) => !p.paired && p.eventType !== rec.eventType && Math.abs(p.ts - rec.ts) <= this.windowMs,
    );
    if (partner) {
      partner.paired = true;
      if (rec.eventType === EVENT_DROP) return { counts: false, partner: partner.row };
      return { counts: true, uncount: partner.row, partner: partner.row };
    }
    const pending: Pending = { key, ts: rec.ts, eventType: rec.eventType, row, paired: false };
    if (list) list.push(pending);
    else this.byKey.set(key, [pending]);
    this.queue.push(pending);
    return COUNT;
  }

  /** Entries waiting for a partner (for tests and stats). */
  get pending(): number {
    return this.queue.length - this.head;
  }

  // Flows arrive nearly in time order, so a FIFO queue expires entries in O(1) amortised;
  // a late flow only keeps entries a little longer than needed.
  private expire(ts: number): void {
    if (ts > this.newest) this.newest = ts;
    const limit = this.newest - this.windowMs * 2;
    while (this.head < this.queue.length) {
      const p = this.queue[this.head]!;
      if (p.ts >= limit) break;
      this.head += 1;
      this.drop(p);
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }

  private drop(p: Pending): void {
    const list = this.byKey.get(p.key);
    if (!list) return;
    const i = list.indexOf(p);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byKey.delete(p.key);
  }
}
