// Rule bodies of the three policy kinds, as plain JS values (from YAML or the API), turned
// into PeerMatchers and PortRules. Anything not understood is listed in `unsupported` with
// its path, so the evaluator can answer 'unknown' instead of guessing.
import 'server-only';
import { parseIpOrCidr } from '@/server/filter/ip-cidr';
import type {
  DnsMatcher,
  HttpMatcher,
  PeerMatcher,
  PolicyRule,
  PortMatcher,
  PortProtocol,
  PortRule,
} from './model';
import {
  inSomeNamespace,
  makeSelector,
  NAMESPACE_LABELS_PREFIX,
  namespaceRequirement,
  parseLabelSelectorObject,
  scopePeerSelector,
} from './selector';
import type { PeerScope } from './selector';
import type { Direction } from '@/lib/api/policy';

export type RuleBody = Omit<PolicyRule, 'id' | 'section' | 'lines' | 'direction' | 'action'>;

const ENTITIES = new Set([
  'all',
  'world',
  'world-ipv4',
  'world-ipv6',
  'cluster',
  'host',
  'remote-node',
  'kube-apiserver',
  'health',
  'init',
  'ingress',
  'unmanaged',
]);

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A regex that must match the whole value; invalid ones are reported, not thrown. */
function checkRegex(text: string, where: string, issues: string[]): void {
  try {
    new RegExp(`^(?:${text})$`);
  } catch {
    issues.push(`${where}: regex this evaluator cannot compile`);
  }
}

function parseProtocol(v: unknown, fallback: PortProtocol): PortProtocol | undefined {
  if (v === undefined || v === null || v === '') return fallback;
  const p = String(v).toUpperCase();
  return p === 'TCP' || p === 'UDP' || p === 'SCTP' || p === 'ANY' ? p : undefined;
}

function parsePortMatcher(
  v: unknown,
  where: string,
  issues: string[],
  fallback: PortProtocol,
): PortMatcher | undefined {
  if (!isRecord(v)) {
    issues.push(`${where}: not a port`);
    return undefined;
  }
  const protocol = parseProtocol(v.protocol, fallback);
  if (!protocol) {
    issues.push(`${where}.protocol ${String(v.protocol)}`);
    return undefined;
  }
  const raw = v.port === undefined || v.port === null ? '0' : String(v.port);
  // Named ports ("http") need the pod spec to resolve; this evaluator has no pods.
  if (!/^[0-9]{1,5}$/.test(raw)) {
    issues.push(`${where}.port named port "${raw.slice(0, 40)}"`);
    return undefined;
  }
  const m: PortMatcher = { port: Number(raw), protocol };
  if (v.endPort !== undefined && v.endPort !== null) m.endPort = Number(v.endPort);
  return m;
}

function parseHttp(v: unknown, where: string, issues: string[]): HttpMatcher {
  const m: HttpMatcher = {};
  if (!isRecord(v)) return m;
  for (const key of Object.keys(v)) {
    if (key === 'method' || key === 'path' || key === 'host') {
      const text = String(v[key]);
      checkRegex(text, `${where}.${key}`, issues);
      m[key] = text;
    } else {
      issues.push(`${where}.${key}`);
    }
  }
  return m;
}

function parseDns(v: unknown, where: string, issues: string[]): DnsMatcher {
  const m: DnsMatcher = {};
  if (!isRecord(v)) return m;
  for (const key of Object.keys(v)) {
    if (key === 'matchName' || key === 'matchPattern') m[key] = String(v[key]);
    else issues.push(`${where}.${key}`);
  }
  return m;
}

function parseToPorts(v: unknown, where: string, issues: string[], deny: boolean): PortRule[] {
  return list(v).map((entry, i): PortRule => {
    const at = `${where}[${i}]`;
    const rule: PortRule = { ports: [] };
    if (!isRecord(entry)) {
      issues.push(`${at}: not a port rule`);
      return rule;
    }
    for (const key of Object.keys(entry)) {
      if (key !== 'ports' && key !== 'rules') issues.push(`${at}.${key}`);
    }
    list(entry.ports).forEach((p, j) => {
      const m = parsePortMatcher(p, `${at}.ports[${j}]`, issues, 'ANY');
      if (m) rule.ports.push(m);
    });
    const rules = entry.rules;
    if (isRecord(rules)) {
      if (deny) issues.push(`${at}.rules: L7 rules in a deny rule`);
      for (const key of Object.keys(rules)) {
        if (key === 'http') {
          rule.http = list(rules.http).map((h, j) =>
            parseHttp(h, `${at}.rules.http[${j}]`, issues),
          );
        } else if (key === 'dns') {
          rule.dns = list(rules.dns).map((d, j) => parseDns(d, `${at}.rules.dns[${j}]`, issues));
        } else {
          issues.push(`${at}.rules.${key}`);
        }
      }
    }
    return rule;
  });
}

