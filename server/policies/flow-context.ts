// What a policy decision looks at, taken from one FlowRecord: the direction, the subject
// endpoint (the one whose policy applies), the peer, the destination port and the L7 request.
import 'server-only';
import type { FlowEndpoint, FlowRecord } from '@/lib/api/flow-record';
import { reservedIdentityName } from '@/lib/reserved-identities';
import type { Direction } from '@/lib/api/policy';

export interface FlowContext {
  direction: Direction;
  /** EGRESS: the connection's source; INGRESS: its destination. */
  subject: FlowEndpoint;
  peer: FlowEndpoint;
  /** Destination port of the connection (not of this packet, which may be a reply). */
  port?: number;
  protocol: string;
  http?: { method: string; path: string; host: string };
  dnsQuery?: string;
}

/** Identities from this number up are CIDR identities allocated on the node (world). */
const FIRST_LOCAL_IDENTITY = 16_777_216;

export function entitiesOf(ep: FlowEndpoint): Set<string> {
  const out = new Set<string>(['all']);
  const byId = reservedIdentityName(ep.identity);
  if (byId) out.add(byId);
  for (const l of ep.labels) if (l.startsWith('reserved:')) out.add(l.slice(9).split('=')[0] ?? '');
  if (ep.identity >= FIRST_LOCAL_IDENTITY) out.add('world');
  if (out.has('world-ipv4') || out.has('world-ipv6')) out.add('world');
  if (out.has('world')) out.add(ep.ip.includes(':') ? 'world-ipv6' : 'world-ipv4');
  // The cluster entity is every endpoint inside the cluster, i.e. everything but world.
  else out.add('cluster');
  return out;
}

/** Peers outside the cluster: the only ones CIDR and FQDN selectors can select. */
export function isWorld(ep: FlowEndpoint): boolean {
  return entitiesOf(ep).has('world');
}

function httpParts(url: string): { path: string; host: string } {
  try {
    const u = new URL(url, 'http://unknown.invalid');
    return { path: u.pathname + u.search, host: u.host === 'unknown.invalid' ? '' : u.host };
  } catch {
    return { path: url, host: '' };
  }
}

/**
 * Orients a flow as the connection it belongs to. Direction is relative to the reporting
 * endpoint and stays the same on replies, whose source and destination are swapped.
 */
export function flowContext(flow: FlowRecord): FlowContext | undefined {
  const direction =
    flow.direction === 'EGRESS' ? 'egress' : flow.direction === 'INGRESS' ? 'ingress' : undefined;
  if (!direction) return undefined;
  const reply = flow.isReply === true;
  const src = reply ? flow.destination : flow.source;
  const dst = reply ? flow.source : flow.destination;
  const ctx: FlowContext = {
    direction,
    subject: direction === 'egress' ? src : dst,
    peer: direction === 'egress' ? dst : src,
    protocol: flow.protocol,
  };
  if (dst.port !== undefined) ctx.port = dst.port;
  const http = flow.l7?.http;
  if (http) ctx.http = { method: http.method, ...httpParts(http.url) };
  const dns = flow.l7?.dns;
  if (dns?.query) ctx.dnsQuery = dns.query.replace(/\.$/, '').toLowerCase();
  return ctx;
}
