// One node's flow ring, modelled on Hubble's: fixed capacity, oldest overwritten, and
// monotonic sequence numbers so a slow reader can tell how much it lost.
import 'server-only';
import type { Flow } from '@/proto/gen/flow/flow_pb';
import type { FlowRecord } from '@/lib/api/flow-record';

export interface RingEntry {
  flow: Flow;
  /** Converted once on entry so every stream's filter works on the same record. */
  rec: FlowRecord;
  /** Flow time in nanoseconds since the epoch. */
  ns: bigint;
  /** The encoded GetFlowsResponse, made on first send and reused by every stream, as an
   * agent's ring holds encoded events rather than re-encoding them per reader. */
  wire?: Uint8Array;
}

export class NodeRing {
  private readonly slots: (RingEntry | undefined)[];
  /** Sequence number the next write gets; also the count of flows ever written. */
  private nextSeq = 0;

  constructor(
    readonly node: string,
    readonly capacity: number,
    /** When this node's agent started; survives relay restarts like the agent does. */
    readonly startedAtMs: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('ring capacity must be >= 1');
    this.slots = new Array<RingEntry | undefined>(capacity);
  }

  push(entry: RingEntry): void {
    this.slots[this.nextSeq % this.capacity] = entry;
    this.nextSeq += 1;
  }

  /** Sequence number of the next write (exclusive end of readable entries). */
  get endSeq(): number {
    return this.nextSeq;
  }

  /** Oldest sequence number still held. */
  get startSeq(): number {
    return Math.max(0, this.nextSeq - this.capacity);
  }

  get size(): number {
    return this.nextSeq - this.startSeq;
  }

  get seen(): number {
    return this.nextSeq;
  }

  at(seq: number): RingEntry | undefined {
    if (seq < this.startSeq || seq >= this.nextSeq) return undefined;
    return this.slots[seq % this.capacity];
  }

  /** First sequence number whose flow is at or after `ns` (entries are kept in time order). */
  seqAtOrAfter(ns: bigint): number {
    let lo = this.startSeq;
    let hi = this.nextSeq;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const e = this.at(mid);
      if (e && e.ns < ns) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
