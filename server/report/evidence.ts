// The segmentation evidence report: for a scope (namespaces or a label selector) and a
// window, per workload whether ingress and egress are in default deny and by which policies
// (the coverage answer, reused), what the policies selecting it allow from the internet, from
// other namespaces and from outside the scope, and to the internet (read from the parsed
// rules the evaluator uses), what the window's flows show (the service map's edges), the
// denied attempts by source, the edges crossing the scope's boundary, the policy revisions
// the flows name, and what the report cannot vouch for: unrecovered ranges, lost events,
// constructs the evaluator does not read, history that begins after the window.
import 'server-only';
import type { MapEdge } from '@/lib/api/aggregate';
import type { FlowEndpoint, FlowRecord, PolicyRef } from '@/lib/api/flow-record';
import type { Direction } from '@/lib/api/policy';
import type {
  AllowedBy,
  BoundaryEdge,
  DeniedSource,
  EvidenceReport,
  PolicyRevisionSeen,
  ReportAllows,
  ReportCounts,
  ReportEdge,
  ReportScope,
  ReportWorkload,
} from '@/lib/api/report';
import type { TimelineGap } from '@/lib/api/types';
import { policyChanges, policyKey } from '@/lib/timeline/policy-changes';
import type { Scope } from '@/server/access/viewer';
import { selectorMatches, type LabelRequirement } from '@/server/filter/label-selector';
import { agentSettings, type AgentSettings } from '@/server/policies/agent-settings';
import { workloadCoverage } from '@/server/policies/coverage';
import { policySelection } from '@/server/policies/evaluate';
import { subjectSelectable } from '@/server/policies/match';
import {
  policyId,
  unsupportedOf,
  type PeerMatcher,
  type Policy,
  type PolicyRule,
  type PortRule,
} from '@/server/policies/model';
import { NAMESPACE_KEY } from '@/server/policies/selector';
import type { FlowReader, SeenEndpoint } from '@/server/store/flow-store';

/** What the report is about, as the route parsed it. */
export type ScopeRequest =
  | { kind: 'namespaces'; namespaces: string[] }
  | { kind: 'selector'; selector: string; reqs: LabelRequirement[] };

