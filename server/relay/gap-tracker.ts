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
//   recorded for that node (outage-decision.ts). A node that returns no flow at all is marked up to its first
//   resumed flow, or the reconnect. Nodes the relay no longer names in its opening
//   node_status messages have left the cluster and are not marked. If the check itself
//   fails, the whole outage is marked.
// - Nodes the relay cannot reach: NODE_UNAVAILABLE, NODE_GONE and NODE_ERROR open a range
//   for the node; it ends at NODE_CONNECTED, at the node's next flow, or when GetNodes lists
//   it connected again (a relay starts streaming a returning node without saying so).
//   A following relay stream dials a node that joins or rejoins with the client's original
//   request (pkg/hubble/relay/observer, flowCollector.collect), so the node's backlog starts
//   over from the stream's `since`. A flow Flowscope already holds (a duplicate) shows such
//   a backlog: from there the node's flows are contiguous. An open range it reaches back
//   over is taken back at once; ended ranges (by a status, a poll or a flow that was still
//   in the relay's sort buffer) lose each part the backlog has passed. A stream cut short
//   in the backlog leaves the rest marked. A node that never sent a flow shows a backlog by
//   a first flow from before its range.
// - After a reconnect, a node that answered the oldest-flow check with nothing (a relay that
//   has just started dials its peers one by one) is decided by its first flow on the resumed
//   stream the same way, or marked after FIRST_FLOW_WAIT_MS without one.
// - Lost events (LostEvent): their first/last times when the agent sends them, else the
//   second before the notification (agents report losses at most once a second).
import 'server-only';
import { NodeState } from '@/proto/gen/relay/relay_pb';
import { LostEventSource } from '@/proto/gen/flow/flow_pb';
import type { GapLog, GapRange } from './gap-log';
import {
  decideOutage,
  toGapRange,
  type FirstDelivered,
  type OldestHeld,
  type Outage,
} from './outage-decision';

export type { OldestHeld } from './outage-decision';

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
/** How long after a reconnect a node that answered the oldest-flow check with nothing may
 * still show, by its first flow, that its backlog reached back. */
export const FIRST_FLOW_WAIT_MS = 30_000;
/** How long an ended node range can still be taken back by a backlog from before it. */
export const REDELIVERY_WINDOW_MS = 5 * 60_000;
const MAX_SPANS_PER_NODE = 16;
/** How far a backlog advances between cuts of what it re-sent out of the ended ranges. */
const BACKLOG_APPLY_MS = 200;

export interface GapTrackerOptions {
  /** The relay client's resume overlap. */
  overlapMs: number;
  /** Asks the relay for each node's oldest held flow. */
  oldestHeld: () => Promise<OldestHeld>;
  now?: () => number;
}

interface Resumption {
  firstResumed: Map<string, number>;
  firstDelivered: Map<string, FirstDelivered>;
  /** Nodes named by node_status messages since the reconnect. */
  named: Set<string>;
}

/** Outage nodes that answered the oldest-flow check with nothing and sent no flow yet. */
interface Undecided {
  from: number;
  resumedAt: number;
}

/** What a node's backlog has re-sent: [from, upTo], contiguous; applied up to `applied`. */
interface Backlog {
  node: string;
  from: number;
  upTo: number;
  applied: number;
}

/** An ended node-unavailable range that the node's backlog may still take back. */
interface NodeSpan {
  from: number;
  to: number;
  /** When it ended. */
  at: number;
}

export class GapTracker {
  private newest = 0;
  private readonly lastByNode = new Map<string, number>();
  /** Nodes with an open node-unavailable range (checked on every flow, so kept here). */
  private readonly unavailable = new Set<string>();
  private up = false;
  private outage: (Outage & { id: number }) | undefined;
  private readonly resumptions = new Set<Resumption>();
  private readonly undecided = new Map<string, Undecided>();
  /** Per node, its latest node range (open or ended), which a backlog may still take back. */
  private readonly nodeSpans = new Map<string, NodeSpan[]>();
  /** Per node, its backlog on the current stream (the node re-sending its history). */
  private readonly backlogs = new Map<string, Backlog>();
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

  /** A flow the stream delivered: new, or a `duplicate` of one Flowscope already holds
   * (which is not stored again, but shows where the node's stream started over). */
  flow(node: string, ts: number, duplicate = false): void {
    const last = this.lastByNode.get(node);
    const hadFlows = last !== undefined;
    if (!duplicate) {
      if (ts > this.newest) this.newest = ts;
      if (last === undefined) {
        if (this.lastByNode.size >= MAX_NODES) {
          const oldestKey = this.lastByNode.keys().next().value;
          if (oldestKey !== undefined) this.lastByNode.delete(oldestKey);
        }
        this.lastByNode.set(node, ts);
      } else if (ts > last) this.lastByNode.set(node, ts);
    }
    for (const r of this.resumptions) {
      if (!r.firstDelivered.has(node)) r.firstDelivered.set(node, { ts, duplicate });
      if (!duplicate && !r.firstResumed.has(node)) r.firstResumed.set(node, ts);
    }
    if (this.undecided.size > 0) this.decideUndecided(node, { ts, duplicate });
    if (this.unavailable.has(node) || this.nodeSpans.has(node)) {
      this.takeBack(node, { ts, duplicate }, hadFlows);
    }
    if (!duplicate && this.unavailable.size > 0 && this.unavailable.has(node)) {
      const open = this.log.findOpen('node-unavailable', node);
      // A flow from before the node went away says nothing about its return.
      if (!open || ts >= open.from) this.nodeBack(node, ts);
    }
  }

