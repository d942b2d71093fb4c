// The newest flows in memory, in arrival order, for the flow list and live stream catch-up.
import type { FlowRecord } from '@/lib/flow-record';
import type { FlowQuery } from '@/lib/filter/filter-types';
import { matchesQuery } from '@/lib/filter/match-flow';

export class RecentFlows {
  private readonly ring: (FlowRecord | undefined)[];
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.ring = new Array<FlowRecord | undefined>(capacity);
  }

  push(rec: FlowRecord): void {
    this.ring[this.next] = rec;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count += 1;
  }

  get size(): number {
    return this.count;
  }

  /** Newest first, at most `limit` matching flows; `truncated` when more matched. */
  query(q: FlowQuery, limit: number): { flows: FlowRecord[]; truncated: boolean } {
    const out: FlowRecord[] = [];
    for (let i = 1; i <= this.count; i++) {
      const rec = this.ring[(this.next - i + this.capacity) % this.capacity]!;
      if (!matchesQuery(rec, q)) continue;
      if (out.length === limit) return { flows: out, truncated: true };
      out.push(rec);
    }
    return { flows: out, truncated: false };
  }

  /** The flow with this id, if it is still held. */
  find(id: string): FlowRecord | undefined {
    for (let i = 1; i <= this.count; i++) {
      const rec = this.ring[(this.next - i + this.capacity) % this.capacity]!;
      if (rec.id === id) return rec;
    }
    return undefined;
  }
}
