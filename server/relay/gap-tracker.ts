// Turns what the relay stream shows into ranges of the gap log:
//
// - Stream outages. While Flowscope's stream from the relay is down, an open
//   "relay-unreachable" range runs from the newest flow received. When the stream is back
//   (resumed `since` newest − overlap, duplicates dropped), Flowscope asks the relay for the
//   oldest flow every node still holds (GetFlows first, number 1: a relay applies number per
//   node, so one call answers for all of them, where a call per node with a node_name filter
//   would make the relay ask every node once per node). For each node Flowscope had flows
//   from: if that oldest flow is no newer than where Flowscope's flows of the node end, the
//   resumed stream re-reads everything that was missed and nothing is marked. Otherwise the
//   range between is gone for good (a restarted agent, or a ring that wrapped) and is
//   recorded for that node. A node that returns no flow at all is marked up to its first
//   resumed flow, or the reconnect. Nodes the relay no longer names in its opening
//   node_status messages have left the cluster and are not marked. If the check itself
//   fails, the whole outage is marked.
// - Nodes the relay cannot reach: NODE_UNAVAILABLE, NODE_GONE and NODE_ERROR open a range
//   for the node; it ends at NODE_CONNECTED, at the node's next flow, or when GetNodes lists
//   it connected again (a relay starts streaming a returning node without saying so). Hubble
//   Relay does not backfill what the node saw meanwhile.
// - Lost events (LostEvent): their first/last times when the agent sends them, else the
//   second before the notification (agents report losses at most once a second).
import { NodeState } from '@/proto/gen/relay/relay_pb';
import { LostEventSource } from '@/proto/gen/flow/flow_pb';
import type { GapLog, GapRange } from './gap-log';

/** Node name → time (epoch ms) of the oldest flow its buffer still holds. */
export type OldestHeld = Map<string, number>;

export interface Outage {
  /** Newest flow received before the stream went down. */
  from: number;
  /** Where the resumed stream starts: `from` − the resume overlap. */
  since: number;
  /** Per node, the newest flow received before the stream went down. */
  lastByNode: ReadonlyMap<string, number>;
}

export interface UnrecoveredRange {
  node: string;
  from: number;
  to: number;
  /** The node answered with no flow at all (rather than with a newer oldest flow). */
  noFlows: boolean;
}

/**
 * The parts of an outage the relay could no longer give back, per node. `firstResumed` is
 * each node's first new flow on the resumed stream: the range never reaches past it (the
 * node's buffer may have moved on between the stream's start and the check). `named` are
 * the nodes the relay named after the reconnect; when it named any, other nodes are gone
 * from the cluster and not checked.
 */
export function unrecoveredRanges(
  outage: Outage,
  oldest: OldestHeld,
  firstResumed: ReadonlyMap<string, number>,
  resumedAt: number,
  named: ReadonlySet<string> = new Set(),
): UnrecoveredRange[] {
  const out: UnrecoveredRange[] = [];
  for (const [node, last] of outage.lastByNode) {
    if (named.size > 0 && !named.has(node) && !oldest.has(node)) continue;
    // Before `since` nothing was missing: the stream had delivered it (up to relay ordering,
    // which the overlap covers).
    const from = Math.max(last, outage.since);
    const held = oldest.get(node);
    if (held !== undefined && held <= from) continue; // the buffer reaches back: recovered
    let to = held ?? resumedAt;
    const first = firstResumed.get(node);
    if (first !== undefined) to = Math.min(to, first);
    if (to <= from) continue;
    out.push({ node, from, to, noFlows: held === undefined });
  }
  return out.sort((a, b) => a.from - b.from || a.node.localeCompare(b.node));
}

/** Lost-event sources in words. */
export const LOST_SOURCE_TEXT: Record<string, string> = {
  PERF_EVENT_RING_BUFFER: 'BPF perf ring buffer overflowed',
  OBSERVER_EVENTS_QUEUE: "Hubble's events queue was full",
  HUBBLE_RING_BUFFER: "Hubble's ring buffer was overwritten before it was read",
};

/** How far before a node error its range starts at most, covering flows that were in
 * flight (a relay aggregates a node's errors over 10 s). */
const NODE_ERROR_LOOKBACK_MS = 10_000;
const UNREACHABLE_STATES = new Set([
  NodeState.NODE_UNAVAILABLE,
  NodeState.NODE_GONE,
  NodeState.NODE_ERROR,
]);
/** Nodes whose newest flow time is remembered; beyond this the oldest-seen are forgotten. */
const MAX_NODES = 20_000;

export interface GapTrackerOptions {
  /** The relay client's resume overlap. */
  overlapMs: number;
  /** Asks the relay for each node's oldest held flow. */
  oldestHeld: () => Promise<OldestHeld>;
  now?: () => number;
}

interface Resumption {
  firstResumed: Map<string, number>;
  /** Nodes named by node_status messages since the reconnect. */
  named: Set<string>;
}

export class GapTracker {
  private newest = 0;
  private readonly lastByNode = new Map<string, number>();
  /** Nodes with an open node-unavailable range (checked on every flow, so kept here). */
  private readonly unavailable = new Set<string>();
  private up = false;
  private outage: (Outage & { id: number }) | undefined;
  private readonly resumptions = new Set<Resumption>();
  private checks: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  constructor(
    readonly log: GapLog,
    private readonly opts: GapTrackerOptions,
  ) {
    this.now = opts.now ?? Date.now;
  }

