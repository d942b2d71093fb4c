// The denied traffic a suggestion answers (recommend.ts): each drop a missing allow rule
// caused becomes a need (the denied side, the peer as Cilium users select it, the port and
// protocol, the exact L7 request), and needs of one rule shape fold into a rule group.
import 'server-only';
import type { FlowEndpoint, FlowRecord } from '@/lib/api/flow-record';
import type { Direction } from '@/lib/api/policy';
import { classifyEndpoint, DEFAULT_NODE_OPTIONS } from '@/server/aggregate/node-identity';
import type { AgentSettings } from './agent-settings';
import { agentSettings } from './agent-settings';
import { evaluateContext } from './evaluate';
import { entitiesOf, flowContext } from './flow-context';
import type { FlowContext } from './flow-context';
import { subjectSelectable } from './match';
import type { Policy } from './model';
import { selectorText, workloadSelector } from './recommend-labels';

type Peer =
  | { kind: 'endpoints'; namespace: string; selector: Record<string, string>; workload: string }
  | { kind: 'entity'; entity: string }
  | { kind: 'fqdn'; name: string }
  | { kind: 'cidr'; cidr: string };

/** One denied connection shape. */
export interface Need {
  key: string;
  direction: Direction;
  subject: FlowEndpoint;
  subjectNs: string;
  subjectSel: Record<string, string>;
  /** `namespace/name` of the denied endpoint. */
  subjectWorkload: string;
  peer: Peer;
  /** The peer endpoint as seen (for the companion check). */
  peerEndpoint: FlowEndpoint;
  port?: number;
  protocol: string;
  http?: { method: string; path: string };
  dns?: string;
  flows: FlowRecord[];
  companion?: boolean;
}

type NeedOrSkip = { need: Need } | { skip: string };

const PORTED = new Set(['TCP', 'UDP', 'SCTP']);
// Reserved peers selected by entity (Cilium's toEntities/fromEntities names).
const ENTITY_ORDER = [
  'kube-apiserver',
  'host',
  'remote-node',
  'health',
  'ingress',
  'init',
  'unmanaged',
] as const;

export function workloadOf(ep: FlowEndpoint): string {
  return classifyEndpoint(ep, DEFAULT_NODE_OPTIONS).id;
}

function peerOf(ep: FlowEndpoint, direction: Direction): Peer | string {
  const entities = entitiesOf(ep);
  if (entities.has('world')) {
    const name = ep.names[0]?.replace(/\.$/, '').toLowerCase();
    // toFQDNs exists for egress only; a peer without a resolved name gets its /32.
    if (name && direction === 'egress') return { kind: 'fqdn', name };
    if (!ep.ip) return 'the world peer has no IP address';
    return { kind: 'cidr', cidr: ep.ip.includes(':') ? `${ep.ip}/128` : `${ep.ip}/32` };
  }
  for (const e of ENTITY_ORDER) if (entities.has(e)) return { kind: 'entity', entity: e };
  if (!ep.namespace) return 'the peer is neither a pod nor a reserved identity';
  const selector = workloadSelector(ep);
  if (Object.keys(selector).length === 0) return 'the peer pod has no stable label to select it by';
  return { kind: 'endpoints', namespace: ep.namespace, selector, workload: workloadOf(ep) };
}

function peerKey(p: Peer): string {
  switch (p.kind) {
    case 'endpoints':
      return `ep:${p.namespace}:${selectorText(p.selector)}`;
    case 'entity':
      return `entity:${p.entity}`;
    case 'fqdn':
      return `fqdn:${p.name}`;
    case 'cidr':
      return `cidr:${p.cidr}`;
  }
}

export function peerText(p: Peer): string {
  switch (p.kind) {
    case 'endpoints':
      return `${p.workload} (${p.namespace}: ${selectorText(p.selector)})`;
    case 'entity':
      return `entity ${p.entity}`;
    case 'fqdn':
      return `fqdn ${p.name}`;
    case 'cidr':
      return `cidr ${p.cidr}`;
  }
}

