// One function per story kind: picks concrete pods for a StorySpec and reports the
// conversation through the connection and L7 helpers.
import 'server-only';
import { L7FlowType } from '@/proto/gen/flow/flow_pb';
import { connection, FlowSink } from './connection';
import { TraceObservationPoint, TraceReason, TrafficDirection, Verdict } from './flow-builder';
import type { PeerRef, PolicySpec, ScenarioSpec, StorySpec } from './spec';
import type { Peer, Topology } from './topology';

export interface StoryContext {
  sink: FlowSink;
  topo: Topology;
  policies: Map<string, PolicySpec>;
  spec: ScenarioSpec;
}

function pods(ctx: StoryContext, key: string): Peer[] {
  const list = ctx.topo.podsByWorkload.get(key);
  if (!list || list.length === 0) throw new Error(`scenario: unknown workload "${key}"`);
  return list;
}

function peer(ctx: StoryContext, ref: PeerRef): Peer {
  if ('workload' in ref) return ctx.sink.prng.pick(pods(ctx, ref.workload));
  const list = ctx.topo.externals.get(ref.external);
  if (!list || list.length === 0) throw new Error(`scenario: unknown external "${ref.external}"`);
  return ctx.sink.prng.pick(list);
}

function policy(ctx: StoryContext, key: string | undefined): PolicySpec | undefined {
  if (key === undefined) return undefined;
  const p = ctx.policies.get(key);
  if (!p) throw new Error(`scenario: unknown policy "${key}"`);
  return p;
}

/**
 * Request and response access-log records of an HTTP exchange seen by the ingress proxy.
 * A request no L7 rule allows is logged once as Denied (Hubble: the REQUEST record, DROPPED);
 * the proxy's own 403 reply is then logged as an ordinary Response entry, which Hubble shows
 * FORWARDED (cilium/proxy cilium/l7policy.cc AccessFilter; Cilium pkg/envoy accesslog
 * GetVerdict; pkg/hubble/parser/seven decodeVerdict). So one denial is one DROPPED record.
 */
function httpExchange(
  ctx: StoryContext,
  start: bigint,
  src: Peer,
  dst: Peer,
  sport: number,
  dport: number,
  req: { method: string; url: string; allowed: boolean },
): bigint {
  const { sink } = ctx;
  const code = req.allowed ? (req.method === 'POST' ? 201 : 200) : 403;
  const latencyNs = req.allowed ? sink.us(800, 45_000) : sink.us(40, 300);
  const base = { node: dst.node, direction: TrafficDirection.INGRESS };
  const headers = [
    { key: 'user-agent', value: 'envoy-gateway' },
    { key: 'x-request-id', value: sink.prng.uuid() },
  ];
  let t = start + sink.us(100, 500);
  sink.add({
    ...base,
    verdict: req.allowed ? Verdict.FORWARDED : Verdict.DROPPED,
    ns: t,
    src,
    dst,
    l4: { proto: 'TCP', sport, dport, flags: [] },
    isReply: false,
    event: {
      kind: 'l7',
      l7: {
        type: L7FlowType.REQUEST,
        record: {
          case: 'http',
          value: { method: req.method, url: req.url, protocol: 'HTTP/1.1', headers },
        },
      },
    },
    summary: `HTTP/1.1 ${req.method} ${req.url}`,
  });
  t += latencyNs;
  const ms = Math.round(Number(latencyNs) / 1e6);
  sink.add({
    ...base,
    verdict: Verdict.FORWARDED,
    ns: t,
    src: dst,
    dst: src,
    l4: { proto: 'TCP', sport: dport, dport: sport, flags: [] },
    isReply: true,
    event: {
      kind: 'l7',
      l7: {
        type: L7FlowType.RESPONSE,
        latencyNs,
        record: {
          case: 'http',
          value: { code, method: req.method, url: req.url, protocol: 'HTTP/1.1', headers },
        },
      },
    },
    summary: `HTTP/1.1 ${code} ${ms}ms (${req.method} ${req.url})`,
  });
  return t;
}

function httpStory(ctx: StoryContext, s: Extract<StorySpec, { kind: 'http' }>, t0: bigint) {
  const { sink } = ctx;
  const src = peer(ctx, s.from);
  const dst = sink.prng.pick(pods(ctx, s.to));
  const route = sink.prng.weighted(s.routes);
  const sport = sink.ephemeralPort();
  const ingressPolicy = policy(ctx, s.ingressPolicy);
  const egressPolicy = policy(ctx, s.egressPolicy);
  const t = connection(sink, t0, {
    src,
    dst,
    sport,
    dport: s.port,
    proto: 'TCP',
    ...(ingressPolicy ? { ingressPolicy, ingressProxy: true } : {}),
    ...(egressPolicy ? { egressPolicy } : {}),
  });
  const url = `http://${s.host}${route.path}`;
  httpExchange(ctx, t, src, dst, sport, s.port, { ...route, url });
}