  /** Resolves when every check started so far has finished. */
  settled(): Promise<void> {
    return this.checks;
  }

  /** A new flow (after dedupe). */
  flow(node: string, ts: number): void {
    if (ts > this.newest) this.newest = ts;
    const last = this.lastByNode.get(node);
    if (last === undefined) {
      if (this.lastByNode.size >= MAX_NODES) {
        const oldestKey = this.lastByNode.keys().next().value;
        if (oldestKey !== undefined) this.lastByNode.delete(oldestKey);
      }
      this.lastByNode.set(node, ts);
    } else if (ts > last) this.lastByNode.set(node, ts);
    for (const r of this.resumptions) if (!r.firstResumed.has(node)) r.firstResumed.set(node, ts);
    if (this.unavailable.size > 0 && this.unavailable.has(node)) {
      const open = this.log.findOpen('node-unavailable', node);
      // A flow from before the node went away says nothing about its return.
      if (!open || ts >= open.from) this.nodeBack(node, ts);
    }
  }

  /** The stream went down (or failed to come up). */
  streamDown(error: string): void {
    this.up = false;
    // The kind already says "relay unreachable"; the words are the reason.
    const detail = error;
    if (this.outage) {
      this.log.describe(this.outage.id, detail);
      return;
    }
    // Before the first flow there is no history to continue: nothing can go missing.
    if (this.newest === 0) return;
    const from = this.newest;
    const id = this.log.open({ kind: 'relay-unreachable', from, detail });
    this.outage = {
      id,
      from,
      since: from - this.opts.overlapMs,
      lastByNode: new Map(this.lastByNode),
    };
  }

  /** The stream is up: its first message arrived. */
  streamUp(): void {
    if (this.up) return;
    this.up = true;
    const outage = this.outage;
    if (!outage) return;
    this.outage = undefined;
    const resumedAt = this.now();
    const resumption: Resumption = { firstResumed: new Map(), named: new Set() };
    this.resumptions.add(resumption);
    const check = this.opts
      .oldestHeld()
      .then(
        (oldest) => {
          const ranges = unrecoveredRanges(
            outage,
            oldest,
            resumption.firstResumed,
            resumedAt,
            resumption.named,
          );
          this.log.replace(outage.id, ranges.map(toGapRange));
        },
        (err: unknown) => {
          const why = err instanceof Error ? err.message : String(err);
          this.log.close(outage.id, resumedAt, `could not check what the relay still held: ${why}`);
        },
      )
      .finally(() => this.resumptions.delete(resumption));
    this.checks = Promise.all([this.checks, check]).then(() => undefined);
  }

  /** A node_status message of the stream, at `at` (the response's time). */
  nodeStatus(state: NodeState, nodes: readonly string[], message: string, at: number): void {
    for (const r of this.resumptions) for (const node of nodes) r.named.add(node);
    if (state === NodeState.NODE_CONNECTED) {
      for (const node of nodes) this.nodeBack(node, at);
      return;
    }
    if (!UNREACHABLE_STATES.has(state)) return;
    for (const node of nodes) {
      const last = this.lastByNode.get(node);
      const from =
        last !== undefined && last < at ? Math.max(last, at - NODE_ERROR_LOOKBACK_MS) : at;
      const words = message ? `${NodeState[state]}: ${message}` : NodeState[state];
      this.log.open({ kind: 'node-unavailable', node, from, detail: words ?? '' });
      this.unavailable.add(node);
    }
  }

  /** A GetNodes answer: nodes listed connected are back; nodes no longer listed are gone
   * from the relay, and their ranges end (nothing more can be missed from them). */
  nodesPolled(nodes: readonly { name: string; state: NodeState }[], at = this.now()): void {
    const listed = new Map(nodes.map((n) => [n.name, n.state]));
    for (const node of [...this.unavailable.keys()]) {
      const state = listed.get(node);
      if (state === NodeState.NODE_CONNECTED) this.nodeBack(node, at);
      else if (state === undefined) this.nodeBack(node, at, 'no longer listed by the relay');
    }
  }

  /** A LostEvent reported by `node` at `at`. */
  lostEvent(
    ev: { source: LostEventSource; count: number; first?: number; last?: number },
    node: string,
    at: number,
  ): void {
    const source = LostEventSource[ev.source] ?? String(ev.source);
    let from = at - 1000;
    let to = at;
    if (ev.first !== undefined && ev.last !== undefined && ev.first > 0 && ev.last > 0) {
      from = Math.min(ev.first, ev.last);
      to = Math.max(ev.first, ev.last);
    }
    const range: GapRange & { to: number } = {
      kind: 'lost-events',
      from,
      to,
      lost: ev.count,
      source,
      detail: LOST_SOURCE_TEXT[source] ?? `lost events (${source})`,
    };
    if (node) range.node = node;
    this.log.add(range);
  }

  private nodeBack(node: string, at: number, why?: string): void {
    this.unavailable.delete(node);
    const open = this.log.findOpen('node-unavailable', node);
    if (!open) return;
    this.log.close(open.id, at, why ? `${open.detail}; ${why}` : undefined);
  }
}

function toGapRange(r: UnrecoveredRange): GapRange & { to: number } {
  return {
    kind: 'relay-unreachable',
    from: r.from,
    to: r.to,
    node: r.node,
    detail: r.noFlows
      ? 'after reconnecting, the relay returned no flows of this node'
      : "after reconnecting, the node's buffer no longer reached back",
  };
}