export function buildNeed(
  ctx: FlowContext,
  l7: { http?: { method: string; path: string }; dns?: string },
): NeedOrSkip {
  if (!subjectSelectable(ctx.subject) || !ctx.subject.namespace) {
    return { skip: 'the denied side is not a pod (host policies are not proposed)' };
  }
  const subjectSel = workloadSelector(ctx.subject);
  if (Object.keys(subjectSel).length === 0) {
    return { skip: 'the denied pod has no stable label to select it by' };
  }
  const peer = peerOf(ctx.peer, ctx.direction);
  if (typeof peer === 'string') return { skip: peer };
  const port = PORTED.has(ctx.protocol) ? ctx.port : undefined;
  const subjectWorkload = workloadOf(ctx.subject);
  const key = [
    ctx.direction,
    ctx.subject.namespace,
    selectorText(subjectSel),
    peerKey(peer),
    `${port ?? '*'}/${ctx.protocol}`,
    l7.http ? `http:${l7.http.method} ${l7.http.path}` : l7.dns ? `dns:${l7.dns}` : '',
  ].join('|');
  const need: Need = {
    key,
    direction: ctx.direction,
    subject: ctx.subject,
    subjectNs: ctx.subject.namespace,
    subjectSel,
    subjectWorkload,
    peer,
    peerEndpoint: ctx.peer,
    protocol: ctx.protocol,
    flows: [],
  };
  if (port !== undefined) need.port = port;
  if (l7.http) need.http = l7.http;
  if (l7.dns) need.dns = l7.dns;
  return { need };
}

const DROP_TEXT: Record<string, string> = {
  'denied-by-rule': 'denied by a deny rule, which is intended',
  allowed: 'the policies in force allow it now',
  'not-selected': 'no policy enforces it now',
};

/** The need behind one dropped flow, or why it is not one a missing allow rule caused. */
export function needOf(
  policies: readonly Policy[],
  flow: FlowRecord,
  settings: AgentSettings = agentSettings(),
): NeedOrSkip {
  if (flow.verdict !== 'DROPPED') return { skip: 'not dropped' };
  const l7Drop = flow.eventType === 129 && flow.l7 !== undefined;
  if (!l7Drop && flow.dropReason !== 'POLICY_DENIED' && flow.dropReason !== 'POLICY_DENY') {
    return { skip: `dropped for ${flow.dropReason ?? 'an unknown reason'}, not by policy` };
  }
  const ctx = flowContext(flow);
  if (!ctx) return { skip: 'the flow has no traffic direction' };
  const ev = evaluateContext(policies, ctx, settings);
  if (ev.verdict === 'unknown') {
    return {
      skip: `the policies in force cannot be evaluated for it (${(ev.unsupported ?? []).join('; ')})`,
    };
  }
  if (ev.verdict !== 'default-deny') return { skip: DROP_TEXT[ev.verdict] ?? ev.verdict };
  const l7: { http?: { method: string; path: string }; dns?: string } = {};
  if (l7Drop && ctx.http) l7.http = { method: ctx.http.method, path: ctx.http.path };
  else if (l7Drop && ctx.dnsQuery) l7.dns = ctx.dnsQuery;
  return buildNeed(ctx, l7);
}

/** Cilium HTTP paths are regular expressions matched whole: the seen path, escaped. */
export function exactPath(path: string): string {
  return path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface RuleGroup {
  key: string;
  direction: Direction;
  subjectNs: string;
  subjectSel: Record<string, string>;
  subjectWorkload: string;
  subject: FlowEndpoint;
  peer: Peer;
  peerEndpoint: FlowEndpoint;
  ports: { port: number; protocol: string }[];
  /** Protocols seen without ports (ICMP, ...): the rule then names no port. */
  portless: boolean;
  http: { method: string; path: string }[];
  dns: string[];
  needs: Need[];
  companion: boolean;
}

export function groupNeeds(needs: readonly Need[]): RuleGroup[] {
  const groups = new Map<string, RuleGroup>();
  for (const n of needs) {
    const l7 = n.http || n.dns ? `l7:${n.port}/${n.protocol}` : 'l4';
    const key = [n.direction, n.subjectNs, selectorText(n.subjectSel), peerKey(n.peer), l7].join(
      '|',
    );
    let g = groups.get(key);
    if (!g) {
      g = {
        key,
        direction: n.direction,
        subjectNs: n.subjectNs,
        subjectSel: n.subjectSel,
        subjectWorkload: n.subjectWorkload,
        subject: n.subject,
        peer: n.peer,
        peerEndpoint: n.peerEndpoint,
        ports: [],
        portless: false,
        http: [],
        dns: [],
        needs: [],
        companion: n.companion === true,
      };
      groups.set(key, g);
    }
    g.needs.push(n);
    if (n.port === undefined) g.portless = true;
    else if (!g.ports.some((p) => p.port === n.port && p.protocol === n.protocol)) {
      g.ports.push({ port: n.port, protocol: n.protocol });
    }
    if (n.http && !g.http.some((h) => h.method === n.http!.method && h.path === n.http!.path)) {
      g.http.push(n.http);
    }
    if (n.dns && !g.dns.includes(n.dns)) g.dns.push(n.dns);
  }
  for (const g of groups.values()) {
    g.ports.sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
    g.http.sort((a, b) => `${a.method} ${a.path}`.localeCompare(`${b.method} ${b.path}`));
    g.dns.sort();
  }
  return [...groups.values()];
}
