// Does one rule apply to one flow? Each part (subject endpoint, peer, port, protocol, L7) is
// checked on its own and, when it fails, says why in plain words; the evaluator needs only
// yes/no, the explanation scores rules by how many parts hold.
import 'server-only';
import { parseIp, parseIpOrCidr, prefixContains } from '@/server/filter/ip-cidr';
import type { FlowEndpoint } from '@/lib/api/flow-record';
import { entitiesOf, isWorld } from './flow-context';
import type { FlowContext } from './flow-context';
import type {
  DnsMatcher,
  HttpMatcher,
  PeerMatcher,
  Policy,
  PolicyRule,
  PortMatcher,
  PortRule,
} from './model';
import { matchesSelector, selectorMismatches } from './selector';
import { dnsAnswers } from './dns-answers';

export type PartName = 'endpoint' | 'peer' | 'port' | 'protocol' | 'l7';

export interface PartResult {
  part: PartName;
  ok: boolean;
  /** Why the part fails, in plain words; absent when it holds. */
  detail?: string;
}

const regexCache = new Map<string, RegExp | null>();

/** Cilium's HTTP fields are regexes that must match the whole value. */
function fullMatch(pattern: string, value: string): boolean {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${pattern})$`);
    } catch {
      re = null;
    }
    if (regexCache.size > 2000) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re !== null && re.test(value);
}

function normalizeName(name: string): string {
  return name.replace(/\.$/, '').toLowerCase();
}

const patternCache = new Map<string, RegExp>();

/**
 * Cilium DNS patterns (pkg/fqdn/matchpattern): `*` alone matches every name; otherwise `*`
 * stands for any run of characters valid in one DNS label (never a dot), and a leading `**.`
 * for one or more labels. Each pattern is compiled once.
 */
function patternRegex(matchPattern: string): RegExp {
  let re = patternCache.get(matchPattern);
  if (!re) {
    const pattern = normalizeName(matchPattern);
    let src = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    src = src.replace(/^\*\*\\\./, '(?:[-a-z0-9_]+\\.)+').replace(/\*/g, '[-a-z0-9_]*');
    re = pattern === '*' ? /^.*$/ : new RegExp(`^${src}$`);
    if (patternCache.size > 2000) patternCache.clear();
    patternCache.set(matchPattern, re);
  }
  return re;
}

export function dnsMatches(m: DnsMatcher, name: string): boolean {
  const n = normalizeName(name);
  if (m.matchName !== undefined) return normalizeName(m.matchName) === n;
  if (m.matchPattern === undefined) return false;
  return patternRegex(m.matchPattern).test(n);
}

/** The seen DNS answers of the names an FQDN selector wants (none seen: empty). */
function answersFor(m: DnsMatcher): ReadonlySet<string>[] {
  const answers = dnsAnswers();
  if (m.matchName !== undefined) {
    const ips = answers.ipsOf(m.matchName);
    return ips ? [ips] : [];
  }
  return answers.answered((n) => dnsMatches(m, n)).map((a) => a.ips);
}

function dnsText(m: DnsMatcher): string {
  return m.matchName ?? m.matchPattern ?? '?';
}

function peerName(ep: FlowEndpoint): string {
  if (ep.pod) return `${ep.namespace}/${ep.pod}`;
  return ep.names[0] ?? ep.ip;
}

function cidrHolds(cidr: string, ip: string): boolean {
  const prefix = parseIpOrCidr(cidr);
  const addr = parseIp(ip);
  return prefix !== null && addr !== null && prefixContains(prefix, addr);
}

/** Why one peer matcher does not select the peer, or undefined when it does. */
function peerMismatch(m: PeerMatcher, peer: FlowEndpoint): string | undefined {
  switch (m.kind) {
    case 'endpoints': {
      // Purely by labels, as Cilium's selector cache does: a selector scoped to pods (every
      // namespaced peer, and cluster-wide ones) can never select world, host or remote-node;
      // one that names no pod label at all (NetworkPolicy `NotIn` only) can.
      if (matchesSelector(m.selector, peer.labels)) return undefined;
      if (isWorld(peer))
        return `peer ${peerName(peer)} is outside the cluster, rule wants ${m.selector.text}`;
      return `peer ${peerName(peer)}: ${selectorMismatches(m.selector, peer.labels).join('; ')}`;
    }
    case 'entity': {
      const has = entitiesOf(peer);
      if (has.has(m.entity)) return undefined;
      const named = [...has].filter((e) => e !== 'all' && e !== 'cluster');
      return `peer ${peerName(peer)} is ${named.join('/') || 'a cluster endpoint'}, rule wants entity ${m.entity}`;
    }
    case 'cidr': {
      // CIDR selectors select only addresses outside the cluster, never pods.
      if (!isWorld(peer))
        return `peer ${peerName(peer)} is inside the cluster, rule wants CIDR ${m.cidr}`;
      if (!cidrHolds(m.cidr, peer.ip)) return `peer IP ${peer.ip} is not in ${m.cidr}`;
      const ex = m.except.find((e) => cidrHolds(e, peer.ip));
      return ex ? `peer IP ${peer.ip} is in the exception ${ex} of ${m.cidr}` : undefined;
    }
    case 'fqdn': {
      const want = dnsText(m);
      if (!isWorld(peer))
        return `peer ${peerName(peer)} is inside the cluster, rule wants FQDN ${want}`;
      if (peer.names.some((n) => dnsMatches(m, n))) return undefined;
      // Cilium allows the IPs its DNS proxy saw answered for the name.
      const seen = answersFor(m);
      if (seen.some((ips) => ips.has(peer.ip))) return undefined;
      if (seen.length > 0) return `peer IP ${peer.ip} is not among the DNS answers for ${want}`;
      if (peer.names.length === 0)
        return `peer IP ${peer.ip} has no DNS name, rule wants FQDN ${want}`;
      return `peer name ${peer.names.join(', ')} does not match FQDN ${want}`;
    }
  }
}

function peerPart(rule: PolicyRule, peer: FlowEndpoint): PartResult {
  if (rule.peers === 'any') return { part: 'peer', ok: true };
  if (rule.peers === 'none')
    return { part: 'peer', ok: false, detail: 'the rule is empty and allows no peer' };
  let best: string | undefined;
  for (const m of rule.peers) {
    const why = peerMismatch(m, peer);
    if (why === undefined) return { part: 'peer', ok: true };
    // Prefer the reason with the fewest listed differences: the selector nearest the peer.
    if (best === undefined || why.split(';').length < best.split(';').length) best = why;
  }
  return {
    part: 'peer',
    ok: false,
    detail: best ?? 'the rule names no peer this code understands',
  };
}

function portCovers(m: PortMatcher, port: number): boolean {
  if (m.port === 0) return true;
  return m.endPort !== undefined ? port >= m.port && port <= m.endPort : port === m.port;
}

function protoCovers(m: PortMatcher, protocol: string): boolean {
  return m.protocol === 'ANY' ? ['TCP', 'UDP', 'SCTP'].includes(protocol) : m.protocol === protocol;
}

function portText(m: PortMatcher): string {
  const port = m.port === 0 ? 'any port' : m.endPort ? `${m.port}-${m.endPort}` : String(m.port);
  return `${port}/${m.protocol}`;
}

/** The port rules that admit the flow's port and protocol (all of them when none are set). */
function admittingPortRules(rule: PolicyRule, ctx: FlowContext): PortRule[] {
  const port = ctx.port;
  return rule.toPorts.filter(
    (pr) =>
      pr.ports.length === 0 ||
      (port !== undefined &&
        pr.ports.some((m) => portCovers(m, port) && protoCovers(m, ctx.protocol))),
  );
}

function portParts(rule: PolicyRule, ctx: FlowContext, admitting: PortRule[]): PartResult[] {
  if (rule.toPorts.length === 0 || admitting.length > 0) {
    return [
      { part: 'port', ok: true },
      { part: 'protocol', ok: true },
    ];
  }
  const all = rule.toPorts.flatMap((pr) => pr.ports);
  const allowed = all.map(portText).join(', ');
  const port = ctx.port;
  const portOk = port !== undefined && all.some((m) => portCovers(m, port));
  // When the port is listed, the protocol must be allowed on that port; otherwise anywhere.
  const protoOk = all.some(
    (m) => protoCovers(m, ctx.protocol) && (!portOk || port === undefined || portCovers(m, port)),
  );
  const flowPort = port === undefined ? `none (${ctx.protocol || 'no L4'})` : String(port);
  return [
    portOk
      ? { part: 'port', ok: true }
      : { part: 'port', ok: false, detail: `port ${flowPort} is not in ${allowed}` },
    protoOk
      ? { part: 'protocol', ok: true }
      : {
          part: 'protocol',
          ok: false,
          detail: `protocol ${ctx.protocol || 'none'} is not allowed by ${allowed}`,
        },
  ];
}

function httpMismatch(m: HttpMatcher, http: NonNullable<FlowContext['http']>): string[] {
  const out: string[] = [];
  if (m.method !== undefined && !fullMatch(m.method, http.method)) {
    out.push(`HTTP method ${http.method} does not match ${m.method}`);
  }
  if (m.path !== undefined && !fullMatch(m.path, http.path)) {
    out.push(`HTTP path ${http.path} does not match ${m.path}`);
  }
  if (m.host !== undefined && !fullMatch(m.host, http.host)) {
    out.push(`HTTP host ${http.host || '(none)'} does not match ${m.host}`);
  }
  return out;
}

/** L7 part: only for flows that carry an L7 request and rules whose ports admit them. */
function l7Part(ctx: FlowContext, admitting: PortRule[]): PartResult | undefined {
  if (admitting.length === 0 || (!ctx.http && ctx.dnsQuery === undefined)) return undefined;
  let best: string[] | undefined;
  for (const pr of admitting) {
    if (!pr.http && !pr.dns) return { part: 'l7', ok: true };
    let why: string[];
    if (ctx.http) {
      if (!pr.http) why = ['the port only allows DNS requests, not HTTP'];
      else {
        const misses = pr.http.map((m) => httpMismatch(m, ctx.http!));
        if (misses.some((x) => x.length === 0)) return { part: 'l7', ok: true };
        why = misses.sort((a, b) => a.length - b.length)[0] ?? [];
      }
    } else {
      const q = ctx.dnsQuery ?? '';
      if (!pr.dns) why = ['the port only allows HTTP requests, not DNS'];
      else if (pr.dns.some((m) => dnsMatches(m, q))) return { part: 'l7', ok: true };
      else why = [`DNS query ${q} does not match ${pr.dns.map(dnsText).join(', ')}`];
    }
    if (!best || why.length < best.length) best = why;
  }
  return { part: 'l7', ok: false, detail: (best ?? []).join('; ') };
}

export function subjectPart(policy: Policy, rule: PolicyRule, subject: FlowEndpoint): PartResult {
  const section = policy.sections[rule.section];
  if (!section) return { part: 'endpoint', ok: false, detail: 'rule without a selector' };
  if (subjectSelectable(subject) && matchesSelector(section.subject, subject.labels)) {
    return { part: 'endpoint', ok: true };
  }
  const why = subjectSelectable(subject)
    ? selectorMismatches(section.subject, subject.labels).join('; ')
    : 'it is not a pod';
  return {
    part: 'endpoint',
    ok: false,
    detail: `the policy does not select ${peerName(subject)}: ${why}`,
  };
}

/** Endpoint selectors select Cilium endpoints: pods and the health endpoint, not world/nodes. */
export function subjectSelectable(ep: FlowEndpoint): boolean {
  const e = entitiesOf(ep);
  return !['world', 'host', 'remote-node', 'kube-apiserver'].some((x) => e.has(x));
}

/** Every part of a rule against the flow; the subject part is included for explanations. */
export function checkRule(policy: Policy, rule: PolicyRule, ctx: FlowContext): PartResult[] {
  const admitting = admittingPortRules(rule, ctx);
  const parts = [
    subjectPart(policy, rule, ctx.subject),
    peerPart(rule, ctx.peer),
    ...portParts(rule, ctx, admitting),
  ];
  const l7 = l7Part(ctx, admitting);
  if (l7) parts.push(l7);
  return parts;
}

/**
 * Why the rule can be neither confirmed nor ruled out for the flow: every other part holds,
 * the peer is outside the cluster, and an FQDN selector of the rule names a name for which
 * no DNS answer was seen (Flowscope cannot know its IPs). Undefined otherwise.
 */
export function fqdnUnconfirmed(rule: PolicyRule, ctx: FlowContext): string | undefined {
  if (!Array.isArray(rule.peers) || !isWorld(ctx.peer)) return undefined;
  const admitting = admittingPortRules(rule, ctx);
  if (rule.toPorts.length > 0 && admitting.length === 0) return undefined;
  const l7 = l7Part(ctx, admitting);
  if (l7 !== undefined && !l7.ok) return undefined;
  // Names Hubble gives for the peer come from the agent's own DNS cache: they decide.
  if (ctx.peer.names.length > 0) return undefined;
  for (const m of rule.peers) {
    if (m.kind === 'fqdn' && answersFor(m).length === 0) {
      return `no DNS answer seen for ${dnsText(m)}`;
    }
  }
  return undefined;
}

/** True when the rule (whose policy is known to select the subject) admits the flow. */
export function ruleAdmits(rule: PolicyRule, ctx: FlowContext): boolean {
  if (!peerPart(rule, ctx.peer).ok) return false;
  const admitting = admittingPortRules(rule, ctx);
  if (rule.toPorts.length > 0 && admitting.length === 0) return false;
  const l7 = l7Part(ctx, admitting);
  return l7 === undefined || l7.ok;
}
