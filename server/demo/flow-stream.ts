// GetFlows as a relay answers it: the request goes to every node's ring, each node honours
// number/first/since/until and the filters on its own, and the results are merged by time
// through a bounded sort buffer. Reading is pull-based with per-node cursors, so a slow client
// costs no memory: it falls behind the ring and is told how many flows it lost.
// A node made unavailable (FlowHub.setAvailable) is reported with NODE_ERROR and skipped;
// when it is back, its flows continue from that moment on, without what it recorded
// meanwhile, as Hubble Relay does. Following streams also carry the agents' lost-event
// reports (FlowHub.reportLost).
import 'server-only';
import { create, toBinary } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import * as grpc from '@grpc/grpc-js';
import { LostEventSource } from '@/proto/gen/flow/flow_pb';
import { GetFlowsResponseSchema } from '@/proto/gen/observer/observer_pb';
import type { GetFlowsRequest, GetFlowsResponse } from '@/proto/gen/observer/observer_pb';
import { NodeState } from '@/proto/gen/relay/relay_pb';
import { matchesQuery } from '@/server/filter/match-flow';
import type { FlowQuery } from '@/server/filter/filter-types';
import { fromProtoFilters } from '@/server/ingest/proto-filter';
import { timestampToNs } from '@/server/ingest/to-flow-record';
import { filterError } from './filter-check';
import type { FlowHub, LostReport } from './flow-hub';
import type { NodeRing, RingEntry } from './ring';

export interface StreamSettings {
  /** Relay defaults: 100 flows, 1 s. */
  sortBufferMaxLen: number;
  sortBufferDrainMs: number;
  /** A real agent's non-follow read never returns the newest flow still in its ring. */
  hideNewestInRing: boolean;
  /** node_name on the relay's own node_status messages. */
  relayNodeName: string;
  /** Fault mode: what a real relay does that the demo leaves out by default. */
  relayLike?: RelayLike;
}

/**
 * A real Hubble Relay's timing (pkg/hubble/relay/observer): a relay that has just started
 * dials its peers one by one, and every peer that joins a following stream later, or rejoins
 * it after an error, gets the client's request as it is (so it sends its backlog from `since`
 * again); its sort buffer lets flows out only when full or after a quiet drain timeout; and a
 * node may run behind the others.
 */
export interface RelayLike {
  /** When this relay process started (ms). */
  startedAtMs: number;
  /** The relay reaches its n-th peer (in a rotating order) n times this long after starting. */
  peerDialMs: number;
  /** Nodes whose flows reach the relay this many ms after they happen. */
  lagMs: ReadonlyMap<string, number>;
}

/** Responses go out as messages or, for ring entries, as their cached encoding. */
export type GetFlowsCall = grpc.ServerWritableStream<
  GetFlowsRequest,
  GetFlowsResponse | Uint8Array
>;

interface Source {
  ring: NodeRing;
  cursor: number;
  /** Exclusive end for non-follow reads; follow reads run to the ring's end. */
  end: number | undefined;
  remaining: number;
  lost: number;
  /** Time (ns) of the last flow taken from this node, if any. */
  lastNs?: bigint;
  /** The relay cannot reach the node: nothing is read from it. */
  down: boolean;
  /** Fault mode: when a relay that has just started reaches this node (ms). */
  joinAt?: number;
  /** Fault mode: the node's flows reach the relay this late (ns). */
  lagNs?: bigint;
}

interface Window {
  sinceNs: bigint | undefined;
  untilNs: bigint | undefined;
  query: FlowQuery;
}

function inWindow(e: RingEntry, w: Window): boolean {
  if (w.sinceNs !== undefined && e.ns < w.sinceNs) return false;
  if (w.untilNs !== undefined && e.ns > w.untilNs) return false;
  return matchesQuery(e.rec, w.query);
}

function nodeStatus(
  state: NodeState,
  nodes: string[],
  relayNodeName: string,
  message = '',
): GetFlowsResponse {
  return create(GetFlowsResponseSchema, {
    responseTypes: {
      case: 'nodeStatus',
      value: { stateChange: state, nodeNames: nodes, message },
    },
    nodeName: relayNodeName,
    time: timestampFromMs(Date.now()),
  });
}

function flowResponse(e: RingEntry): Uint8Array {
  e.wire ??= toBinary(
    GetFlowsResponseSchema,
    create(GetFlowsResponseSchema, {
      responseTypes: { case: 'flow', value: e.flow },
      nodeName: e.flow.nodeName,
      ...(e.flow.time ? { time: e.flow.time } : {}),
    }),
  );
  return e.wire;
}

function nsToTimestamp(ns: bigint) {
  return { seconds: ns / 1_000_000_000n, nanos: Number(ns % 1_000_000_000n) };
}

function lostResponse(
  node: string,
  lost: number,
  source = LostEventSource.HUBBLE_RING_BUFFER,
  span?: { firstNs: bigint; lastNs: bigint },
): GetFlowsResponse {
  return create(GetFlowsResponseSchema, {
    responseTypes: {
      case: 'lostEvents',
      value: {
        source,
        numEventsLost: BigInt(lost),
        ...(span ? { first: nsToTimestamp(span.firstNs), last: nsToTimestamp(span.lastNs) } : {}),
      },
    },
    nodeName: node,
    time: timestampFromMs(Date.now()),
  });
}