export interface EvidenceInput {
  scope: ScopeRequest;
  window: { from: number; to: number };
  /** The viewer's namespaces (undefined: all); `flows` is already narrowed to them. */
  viewerScope: Scope;
  flows: FlowReader;
  /** The policies the viewer may see. */
  policies: readonly Policy[];
  /** Unrecovered ranges overlapping the window. */
  gaps: readonly TimelineGap[];
  settings?: AgentSettings;
  now?: number;
  /** Most decision rows read for the policy revisions (default 50,000). */
  revisionScanLimit?: number;
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const WORLD_ENTITIES = new Set(['world', 'world-ipv4', 'world-ipv6', 'all']);
const CLUSTER_ENTITIES = new Set(['cluster', 'all']);

function countsOf(e: MapEdge): ReportCounts {
  const c = e.counts;
  return {
    allowed: c.forwarded + c.redirected,
    denied: c.dropped,
    other: c.error + c.audit + c.other,
  };
}

function toEdge(e: MapEdge): ReportEdge {
  return {
    source: e.source,
    target: e.target,
    port: e.port,
    protocol: e.protocol,
    ...countsOf(e),
    dropReasons: { ...e.dropReasons },
  };
}

function edgeOrder(a: ReportEdge, b: ReportEdge): number {
  return byText(a.source, b.source) || byText(a.target, b.target) || a.port - b.port;
}

function sum(edges: readonly ReportCounts[]): ReportCounts {
  const out = { allowed: 0, denied: 0, other: 0 };
  for (const e of edges) {
    out.allowed += e.allowed;
    out.denied += e.denied;
    out.other += e.other;
  }
  return out;
}

function portsText(toPorts: readonly PortRule[]): string {
  const ports = toPorts.flatMap((r) => r.ports);
  if (toPorts.length === 0 || ports.length === 0) return 'every port';
  return ports
    .map((p) => {
      const port = p.port === 0 ? 'every port' : p.endPort ? `${p.port}-${p.endPort}` : `${p.port}`;
      return `${port}/${p.protocol}`;
    })
    .join(', ');
}

function peerText(p: PeerMatcher): string {
  switch (p.kind) {
    case 'entity':
      return `entity ${p.entity}`;
    case 'cidr':
      return p.except.length > 0
        ? `CIDR ${p.cidr} except ${p.except.join(', ')}`
        : `CIDR ${p.cidr}`;
    case 'fqdn':
      return `FQDN ${p.matchName ?? p.matchPattern ?? ''}`;
    case 'endpoints':
      return `endpoints ${p.selector.text}`;
  }
}

/** The namespaces an endpoints selector is limited to; undefined when it names none. */
function selectorNamespaces(reqs: readonly LabelRequirement[]): string[] | undefined {
  let out: string[] | undefined;
  for (const r of reqs) {
    if (r.key !== NAMESPACE_KEY || (r.source !== undefined && r.source !== 'k8s')) continue;
    if (r.op !== 'in') continue;
    out = out ? out.filter((v) => r.values.includes(v)) : [...r.values];
  }
  return out;
}

function sameReq(a: LabelRequirement, b: LabelRequirement): boolean {
  return (
    a.key === b.key &&
    a.op === b.op &&
    (a.source ?? '') === (b.source ?? '') &&
    a.values.length === b.values.length &&
    a.values.every((v) => b.values.includes(v))
  );
}

interface PeerClass {
  internet: boolean;
  otherNamespaces: boolean;
  outsideScope: boolean;
}

/**
 * Which kinds of peer one peer matcher admits for a subject in `namespace`. An endpoints
 * selector is inside a namespace scope when it requires a pod namespace of the scope, and
 * inside a selector scope when it carries every requirement of the scope's selector.
 */
function classifyPeer(p: PeerMatcher | 'any', namespace: string, scope: ScopeRequest): PeerClass {
  if (p === 'any') return { internet: true, otherNamespaces: true, outsideScope: true };
  switch (p.kind) {
    case 'entity': {
      const internet = WORLD_ENTITIES.has(p.entity);
      return {
        internet,
        otherNamespaces: CLUSTER_ENTITIES.has(p.entity),
        // Every entity names identities that are not the scope's pods (host, world, ...).
        outsideScope: true,
      };
    }
    case 'cidr':
    case 'fqdn':
      return { internet: true, otherNamespaces: false, outsideScope: true };
    case 'endpoints': {
      const reqs = p.selector.reqs;
      if (reqs.some((r) => r.source === 'reserved')) {
        return { internet: false, otherNamespaces: false, outsideScope: true };
      }
      const nss = selectorNamespaces(reqs);
      const otherNamespaces = nss === undefined || nss.some((n) => n !== namespace);
      const outsideScope =
        scope.kind === 'namespaces'
          ? nss === undefined || nss.some((n) => !scope.namespaces.includes(n))
          : !scope.reqs.every((s) => reqs.some((r) => sameReq(r, s)));
      return { internet: false, otherNamespaces, outsideScope };
    }
  }
}

function emptyAllows(): ReportAllows {
  return { fromInternet: [], fromOtherNamespaces: [], fromOutsideScope: [], toInternet: [] };
}

/** The allow rules of the policies selecting `sets` in `dir`, each rule once. */
function selectedRules(
  policies: readonly Policy[],
  sets: readonly FlowEndpoint[],
  dir: Direction,
): { policy: Policy; rule: PolicyRule }[] {
  const out: { policy: Policy; rule: PolicyRule }[] = [];
  const seen = new Set<string>();
  for (const p of policies) {
    for (const ep of sets) {
      const sel = policySelection(p, ep, dir);
      for (const r of p.rules) {
        if (r.direction !== dir || r.action !== 'allow' || !sel.sections[r.section]) continue;
        const key = `${p.id}\u0000${r.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ policy: p, rule: r });
      }
    }
  }
  return out;
}

/** What stands for "every peer" in a direction that is not in default deny. */
export const NOT_DEFAULT_DENY = '(not in default deny)';

function allowsOf(
  policies: readonly Policy[],
  sets: readonly FlowEndpoint[],
  namespace: string,
  scope: ScopeRequest,
  open: { ingress: boolean; egress: boolean },
): ReportAllows {
  const out = emptyAllows();
  // Outside default deny every peer is allowed but what a deny rule denies.
  const everyPeer: AllowedBy = {
    policy: NOT_DEFAULT_DENY,
    ruleId: '',
    peer: 'every peer',
    ports: 'every port',
  };
  if (open.ingress) {
    out.fromInternet.push({ ...everyPeer });
    out.fromOtherNamespaces.push({ ...everyPeer });
    out.fromOutsideScope.push({ ...everyPeer });
  }
  if (open.egress) out.toInternet.push({ ...everyPeer });
  const add = (list: AllowedBy[], p: Policy, r: PolicyRule, peer: string) => {
    if (!list.some((a) => a.policy === p.id && a.ruleId === r.id && a.peer === peer)) {
      list.push({ policy: p.id, ruleId: r.id, peer, ports: portsText(r.toPorts) });
    }
  };
  for (const dir of ['ingress', 'egress'] as const) {
    for (const { policy, rule } of selectedRules(policies, sets, dir)) {
      if (rule.peers === 'none') continue;
      const peers: (PeerMatcher | 'any')[] = rule.peers === 'any' ? ['any'] : rule.peers;
      for (const peer of peers) {
        const c = classifyPeer(peer, namespace, scope);
        const text = peer === 'any' ? 'any peer' : peerText(peer);
        if (dir === 'egress') {
          if (c.internet) add(out.toInternet, policy, rule, text);
          continue;
        }
        if (c.internet) add(out.fromInternet, policy, rule, text);
        if (c.otherNamespaces) add(out.fromOtherNamespaces, policy, rule, text);
        if (c.outsideScope) add(out.fromOutsideScope, policy, rule, text);
      }
    }
  }
  return out;
}

function endpointInScope(ep: FlowEndpoint, scope: ScopeRequest, viewer: Scope): boolean {
  if (!ep.namespace || !subjectSelectable(ep)) return false;
  if (viewer && !viewer.includes(ep.namespace)) return false;
  return scope.kind === 'namespaces'
    ? scope.namespaces.includes(ep.namespace)
    : selectorMatches(scope.reqs, ep.labels);
}

function refsOf(f: FlowRecord): PolicyRef[] {
  return [...f.ingressAllowedBy, ...f.egressAllowedBy, ...f.ingressDeniedBy, ...f.egressDeniedBy];
}

export function reportScope(scope: ScopeRequest, viewer: Scope): ReportScope {
  return scope.kind === 'namespaces'
    ? { kind: 'namespaces', namespaces: [...scope.namespaces].sort(byText) }
    : { kind: 'selector', selector: scope.selector, namespaces: viewer ? [...viewer] : 'all' };
}

export function evidenceReport(input: EvidenceInput): EvidenceReport {
  const { scope, window, flows, policies, viewerScope } = input;
  const settings = input.settings ?? agentSettings();
  const notes: string[] = [];

  // The scope's workloads: the distinct endpoints of the window that the scope names.
  const endpoints = flows.endpoints({
    ...window,
    ...(scope.kind === 'namespaces' ? { namespaces: scope.namespaces } : {}),
  });
  const inScope: SeenEndpoint[] = endpoints.filter(
    (e) => e.node.kind === 'workload' && endpointInScope(e.endpoint, scope, viewerScope),
  );
  const scopeNodes = new Set(inScope.map((e) => e.node.id));
  // Traffic is counted per workload: one whose pods only partly match the selector brings
  // the others' flows along, which the report says.
  const mixed = [
    ...new Set(
      endpoints
        .filter(
          (e) => scopeNodes.has(e.node.id) && !endpointInScope(e.endpoint, scope, viewerScope),
        )
        .map((e) => e.node.id),
    ),
  ].sort(byText);
  if (mixed.length > 0) {
    notes.push(
      `some pods of ${mixed.join(', ')} do not match the selector; their flows are counted with the workload`,
    );
  }
  const setsByNode = new Map<string, FlowEndpoint[]>();
  for (const e of inScope) {
    const list = setsByNode.get(e.node.id) ?? [];
    list.push(e.endpoint);
    setsByNode.set(e.node.id, list);
  }

  // Observed traffic: the service map's edges with an end in the scope.
  const map = flows.serviceMap({
    ...window,
    ...(scope.kind === 'namespaces'
      ? { namespaces: scope.namespaces }
      : { selector: scope.selector }),
    series: false,
  });
  // An edge of replies only (a reply's own port) carries no decision and is left out.
  const edges = map.edges
    .filter((e) => scopeNodes.has(e.source) || scopeNodes.has(e.target))
    .map(toEdge)
    .filter((e) => e.allowed + e.denied + e.other > 0)
    .sort(edgeOrder);

  const coverage = workloadCoverage(policies, inScope, settings);
  const unsupportedAll = new Set<string>();
  const workloads: ReportWorkload[] = coverage.map((w) => {
    const sets = setsByNode.get(w.id) ?? [];
    const selecting = new Set([...w.ingress.selectingPolicies, ...w.egress.selectingPolicies]);
    const unsupported = [
      ...new Set([
        ...(w.ingress.unknown ?? []),
        ...(w.egress.unknown ?? []),
        ...policies
          .filter((p) => selecting.has(p.id))
          .flatMap((p) => unsupportedOf(p).map((u) => `${p.id}: ${u}`)),
      ]),
    ].sort(byText);
    for (const u of unsupported) unsupportedAll.add(u);
    const inbound = edges.filter((e) => e.target === w.id);
    const outbound = edges.filter((e) => e.source === w.id);
    return {
      id: w.id,
      namespace: w.namespace,
      workload: w.workload,
      labels: w.labels,
      ingress: w.ingress,
      egress: w.egress,
      protected: w.protected,
      allows: allowsOf(policies, sets, w.namespace, scope, {
        ingress: !w.ingress.enforced,
        egress: !w.egress.enforced,
      }),
      unsupported,
      observed: { inbound, outbound, totals: sum([...inbound, ...outbound]) },
    };
  });

  // Denied attempts, by source.
  const deniedBySource = new Map<string, DeniedSource>();
  for (const e of edges) {
    if (e.denied === 0) continue;
    let d = deniedBySource.get(e.source);
    if (!d) {
      d = { source: e.source, inScope: scopeNodes.has(e.source), denied: 0, attempts: [] };
      deniedBySource.set(e.source, d);
    }
    d.denied += e.denied;
    d.attempts.push(e);
  }
  const denied = [...deniedBySource.values()].sort(
    (a, b) => b.denied - a.denied || byText(a.source, b.source),
  );
  for (const d of denied) d.attempts.sort((a, b) => b.denied - a.denied || edgeOrder(a, b));

  const boundary: BoundaryEdge[] = edges
    .filter((e) => scopeNodes.has(e.source) !== scopeNodes.has(e.target))
    .map((e) => ({ ...e, direction: scopeNodes.has(e.target) ? 'in' : 'out' }));

  // Policy revisions the window's flows name, from the flows touching the scope.
  const limit = input.revisionScanLimit ?? 50_000;
  const scanNamespaces =
    scope.kind === 'namespaces'
      ? scope.namespaces
      : [...new Set(inScope.map((e) => e.node.namespace))];
  const scanned =
    scanNamespaces.length > 0
      ? flows.scan({ ...window, namespaces: scanNamespaces, order: 'oldest', limit })
      : { flows: [], truncated: false };
  if (scanned.truncated) {
    notes.push(
      `policy revisions were read from the first ${limit} decisions of the window only; later changes may be missing`,
    );
  }
  const relevant = scanned.flows.filter(
    (f) =>
      refsOf(f).length > 0 &&
      (endpointInScope(f.source, scope, viewerScope) ||
        endpointInScope(f.destination, scope, viewerScope)),
  );
  const idOfKey = new Map<string, string>();
  const seenRevisions = new Map<string, string[]>();
  for (const f of relevant) {
    for (const ref of refsOf(f)) {
      const id = policyId(ref.kind, ref.namespace, ref.name);
      idOfKey.set(policyKey(ref), id);
      const list = seenRevisions.get(id) ?? [];
      if (!list.includes(ref.revision)) list.push(ref.revision);
      seenRevisions.set(id, list);
    }
  }
  const loaded = new Map(policies.map((p) => [p.id, p.revision]));
  const seen: PolicyRevisionSeen[] = [...seenRevisions]
    .sort(([a], [b]) => byText(a, b))
    .map(([policy, revisions]) => {
      const out: PolicyRevisionSeen = { policy, revisions };
      const rev = loaded.get(policy);
      if (rev !== undefined) out.loaded = rev;
      return out;
    });
  const changes = policyChanges(relevant).map((c) => ({
    ...c,
    policy: idOfKey.get(c.policy) ?? c.policy,
  }));

  // What the report cannot vouch for.
  const stats = flows.stats();
  const gaps: EvidenceReport['gaps'] = {
    ranges: [...input.gaps],
    lostEvents: input.gaps.reduce((n, g) => n + (g.kind === 'lost-events' ? (g.lost ?? 0) : 0), 0),
    unsupported: [...unsupportedAll].sort(byText),
    notes,
  };
  if (stats.flows === 0 || stats.oldestTs === undefined) gaps.noHistory = true;
  else if (stats.oldestTs > window.from) gaps.historyStartsAt = stats.oldestTs;
  if (workloads.length === 0) notes.push('no workload of the scope was seen in the window');
  notes.push(
    'protection and allowed peers are read from the policies loaded now; the revisions the flows named are listed under policy revisions',
  );
  if (seen.some((s) => s.loaded !== undefined && !s.revisions.includes(s.loaded))) {
    notes.push('a policy loaded now has a revision no flow of the window named');
  }

  const boundaryCounts = sum(boundary);
  return {
    generatedAt: input.now ?? Date.now(),
    window: { ...window },
    scope: reportScope(scope, viewerScope),
    enforcement: settings.enforcement,
    gaps,
    workloads,
    denied,
    boundary,
    revisions: { changes, seen },
    totals: {
      workloads: workloads.length,
      protected: workloads.filter((w) => w.protected).length,
      boundary: boundaryCounts,
      denied: denied.reduce((n, d) => n + d.denied, 0),
    },
  };
}