function dnsEgressStory(
  ctx: StoryContext,
  s: Extract<StorySpec, { kind: 'dns-egress' }>,
  t0: bigint,
) {
  const { sink } = ctx;
  const src = sink.prng.pick(pods(ctx, s.from));
  const dns = sink.prng.pick(pods(ctx, s.dnsServer));
  const targets = ctx.topo.externals.get(s.external) ?? [];
  const target = sink.prng.pick(targets);
  const p = policy(ctx, s.policy);
  const name = `${target.names[0] ?? target.ip}.`;
  const ips = targets.map((x) => x.ip);
  const sport = sink.ephemeralPort();
  const base = { node: src.node, direction: TrafficDirection.EGRESS };
  const udp = (reply: boolean) =>
    ({ proto: 'UDP', sport: reply ? 53 : sport, dport: reply ? sport : 53 }) as const;
  let t = t0;
  sink.add({
    ...base,
    ns: t,
    src,
    dst: dns,
    l4: udp(false),
    verdict: Verdict.REDIRECTED,
    isReply: false,
    event: { kind: 'policy', matchType: 2, ...(p ? { allowedBy: p } : {}) },
    summary: 'UDP',
  });
  t += sink.us(2, 8);
  sink.add({
    ...base,
    ns: t,
    src,
    dst: dns,
    l4: udp(false),
    verdict: Verdict.FORWARDED,
    isReply: false,
    event: { kind: 'trace', point: TraceObservationPoint.TO_PROXY, reason: TraceReason.NEW },
    summary: 'UDP',
  });
  const query = { query: name, qtypes: ['A'], observationSource: 'proxy' };
  t += sink.us(20, 120);
  sink.add({
    ...base,
    ns: t,
    src,
    dst: dns,
    l4: udp(false),
    verdict: Verdict.FORWARDED,
    isReply: false,
    event: { kind: 'l7', l7: { type: L7FlowType.REQUEST, record: { case: 'dns', value: query } } },
    summary: `DNS Query ${name} A`,
  });
  const latencyNs = sink.us(300, 4000);
  t += latencyNs;
  const answer = { ...query, ips, ttl: 30, rcode: 0, rrtypes: ips.map(() => 'A') };
  sink.add({
    ...base,
    ns: t,
    src: dns,
    dst: src,
    l4: udp(true),
    verdict: Verdict.FORWARDED,
    isReply: true,
    event: {
      kind: 'l7',
      l7: { type: L7FlowType.RESPONSE, latencyNs, record: { case: 'dns', value: answer } },
    },
    summary: `DNS Answer "${ips.join(',')}" TTL: 30 (Proxy ${name} A)`,
  });
  connection(sink, t + sink.us(100, 900), {
    src,
    dst: target,
    sport: sink.ephemeralPort(),
    dport: s.port,
    proto: 'TCP',
    ...(p ? { egressPolicy: p } : {}),
    data: true,
  });
}

function tcpStory(ctx: StoryContext, s: Extract<StorySpec, { kind: 'tcp' }>, t0: bigint) {
  const { sink } = ctx;
  const egressPolicy = policy(ctx, s.egressPolicy);
  const ingressPolicy = policy(ctx, s.ingressPolicy);
  const denyPolicy = policy(ctx, s.deny?.policy);
  connection(sink, t0, {
    src: peer(ctx, s.from),
    dst: peer(ctx, s.to),
    sport: sink.ephemeralPort(),
    dport: s.port,
    proto: s.protocol,
    ...(egressPolicy ? { egressPolicy } : {}),
    ...(ingressPolicy ? { ingressPolicy } : {}),
    ...(s.deny ? { deny: { at: s.deny.at, ...(denyPolicy ? { policy: denyPolicy } : {}) } } : {}),
    data: sink.prng.chance(0.5),
  });
}

function scrapeStory(ctx: StoryContext, s: Extract<StorySpec, { kind: 'scrape' }>, t0: bigint) {
  const { sink } = ctx;
  const src = sink.prng.pick(pods(ctx, s.from));
  const target = sink.prng.pick(s.targets);
  const dst = sink.prng.pick(pods(ctx, target.workload));
  const ingressPolicy = policy(ctx, target.policy);
  const sport = sink.ephemeralPort();
  const l7 = target.l7 === true && ingressPolicy !== undefined;
  const t = connection(sink, t0, {
    src,
    dst,
    sport,
    dport: target.port,
    proto: 'TCP',
    ...(ingressPolicy ? { ingressPolicy, ingressProxy: l7 } : {}),
    data: !l7,
  });
  if (l7) {
    const url = `http://${dst.ip}:${target.port}/metrics`;
    httpExchange(ctx, t, src, dst, sport, target.port, { method: 'GET', url, allowed: true });
  }
}

export function runStory(ctx: StoryContext, s: StorySpec, t0: bigint): void {
  const { sink, topo } = ctx;
  switch (s.kind) {
    case 'http':
      return httpStory(ctx, s, t0);
    case 'dns-egress':
      return dnsEgressStory(ctx, s, t0);
    case 'tcp':
      return tcpStory(ctx, s, t0);
    case 'scrape':
      return scrapeStory(ctx, s, t0);
    case 'kubelet': {
      const node = sink.prng.pick(topo.nodes);
      const dst = topo.hosts.get(node);
      if (!dst) return;
      const src = sink.prng.pick(pods(ctx, s.from));
      connection(sink, t0, { src, dst, sport: sink.ephemeralPort(), dport: s.port, proto: 'TCP' });
      return;
    }
    case 'apiserver': {
      const src = sink.prng.pick(pods(ctx, sink.prng.pick(s.from)));
      const dst = topo.apiServer;
      const sport = sink.ephemeralPort();
      connection(sink, t0, { src, dst, sport, dport: s.port, proto: 'TCP', data: true });
      return;
    }
    case 'health': {
      const src = topo.hosts.get(sink.prng.pick(topo.nodes));
      const dst = topo.health.get(sink.prng.pick(topo.nodes));
      if (!src || !dst) return;
      connection(sink, t0, { src, dst, sport: sink.ephemeralPort(), dport: s.port, proto: 'TCP' });
      return;
    }
  }
}