function reportResponse(r: LostReport): GetFlowsResponse {
  const span =
    r.firstNs !== undefined && r.lastNs !== undefined
      ? { firstNs: r.firstNs, lastNs: r.lastNs }
      : undefined;
  return lostResponse(r.node, r.count, r.source, span);
}

/** Lost flows of a reader that fell behind: after its last flow, before the oldest held. */
function overwrittenSpan(s: Source): { firstNs: bigint; lastNs: bigint } | undefined {
  const oldest = s.ring.at(s.ring.startSeq);
  if (s.lastNs === undefined || !oldest) return undefined;
  return { firstNs: s.lastNs + 1n, lastNs: oldest.ns - 1n };
}

/** Where one node starts reading, following the agent's rules for number/first/since. */
function openSource(ring: NodeRing, req: GetFlowsRequest, w: Window, hideNewest: boolean): Source {
  const number = req.number > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(req.number);
  const end = req.follow ? undefined : Math.max(ring.startSeq, ring.endSeq - (hideNewest ? 1 : 0));
  const limitEnd = end ?? ring.endSeq;
  const src = (cursor: number, remaining: number): Source => ({
    ring,
    cursor,
    end,
    remaining,
    lost: 0,
    down: false,
  });
  // since takes precedence over number; number then caps how many flows follow it.
  if (w.sinceNs !== undefined) {
    return src(ring.seqAtOrAfter(w.sinceNs), number > 0 && !req.follow ? number : Infinity);
  }
  if (req.first) return src(ring.startSeq, number > 0 ? number : Infinity);
  if (number === 0) return src(req.follow ? ring.endSeq : ring.startSeq, Infinity);
  let cursor = limitEnd;
  let found = 0;
  while (cursor > ring.startSeq && found < number) {
    cursor -= 1;
    const e = ring.at(cursor);
    if (e && inWindow(e, w)) found += 1;
  }
  return src(cursor, Infinity);
}

/** Next matching entry of a source without consuming it; notes overwritten flows as lost. */
function peek(s: Source, w: Window): RingEntry | undefined {
  if (s.remaining <= 0 || s.down) return undefined;
  for (;;) {
    const stop = Math.min(s.end ?? Infinity, s.ring.endSeq);
    if (s.cursor >= stop) return undefined;
    if (s.cursor < s.ring.startSeq) {
      s.lost += s.ring.startSeq - s.cursor;
      s.cursor = s.ring.startSeq;
      continue;
    }
    const e = s.ring.at(s.cursor);
    if (e && s.lagNs !== undefined && e.ns > BigInt(Date.now()) * 1_000_000n - s.lagNs) {
      return undefined; // not at the relay yet
    }
    if (e && inWindow(e, w)) return e;
    s.cursor += 1;
  }
}