function parseCidr(text: unknown, where: string, issues: string[]): string | undefined {
  const s = String(text);
  if (!parseIpOrCidr(s)) {
    issues.push(`${where}: not a CIDR`);
    return undefined;
  }
  return s;
}

/** Peer fields of a Cilium rule, by direction; the others are listed as unsupported. */
const CILIUM_PEER_FIELDS: Record<
  Direction,
  { endpoints: string; entities: string; cidr: string; requires: string }
> = {
  ingress: {
    endpoints: 'fromEndpoints',
    entities: 'fromEntities',
    cidr: 'fromCIDR',
    requires: 'fromRequires',
  },
  egress: {
    endpoints: 'toEndpoints',
    entities: 'toEntities',
    cidr: 'toCIDR',
    requires: 'toRequires',
  },
};
const CILIUM_UNSUPPORTED: Record<Direction, string[]> = {
  ingress: ['fromGroups', 'fromNodes', 'icmps', 'authentication'],
  egress: ['toGroups', 'toNodes', 'toServices', 'icmps', 'authentication', 'toWorkloads'],
};

/**
 * fromRequires/toRequires: every requirement of every listed selector (scoped like a peer,
 * reserved labels included) is added to each fromEndpoints/toEndpoints selector of the same
 * rule; entities and CIDRs are left as they are. This is Cilium 1.19's reading
 * (pkg/policy/utils/utils.go RulesToPolicyEntries with GetSourceEndpointSelectorsWithRequirements);
 * releases before it folded the requirements of every rule selecting the endpoint into all of
 * them.
 */
function requirementsOf(
  v: Record<string, unknown>,
  field: string,
  where: string,
  issues: string[],
  scope: Omit<PeerScope, 'exemptReserved'>,
) {
  return list(v[field]).flatMap((s, i) => {
    const sel = parseLabelSelectorObject(s, `${where}.${field}[${i}]`, issues);
    return scopePeerSelector(sel, { ...scope, exemptReserved: false }).reqs;
  });
}

/** Parses one Cilium ingress/egress(Deny) rule; `scope.namespace` is '' for cluster-wide policies. */
export function parseCiliumRule(
  v: unknown,
  where: string,
  direction: Direction,
  deny: boolean,
  scope: Omit<PeerScope, 'exemptReserved'>,
): RuleBody {
  const issues: string[] = [];
  const peers: PeerMatcher[] = [];
  if (!isRecord(v)) return { peers: 'none', toPorts: [], unsupported: [`${where}: not a rule`] };
  const f = CILIUM_PEER_FIELDS[direction];
  const cidrSet = direction === 'ingress' ? 'fromCIDRSet' : 'toCIDRSet';
  const known = new Set([f.endpoints, f.entities, f.cidr, cidrSet, f.requires, 'toPorts']);
  if (direction === 'egress') known.add('toFQDNs');
  let namesPeer = false;
  for (const key of Object.keys(v)) {
    if (CILIUM_UNSUPPORTED[direction].includes(key)) {
      issues.push(`${where}.${key}`);
      if (key !== 'authentication') namesPeer = true;
    } else if (!known.has(key)) {
      issues.push(`${where}.${key}`);
    } else if (key !== 'toPorts') {
      namesPeer = true;
    }
  }
  const required = requirementsOf(v, f.requires, where, issues, scope);
  const endpoints = list(v[f.endpoints]);
  if (required.length > 0 && endpoints.length === 0) {
    // Requirements grant nothing alone; what Cilium makes of such a rule is not pinned here.
    issues.push(`${where}.${f.requires} without ${f.endpoints}`);
  }
  endpoints.forEach((s, i) => {
    const sel = parseLabelSelectorObject(s, `${where}.${f.endpoints}[${i}]`, issues);
    const scoped = scopePeerSelector(sel, { ...scope, exemptReserved: true });
    const selector = required.length > 0 ? makeSelector([...scoped.reqs, ...required]) : scoped;
    peers.push({ kind: 'endpoints', selector });
  });
  list(v[f.entities]).forEach((e, i) => {
    const entity = String(e);
    if (ENTITIES.has(entity)) peers.push({ kind: 'entity', entity });
    else issues.push(`${where}.${f.entities}[${i}] ${entity.slice(0, 40)}`);
  });
  list(v[f.cidr]).forEach((c, i) => {
    const cidr = parseCidr(c, `${where}.${f.cidr}[${i}]`, issues);
    if (cidr) peers.push({ kind: 'cidr', cidr, except: [] });
  });
  list(v[cidrSet]).forEach((c, i) => {
    const at = `${where}.${cidrSet}[${i}]`;
    if (!isRecord(c) || c.cidr === undefined) {
      // cidrGroupRef / cidrGroupSelector need CiliumCIDRGroup objects this code does not load.
      issues.push(`${at}: CIDR group`);
      return;
    }
    const cidr = parseCidr(c.cidr, at, issues);
    const except = list(c.except)
      .map((e, j) => parseCidr(e, `${at}.except[${j}]`, issues))
      .filter((e): e is string => e !== undefined);
    if (cidr) peers.push({ kind: 'cidr', cidr, except });
  });
  list(v.toFQDNs).forEach((q, i) => {
    const fq = parseDns(q, `${where}.toFQDNs[${i}]`, issues);
    peers.push({ kind: 'fqdn', ...fq });
  });
  const toPorts = parseToPorts(v.toPorts, `${where}.toPorts`, issues, deny);
  // No peer field: L4-only rules allow every peer; a rule with nothing at all allows nothing.
  const peerSet = namesPeer ? peers : toPorts.length > 0 ? 'any' : 'none';
  return { peers: peerSet, toPorts, unsupported: issues };
}

