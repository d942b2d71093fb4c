// The packet-level shape of one conversation: which events each side's agent reports
// (policy verdict, trace, drop, L7 access log) and in what order, a few µs apart.
import 'server-only';
import type { Flow } from '@/proto/gen/flow/flow_pb';
import type { Prng } from '../prng';
import {
  buildFlow,
  DropReason,
  tcpSummary,
  TraceObservationPoint as Point,
  TraceReason,
  TrafficDirection,
  Verdict,
} from './flow-builder';
import type { FlowEvent, FlowParts, L4, TcpFlag } from './flow-builder';
import type { PolicySpec } from './spec';
import type { Peer } from './topology';

/** Collects one interaction's flows and hands out time steps and random values. */
export class FlowSink {
  readonly flows: Flow[] = [];

  constructor(
    readonly prng: Prng,
    readonly cluster: string,
  ) {}

  add(parts: FlowParts): void {
    this.flows.push(buildFlow(parts, this.prng, this.cluster));
  }

  /** A delay of min..max microseconds, in nanoseconds. */
  us(min: number, max: number): bigint {
    return BigInt(this.prng.int(min, max)) * 1000n;
  }

  ephemeralPort(): number {
    return this.prng.int(32768, 60999);
  }
}

export interface ConnectionOptions {
  src: Peer;
  dst: Peer;
  sport: number;
  dport: number;
  proto: 'TCP' | 'UDP';
  egressPolicy?: PolicySpec;
  ingressPolicy?: PolicySpec;
  /** The destination's ingress goes through the L7 proxy (an L7 rule selects it). */
  ingressProxy?: boolean;
  deny?: { at: 'egress' | 'ingress'; policy?: PolicySpec };
  /** Also report a data segment after the handshake. */
  data?: boolean;
}

/** Peers that are Cilium endpoints report their own packets; others are seen from afar. */
function isLocalEndpoint(p: Peer): boolean {
  return p.kind === 'pod' || p.kind === 'health';
}

function l4Of(o: ConnectionOptions, flags: TcpFlag[], reply = false): L4 {
  const [sport, dport] = reply ? [o.dport, o.sport] : [o.sport, o.dport];
  return o.proto === 'TCP' ? { proto: 'TCP', sport, dport, flags } : { proto: 'UDP', sport, dport };
}

function summary(o: ConnectionOptions, flags: TcpFlag[]): string {
  return o.proto === 'TCP' ? tcpSummary(flags) : 'UDP';
}

/** Policy-verdict plus drop notification for one denied packet, as Cilium reports it. */
function denied(sink: FlowSink, o: ConnectionOptions, at: 'egress' | 'ingress', ns: bigint): void {
  const policy = o.deny?.policy;
  const reason = policy ? DropReason.POLICY_DENY : DropReason.POLICY_DENIED;
  const egress = at === 'egress';
  const base = {
    node: egress ? o.src.node : o.dst.node,
    src: o.src,
    dst: o.dst,
    l4: l4Of(o, ['SYN']),
    verdict: Verdict.DROPPED,
    direction: egress ? TrafficDirection.EGRESS : TrafficDirection.INGRESS,
    isReply: false,
    summary: summary(o, ['SYN']),
  };
  const verdictEvent: FlowEvent = {
    kind: 'policy',
    matchType: 0,
    drop: reason,
    ...(policy ? { deniedBy: policy } : {}),
  };
  sink.add({ ...base, ns, event: verdictEvent });
  sink.add({ ...base, ns: ns + sink.us(2, 9), event: { kind: 'drop', reason } });
}

function trace(
  sink: FlowSink,
  o: ConnectionOptions,
  ns: bigint,
  side: 'src' | 'dst',
  point: Point,
  reason: TraceReason,
  flags: TcpFlag[],
): void {
  const reply = reason === TraceReason.REPLY;
  sink.add({
    ns,
    node: side === 'src' ? o.src.node : o.dst.node,
    src: reply ? o.dst : o.src,
    dst: reply ? o.src : o.dst,
    l4: l4Of(o, flags, reply),
    verdict: Verdict.FORWARDED,
    // Direction is relative to the reporting endpoint and stays the same for replies.
    direction: side === 'src' ? TrafficDirection.EGRESS : TrafficDirection.INGRESS,
    isReply: reply,
    event: { kind: 'trace', point, reason },
    summary: summary(o, flags),
  });
}

/**
 * Reports one connection from both agents' points of view and returns the time of its last
 * event. A denied connection is retried like a TCP SYN retransmit.
 */
export function connection(sink: FlowSink, start: bigint, o: ConnectionOptions): bigint {
  let t = start;
  const srcLocal = isLocalEndpoint(o.src);
  const dstLocal = isLocalEndpoint(o.dst);
  const syn: TcpFlag[] = ['SYN'];
  const attempts = o.deny ? sink.prng.int(1, 3) : 1;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (attempt > 0) t += BigInt(1000 * 2 ** (attempt - 1)) * 1_000_000n + sink.us(0, 900);
    if (srcLocal && o.deny?.at === 'egress') {
      denied(sink, o, 'egress', t);
      continue;
    }
    if (srcLocal) {
      if (o.egressPolicy) {
        sink.add({
          ns: t,
          node: o.src.node,
          src: o.src,
          dst: o.dst,
          l4: l4Of(o, syn),
          verdict: Verdict.FORWARDED,
          direction: TrafficDirection.EGRESS,
          isReply: false,
          event: { kind: 'policy', matchType: 2, allowedBy: o.egressPolicy },
          summary: summary(o, syn),
        });
        t += sink.us(1, 6);
      }
      trace(sink, o, t, 'src', Point.FROM_ENDPOINT, TraceReason.NEW, syn);
    }
    t += sink.us(80, 600);
    if (dstLocal && o.deny?.at === 'ingress') {
      denied(sink, o, 'ingress', t);
      continue;
    }
    if (dstLocal) {
      if (o.ingressPolicy) {
        sink.add({
          ns: t,
          node: o.dst.node,
          src: o.src,
          dst: o.dst,
          l4: l4Of(o, syn),
          verdict: o.ingressProxy ? Verdict.REDIRECTED : Verdict.FORWARDED,
          direction: TrafficDirection.INGRESS,
          isReply: false,
          event: { kind: 'policy', matchType: 2, allowedBy: o.ingressPolicy },
          summary: summary(o, syn),
        });
        t += sink.us(1, 6);
      }
      const point = o.ingressProxy ? Point.TO_PROXY : Point.TO_ENDPOINT;
      trace(sink, o, t, 'dst', point, TraceReason.NEW, syn);
    }
  }
  if (o.deny) return t;
  const synAck: TcpFlag[] = o.proto === 'TCP' ? ['SYN', 'ACK'] : [];
  t += sink.us(30, 250);
  if (dstLocal) trace(sink, o, t, 'dst', Point.FROM_ENDPOINT, TraceReason.REPLY, synAck);
  t += sink.us(80, 600);
  if (srcLocal) trace(sink, o, t, 'src', Point.TO_ENDPOINT, TraceReason.REPLY, synAck);
  if (o.data && o.proto === 'TCP') {
    const psh: TcpFlag[] = ['ACK', 'PSH'];
    t += sink.us(50, 400);
    if (srcLocal) trace(sink, o, t, 'src', Point.FROM_ENDPOINT, TraceReason.ESTABLISHED, psh);
    t += sink.us(80, 600);
    if (dstLocal) trace(sink, o, t, 'dst', Point.TO_ENDPOINT, TraceReason.ESTABLISHED, psh);
  }
  return t;
}
