// Where each node's flows stand, for resuming and deduplicating a relay's flow stream.
//
// A Hubble Relay merges one stream per node and applies `since` and `number` per node
// (pkg/hubble/relay/observer: every peer gets the client's own request, also a peer that
// joins or rejoins the stream later). Across nodes its output is only roughly in time order:
// the sort buffer holds 100 flows or 1 s, a node dialled late sends its backlog after the
// others' newer flows, and a lagging node runs seconds behind. Within one node, flows arrive
// in the order the node's ring holds them. So the state kept here is per node:
//
// - resume: a new stream starts at the oldest of the nodes' newest flows (less a margin for
//   the small reordering inside one node), so no node's undelivered flows are skipped;
// - dedupe: a flow older than its node's newest flow by more than that margin was already
//   delivered, whatever the span the resume re-sends; only the margin itself needs flow ids.
//   Memory is the margin's worth of ids per node, not the span a resume can re-send.
//
// A node whose newest flow is far behind every other node's (it left the cluster, or its
// agent is down) stops holding the resume point back after `staleNodeMs`: its later flows are
// still deduplicated against its own cursor, and what its buffer no longer reaches back to is
// marked by the gap tracker.
import 'server-only';

interface Cursor {
  newestNs: bigint;
  /** Ids of this node's flows within the margin below newestNs, with their times. */
  recent: Map<string, bigint>;
}

export interface NodeCursorsOptions {
  /** How far out of time order one node's flows may arrive (ns). */
  marginNs: bigint;
  /** A node this far behind the newest node no longer holds the resume point back (ns). */
  staleNodeNs: bigint;
}

export class NodeCursors {
  private readonly nodes = new Map<string, Cursor>();
  private newestNs = 0n;

  constructor(private readonly opts: NodeCursorsOptions) {}

  /** True when the flow is new (and records it); false when it was delivered before. */
  admit(node: string, id: string, ns: bigint): boolean {
    let c = this.nodes.get(node);
    if (!c) {
      c = { newestNs: ns, recent: new Map() };
      this.nodes.set(node, c);
    }
    const floor = c.newestNs - this.opts.marginNs;
    if (ns < floor) return false;
    if (c.recent.has(id)) return false;
    c.recent.set(id, ns);
    if (ns > c.newestNs) {
      c.newestNs = ns;
      const cutoff = ns - this.opts.marginNs;
      // Map iteration is insertion order, which is close to time order within a node.
      for (const [seenId, seenNs] of c.recent) {
        if (seenNs >= cutoff) break;
        c.recent.delete(seenId);
      }
    }
    if (ns > this.newestNs) this.newestNs = ns;
    return true;
  }

  /** Time of the newest flow of any node (0 when none). */
  get newest(): bigint {
    return this.newestNs;
  }

  /** Where a resumed stream starts (ns), or undefined when no flow was seen yet. */
  resumeFrom(): bigint | undefined {
    if (this.nodes.size === 0) return undefined;
    const staleBefore = this.newestNs - this.opts.staleNodeNs;
    let oldest = this.newestNs;
    for (const c of this.nodes.values()) {
      if (c.newestNs >= staleBefore && c.newestNs < oldest) oldest = c.newestNs;
    }
    return oldest - this.opts.marginNs;
  }

  /** Flow ids held for dedupe, over all nodes. */
  get size(): number {
    let n = 0;
    for (const c of this.nodes.values()) n += c.recent.size;
    return n;
  }
}