  /** A node's backlog takes back what it passes of the node's ranges. */
  private takeBack(node: string, first: FirstDelivered, hadFlows: boolean): void {
    let backlog = this.backlogs.get(node);
    if (!backlog) {
      const open = this.unavailable.has(node)
        ? this.log.findOpen('node-unavailable', node)
        : undefined;
      // A node's first flow ever is its backlog too: what the stream asked of it (its newest
      // flows, or those since the resume point) reaches from there to now, and before it
      // Flowscope had no history of the node to continue, so nothing of it went missing.
      const starts = (this.nodeSpans.get(node) ?? []).map((sp) => sp.from);
      if (open) starts.push(open.from);
      if (!first.duplicate && (hadFlows || starts.length === 0)) return;
      const from = first.duplicate ? first.ts : Math.min(first.ts, ...starts);
      backlog = { node, from, upTo: first.ts, applied: from };
      this.backlogs.set(node, backlog);
      if (open) {
        // From here on the node's flows are contiguous: the open range ends where the
        // backlog begins, or is gone if the backlog reaches back over it.
        this.unavailable.delete(node);
        if (backlog.from <= open.from) this.log.remove(open.id);
        else this.nodeBack(node, backlog.from);
      }
    }
    if (first.ts > backlog.upTo) backlog.upTo = first.ts;
    if (backlog.upTo - backlog.applied >= BACKLOG_APPLY_MS) this.applyBacklog(backlog);
  }

  /** Cuts what a backlog has re-sent so far out of its node's ended ranges. */
  private applyBacklog(b: Backlog): void {
    b.applied = b.upTo;
    const spans = this.nodeSpans.get(b.node);
    if (!spans) return;
    this.log.subtract('node-unavailable', b.node, b.from, b.upTo);
    const kept = spans.filter((sp) => sp.to > b.upTo || sp.from < b.from);
    if (kept.length > 0) this.nodeSpans.set(b.node, kept);
    else {
      this.nodeSpans.delete(b.node);
      if (!this.unavailable.has(b.node)) this.backlogs.delete(b.node);
    }
  }

  /** Decides an undecided outage node by its first flow, or any that waited too long. */
  private decideUndecided(node: string | undefined, first?: FirstDelivered): void {
    const now = this.now();
    for (const [n, u] of this.undecided) {
      if (n === node && first) {
        this.undecided.delete(n);
        // On a resumed stream a node's first flow from no later than the range's start is
        // its backlog: it reaches back.
        if (first.ts <= u.from) continue;
        const to = Math.min(first.ts, u.resumedAt);
        if (to > u.from) this.log.add(toGapRange({ node: n, from: u.from, to, noFlows: true }));
      } else if (now - u.resumedAt > FIRST_FLOW_WAIT_MS) {
        this.undecided.delete(n);
        if (u.resumedAt > u.from) {
          this.log.add(toGapRange({ node: n, from: u.from, to: u.resumedAt, noFlows: true }));
        }
      }
    }
  }

  /** The stream went down (or failed to come up). */
  streamDown(error: string): void {
    this.up = false;
    // A backlog cut short leaves its ended range marked.
    for (const b of this.backlogs.values()) this.applyBacklog(b);
    this.backlogs.clear();
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
    // Nodes still undecided from the last reconnect never resumed: they start over here.
    const undecidedFrom = new Map([...this.undecided].map(([n, u]) => [n, u.from]));
    this.undecided.clear();
    this.outage = {
      id,
      from,
      since: from - this.opts.overlapMs,
      lastByNode: new Map(this.lastByNode),
      ...(undecidedFrom.size > 0 ? { undecidedFrom } : {}),
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
    const resumption: Resumption = {
      firstResumed: new Map(),
      firstDelivered: new Map(),
      named: new Set(),
    };
    this.resumptions.add(resumption);
    const check = this.opts
      .oldestHeld()
      .then(
        (oldest) => {
          const { ranges, undecided } = decideOutage(
            outage,
            oldest,
            resumption.firstResumed,
            resumption.firstDelivered,
            resumedAt,
            resumption.named,
            true,
          );
          this.log.replace(outage.id, ranges.map(toGapRange));
          // Still down again: the next outage starts these nodes over.
          if (!this.up) return;
          for (const [node, from] of undecided) this.undecided.set(node, { from, resumedAt });
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
      // A backlog begun before this status says nothing about what follows it.
      const b = this.backlogs.get(node);
      if (b) this.applyBacklog(b);
      this.backlogs.delete(node);
      this.unavailable.add(node);
    }
  }

  /** A GetNodes answer: nodes listed connected are back; nodes no longer listed are gone
   * from the relay, and their ranges end (nothing more can be missed from them). */
  nodesPolled(nodes: readonly { name: string; state: NodeState }[], at = this.now()): void {
    if (this.undecided.size > 0) this.decideUndecided(undefined);
    for (const [node, spans] of this.nodeSpans) {
      const kept = spans.filter((sp) => at - sp.at <= REDELIVERY_WINDOW_MS);
      if (kept.length > 0) this.nodeSpans.set(node, kept);
      else this.nodeSpans.delete(node);
    }
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
    const spans = this.nodeSpans.get(node) ?? [];
    spans.push({ from: open.from, to: Math.max(open.from, at), at });
    // A node flapping for minutes keeps only its newest ranges takeable.
    this.nodeSpans.set(node, spans.slice(-MAX_SPANS_PER_NODE));
  }
}