/** Serves one GetFlows call until the backlog is done (or, with follow, until cancelled). */
export function serveGetFlows(
  hub: FlowHub,
  settings: StreamSettings,
  call: GetFlowsCall,
): () => void {
  let closed = false;
  let wake: (() => void) | undefined;
  const close = (): void => {
    closed = true;
    wake?.();
  };
  call.on('cancelled', close);
  call.on('close', close);
  call.on('error', close);
  void run().catch(() => close());
  return close;

  async function send(resp: GetFlowsResponse | Uint8Array): Promise<void> {
    if (closed) return;
    if (call.write(resp)) return;
    // Backpressure: hold the reader until grpc-js has flushed, so nothing piles up here.
    await new Promise<void>((resolve) => {
      wake = resolve;
      call.once('drain', resolve);
    });
    wake = undefined;
  }

  /** Waits for new flows, the next drain tick, or the end of the call. */
  function idle(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        off();
        wake = undefined;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      const off = hub.onAppend(finish);
      wake = finish;
    });
  }

  async function run(): Promise<void> {
    const req = call.request;
    if (req.first && req.follow) {
      call.emit('error', {
        code: grpc.status.INVALID_ARGUMENT,
        details: 'first cannot be specified with follow',
      });
      return;
    }
    const nodes = hub.nodeNames();
    const like = settings.relayLike;
    const joinAt = new Map<string, number>();
    if (like && req.follow) {
      const turn = Math.floor(like.startedAtMs / 1000) % Math.max(1, nodes.length);
      nodes.forEach((n, i) => {
        const at = like.startedAtMs + (((i + turn) % nodes.length) + 1) * like.peerDialMs;
        if (at > Date.now()) joinAt.set(n, at);
      });
    }
    const reachable = nodes.filter((n) => !hub.unavailable.has(n) && !joinAt.has(n));
    const unreachable = nodes.filter((n) => hub.unavailable.has(n) || joinAt.has(n));
    await send(nodeStatus(NodeState.NODE_CONNECTED, reachable, settings.relayNodeName));
    if (unreachable.length > 0) {
      await send(nodeStatus(NodeState.NODE_UNAVAILABLE, unreachable, settings.relayNodeName));
    }
    let query: FlowQuery;
    try {
      const err = filterError(req.whitelist, req.blacklist);
      if (err) throw new Error(err);
      query = fromProtoFilters(req.whitelist, req.blacklist);
    } catch (e) {
      // Every agent rejects the same filter, so the relay reports one aggregated error.
      const msg = `rpc error: code = InvalidArgument desc = ${e instanceof Error ? e.message : e}`;
      await send(nodeStatus(NodeState.NODE_ERROR, reachable, settings.relayNodeName, msg));
      if (!closed) call.end();
      return;
    }
    const w: Window = {
      sinceNs: req.since ? timestampToNs(req.since) : undefined,
      untilNs: req.until ? timestampToNs(req.until) : undefined,
      query,
    };
    const open = (ring: NodeRing): Source => {
      const s = openSource(ring, req, w, settings.hideNewestInRing);
      s.down = hub.unavailable.has(ring.node);
      const lag = like?.lagMs.get(ring.node);
      if (lag) s.lagNs = BigInt(lag) * 1_000_000n;
      return s;
    };
    const sources = [...hub.rings.values()].map((ring) => {
      const s = open(ring);
      const at = joinAt.get(ring.node);
      if (at !== undefined) {
        s.down = true;
        s.joinAt = at;
      }
      return s;
    });
    // A peer joining or rejoining gets the original request: its backlog starts over.
    const rejoin = (s: Source): void => {
      Object.assign(s, open(s.ring), { joinAt: undefined });
    };
    let availability = hub.availabilityVersion;
    let lostSeen = hub.lostReportSeq;
    const perNode = Number(req.number) * sources.length;
    const qlen =
      perNode > 0 ? Math.min(settings.sortBufferMaxLen, perNode) : settings.sortBufferMaxLen;
    const buffer: RingEntry[] = [];
    let sinceYield = 0;
    let lastInMs = Date.now();
    while (!closed) {
      if (joinAt.size > 0) {
        for (const s of sources) {
          if (s.joinAt === undefined || Date.now() < s.joinAt) continue;
          joinAt.delete(s.ring.node);
          if (hub.unavailable.has(s.ring.node)) s.joinAt = undefined;
          else rejoin(s);
        }
      }
      if (req.follow && availability !== hub.availabilityVersion) {
        availability = hub.availabilityVersion;
        for (const s of sources) {
          if (s.joinAt !== undefined) continue; // not dialled yet
          const down = hub.unavailable.has(s.ring.node);
          if (down === s.down) continue;
          s.down = down;
          if (down) {
            const msg = 'rpc error: code = Unavailable desc = error reading from server: EOF';
            await send(
              nodeStatus(NodeState.NODE_ERROR, [s.ring.node], settings.relayNodeName, msg),
            );
          } else if (like) {
            rejoin(s);
          } else {
            s.cursor = s.ring.endSeq; // back from now on: no backfill
          }
        }
      }
      if (req.follow && lostSeen !== hub.lostReportSeq) {
        for (const r of hub.lostReportsAfter(lostSeen)) await send(reportResponse(r));
        lostSeen = hub.lostReportSeq;
      }
      let best: { s: Source; e: RingEntry } | undefined;
      for (const s of sources) {
        const e = peek(s, w);
        if (s.lost > 0) {
          await send(lostResponse(s.ring.node, s.lost, undefined, overwrittenSpan(s)));
          s.lost = 0;
        }
        if (e && (!best || e.ns < best.e.ns)) best = { s, e };
      }
      if (best) {
        best.s.cursor += 1;
        best.s.remaining -= 1;
        best.s.lastNs = best.e.ns;
        insertSorted(buffer, best.e);
        lastInMs = Date.now();
        const out = buffer.length >= qlen ? buffer.shift() : undefined;
        if (out) await send(flowResponse(out));
        sinceYield += 1;
        if (sinceYield >= 256) {
          // Long backlogs must not starve other calls sharing the event loop.
          sinceYield = 0;
          await new Promise((resolve) => setImmediate(resolve));
        }
        continue;
      }
      if (!req.follow) {
        for (const e of buffer.splice(0)) await send(flowResponse(e));
        if (!closed) call.end();
        return;
      }
      // A real relay drains only after a quiet drain timeout; at a steady rate its buffer
      // lets a flow out only when full.
      const quiet = !like || Date.now() - lastInMs >= settings.sortBufferDrainMs;
      const cutoff = BigInt(Date.now() - settings.sortBufferDrainMs) * 1_000_000n;
      for (let next = buffer[0]; quiet && next && next.ns < cutoff; next = buffer[0]) {
        buffer.shift();
        await send(flowResponse(next));
      }
      if (!closed) await idle(settings.sortBufferDrainMs);
    }
  }
}

function insertSorted(buffer: RingEntry[], e: RingEntry): void {
  let i = buffer.length;
  while (i > 0 && (buffer[i - 1]?.ns ?? 0n) > e.ns) i -= 1;
  buffer.splice(i, 0, e);
}
