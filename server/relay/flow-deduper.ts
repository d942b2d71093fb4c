// Remembers the flows of the last few seconds so a resumed stream, which restarts a little
// before the newest flow seen (the relay orders flows only within a ~1 s window), can
// repeat them without Flowscope counting them twice.
export class FlowDeduper {
  private readonly seen = new Set<string>();
  /** Arrival-ordered (time, id) pairs; arrival is close enough to time order to prune from the front. */
  private readonly order: { ns: bigint; id: string }[] = [];
  private head = 0;
  private newestNs = 0n;

  constructor(private readonly windowNs: bigint) {}

  /** True when the flow is new; records it. */
  admit(id: string, ns: bigint): boolean {
    if (this.seen.has(id)) return false;
    if (this.newestNs > 0n && ns < this.newestNs - this.windowNs) {
      // Older than anything we remember: it was either seen and forgotten or never
      // sent; a resume never asks for it, so it is new.
      return true;
    }
    this.seen.add(id);
    this.order.push({ ns, id });
    if (ns > this.newestNs) this.newestNs = ns;
    this.prune();
    return true;
  }

  /** Time of the newest flow admitted, in ns since the epoch (0 when none). */
  get newest(): bigint {
    return this.newestNs;
  }

  get size(): number {
    return this.seen.size;
  }

  private prune(): void {
    const cutoff = this.newestNs - this.windowNs;
    while (this.head < this.order.length) {
      const entry = this.order[this.head]!;
      if (entry.ns >= cutoff) break;
      this.seen.delete(entry.id);
      this.head += 1;
    }
    if (this.head > 4096 && this.head * 2 > this.order.length) {
      this.order.splice(0, this.head);
      this.head = 0;
    }
  }
}