/** Parses one NetworkPolicy ingress/egress rule. */
export function parseK8sRule(
  v: unknown,
  where: string,
  direction: Direction,
  namespace: string,
): RuleBody {
  const issues: string[] = [];
  if (!isRecord(v)) return { peers: 'any', toPorts: [], unsupported: [] };
  const peerField = direction === 'ingress' ? 'from' : 'to';
  for (const key of Object.keys(v)) {
    if (key !== peerField && key !== 'ports') issues.push(`${where}.${key}`);
  }
  const peers: PeerMatcher[] = [];
  let notPodsToo = false;
  list(v[peerField]).forEach((p, i) => {
    const at = `${where}.${peerField}[${i}]`;
    if (!isRecord(p)) return;
    if (isRecord(p.ipBlock)) {
      const cidr = parseCidr(p.ipBlock.cidr, `${at}.ipBlock`, issues);
      const except = list(p.ipBlock.except)
        .map((e, j) => parseCidr(e, `${at}.ipBlock.except[${j}]`, issues))
        .filter((e): e is string => e !== undefined);
      if (cidr) peers.push({ kind: 'cidr', cidr, except });
      return;
    }
    // podSelector alone means pods of the policy's namespace; namespaceSelector selects
    // namespaces through the namespace labels Cilium copies onto every pod.
    const pods =
      p.podSelector !== undefined
        ? parseLabelSelectorObject(p.podSelector, `${at}.podSelector`, issues)
        : undefined;
    const nss =
      p.namespaceSelector !== undefined
        ? parseLabelSelectorObject(
            p.namespaceSelector,
            `${at}.namespaceSelector`,
            issues,
            NAMESPACE_LABELS_PREFIX,
          )
        : undefined;
    if (!pods && !nss) {
      issues.push(`${at}: peer without podSelector, namespaceSelector or ipBlock`);
      return;
    }
    // Cilium's translation (pkg/k8s/network_policy.go parseNetworkPolicyPeer): an empty
    // namespaceSelector becomes "has a pod namespace"; any other keeps only its own
    // requirements, so one made only of NotIn also selects identities that are not pods
    // (host, world, remote-node), unlike the Kubernetes spec (cilium/cilium#46949).
    const nsReqs = nss
      ? nss.reqs.length > 0
        ? nss.reqs
        : [inSomeNamespace()]
      : [namespaceRequirement(namespace)];
    const reqs = [...(pods?.reqs ?? []), ...nsReqs];
    if (!pods && reqs.every((r) => r.op === 'notin' || r.op === 'notexists')) notPodsToo = true;
    peers.push({ kind: 'endpoints', selector: makeSelector(reqs) });
  });
  const portRule: PortRule = { ports: [] };
  list(v.ports).forEach((p, i) => {
    // NetworkPolicy ports default to TCP, unlike Cilium's ANY.
    const m = parsePortMatcher(p, `${where}.ports[${i}]`, issues, 'TCP');
    if (m) portRule.ports.push(m);
  });
  // An empty or missing peer list, or port list, means "all" in NetworkPolicy.
  const hasPeers = list(v[peerField]).length > 0;
  const body: RuleBody = {
    peers: hasPeers ? peers : 'any',
    toPorts: list(v.ports).length > 0 ? [portRule] : [],
    unsupported: issues,
  };
  if (notPodsToo) {
    body.departure = {
      text: 'a namespaceSelector made only of NotIn/DoesNotExist also selects peers that are not pods (host, world, remote-node) in Cilium; the Kubernetes spec selects pods only',
      issue: 'cilium/cilium#46949',
    };
  }
  return body;
}
