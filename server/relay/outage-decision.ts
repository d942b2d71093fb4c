// What an outage of the relay stream cost, decided once the stream is back: per node, the
// part of the outage the relay could no longer give back. Pure, so the gap tracker's
// reconnect decision is tested without a relay (gap-tracker.test.ts).
import 'server-only';
import type { GapRange } from './gap-log';

/** Node name → time (epoch ms) of the oldest flow its buffer still holds. */
export type OldestHeld = Map<string, number>;

export interface Outage {
  /** Newest flow received before the stream went down. */
  from: number;
  /** Where the resumed stream starts: `from` − the resume overlap. */
  since: number;
  /** Per node, the newest flow received before the stream went down. */
  lastByNode: ReadonlyMap<string, number>;
  /** Nodes still undecided from an earlier reconnect (the stream went down again before
   * they sent a flow): their range starts where that undecided range started. */
  undecidedFrom?: ReadonlyMap<string, number>;
}

/** A node's first flow on a resumed stream. */
export interface FirstDelivered {
  ts: number;
  /** Flowscope already held it: the node's stream started over from before its newest. */
  duplicate: boolean;
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
  return decideOutage(outage, oldest, firstResumed, new Map(), resumedAt, named, false).ranges;
}

/** Where a node's range of an outage starts. */
function outageFrom(outage: Outage, node: string, last: number): number {
  // Before `since` nothing was missing: the stream had delivered it (up to relay ordering,
  // which the overlap covers); a node undecided from an earlier reconnect had not.
  return outage.undecidedFrom?.get(node) ?? Math.max(last, outage.since);
}

/**
 * The outage's unrecovered ranges, as {@link unrecoveredRanges}, where a node that answered
 * the oldest-flow check with nothing is decided by its first flow on the resumed stream
 * (`firstDelivered`, duplicates included): from no later than the range's start, its
 * backlog reached back. With `wait`, such a node that has sent nothing yet is left
 * `undecided` rather than marked.
 */
export function decideOutage(
  outage: Outage,
  oldest: OldestHeld,
  firstResumed: ReadonlyMap<string, number>,
  firstDelivered: ReadonlyMap<string, FirstDelivered>,
  resumedAt: number,
  named: ReadonlySet<string>,
  wait: boolean,
): { ranges: UnrecoveredRange[]; undecided: Map<string, number> } {
  const ranges: UnrecoveredRange[] = [];
  const undecided = new Map<string, number>();
  for (const [node, last] of outage.lastByNode) {
    if (named.size > 0 && !named.has(node) && !oldest.has(node)) continue;
    const from = outageFrom(outage, node, last);
    const held = oldest.get(node);
    if (held !== undefined && held <= from) continue; // the buffer reaches back: recovered
    const delivered = firstDelivered.get(node);
    if (held === undefined) {
      if (delivered && delivered.ts <= from) continue; // its backlog came back from before
      if (!delivered && wait) {
        undecided.set(node, from);
        continue;
      }
    }
    let to = held ?? resumedAt;
    const first = firstResumed.get(node);
    if (first !== undefined) to = Math.min(to, first);
    if (to <= from) continue;
    ranges.push({ node, from, to, noFlows: held === undefined });
  }
  ranges.sort((a, b) => a.from - b.from || a.node.localeCompare(b.node));
  return { ranges, undecided };
}

/** An unrecovered range as the gap log records it. */
export function toGapRange(r: UnrecoveredRange): GapRange & { to: number } {
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
