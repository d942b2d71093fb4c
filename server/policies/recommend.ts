// From dropped traffic to the smallest policy change that allows it. A drop a missing allow rule
// caused (the evaluator says default deny) becomes a need (recommend-needs.ts): the denied side
// (egress of the source or ingress of the destination), the peer as Cilium users select it
// (stable workload labels, the namespace label across namespaces, an entity for reserved peers,
// the DNS name resolved or the /32 for world), the port and protocol seen, and the exact HTTP
// request or DNS name when the proxy denied it. Needs with the same rule shape fold into one
// rule, written into the nearest policy that already selects exactly that workload, or into a
// new CiliumNetworkPolicy. The proposal is then applied and the window re-evaluated
// (what-if.ts): the target drops must become allowed, and whatever else becomes allowed is
// reported as wider than observed.
import 'server-only';
import { Document, parseDocument } from 'yaml';
import type { FlowEndpoint, FlowRecord } from '@/lib/api/flow-record';
import type {
  PolicyChange,
  Provenance,
  ProposedRule,
  RecommendAnswer,
  RecommendTarget,
  SkippedTraffic,
  Verification,
  WiderFlow,
  WiderSelector,
} from '@/lib/api/recommend';
import type { AgentSettings } from './agent-settings';
import { agentSettings } from './agent-settings';
import { evaluateContext } from './evaluate';
import { flowContext } from './flow-context';
import type { FlowContext } from './flow-context';
import { dnsMatches, subjectSelectable } from './match';
import type { Policy } from './model';
import { policyId } from './model';
import { parsePolicyYaml } from './parse';
import { selectorText } from './recommend-labels';
import { unifiedDiff } from './recommend-diff';
import { matchesSelector, NAMESPACE_KEY } from './selector';
import { isDecisionFlow, whatIf } from './what-if';
import { buildNeed, exactPath, groupNeeds, needOf, peerText, workloadOf } from './recommend-needs';
import type { Need, RuleGroup } from './recommend-needs';

const MAX_EXAMPLES = 5;
const MAX_WIDER = 50;

export type RecommendFor =
  | { flow: FlowRecord }
  /** `namespace/name` of a workload, a namespace alone, or '' for every drop. */
  | { workload: string };

export interface RecommendInput {
  /** Every policy in force: decisions are evaluated with all of them. */
  policies: readonly Policy[];
  /** The policies the proposal may change (the viewer's); others are never shown. */
  editable?: (p: Policy) => boolean;
  /** The window's flows (the target flow among them or not). */
  flows: readonly FlowRecord[];
  target: RecommendFor;
  window: { from: number; to: number };
  /** Traffic first seen at or after this (epoch ms) is listed as new, not folded in. */
  stableBefore?: number;
  settings?: AgentSettings;
  /** The text of a policy's file, when known, so the patch has the file's line numbers. */
  fileText?: (source: string) => string | undefined;
}

/** The rule as Cilium's YAML reads it, for a policy in `policyNs`. */
function ruleObject(g: RuleGroup, policyNs: string): Record<string, unknown> {
  const ingress = g.direction === 'ingress';
  const out: Record<string, unknown> = {};
  const p = g.peer;
  switch (p.kind) {
    case 'endpoints': {
      // A namespaced policy's peer selector means its own namespace unless it names one.
      const matchLabels: Record<string, string> = { ...p.selector };
      if (p.namespace !== policyNs) matchLabels[`k8s:${NAMESPACE_KEY}`] = p.namespace;
      out[ingress ? 'fromEndpoints' : 'toEndpoints'] = [{ matchLabels }];
      break;
    }
    case 'entity':
      out[ingress ? 'fromEntities' : 'toEntities'] = [p.entity];
      break;
    case 'fqdn':
      out.toFQDNs = [{ matchName: p.name }];
      break;
    case 'cidr':
      out[ingress ? 'fromCIDR' : 'toCIDR'] = [p.cidr];
      break;
  }
  if (!g.portless && g.ports.length > 0) {
    const entry: Record<string, unknown> = {
      ports: g.ports.map((x) => ({ port: String(x.port), protocol: x.protocol })),
    };
    if (g.http.length > 0) {
      entry.rules = { http: g.http.map((h) => ({ method: h.method, path: exactPath(h.path) })) };
    } else if (g.dns.length > 0) {
      entry.rules = { dns: g.dns.map((d) => ({ matchName: d })) };
    }
    out.toPorts = [entry];
  }
  return out;
}

function provenance(needs: readonly Need[]): Provenance {
  const all = needs.flatMap((n) => n.flows);
  const decisions = all.filter(isDecisionFlow);
  const flows = decisions.length > 0 ? decisions : all;
  const seen = new Set<string>();
  const unique = flows.filter((f) => (seen.has(f.id) ? false : (seen.add(f.id), true)));
  unique.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  return {
    count: unique.length,
    firstSeen: unique[0]?.time ?? '',
    lastSeen: unique[unique.length - 1]?.time ?? '',
    exampleIds: unique
      .slice(-MAX_EXAMPLES)
      .reverse()
      .map((f) => f.id),
  };
}

function yamlText(obj: unknown): string {
  return new Document(obj).toString({ singleQuote: true });
}

function proposedRule(g: RuleGroup, policyNs: string): ProposedRule {
  const rule: ProposedRule = {
    direction: g.direction,
    subject: g.subjectWorkload,
    peer: peerText(g.peer),
    ports: g.portless ? [] : g.ports.map((p) => `${p.port}/${p.protocol}`),
    yaml: yamlText([ruleObject(g, policyNs)]),
    flows: provenance(g.needs),
  };
  if (g.http.length > 0) rule.http = g.http;
  if (g.companion) rule.companion = true;
  return rule;
}

function safeName(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return s || 'workload';
}

/** The endpoints of the window, each distinct label set once. */
function windowEndpoints(flows: readonly FlowRecord[]): FlowEndpoint[] {
  const seen = new Map<string, FlowEndpoint>();
  for (const f of flows) {
    for (const ep of [f.source, f.destination]) {
      const k = `${ep.namespace}|${ep.labels.join(',')}`;
      if (!seen.has(k)) seen.set(k, ep);
    }
  }
  return [...seen.values()];
}

function selectsLabels(sel: Record<string, string>, ns: string, ep: FlowEndpoint): boolean {
  if (ep.namespace !== ns || !subjectSelectable(ep)) return false;
  return Object.entries(sel).every(([k, v]) => ep.labels.includes(`k8s:${k}=${v}`));
}

/**
 * The nearest policy to extend: a CiliumNetworkPolicy of the subject's namespace with one
 * spec, selecting the subject, whose selector names labels (not `{}`) and selects no other
 * workload seen in the window; those with allow rules in the direction first.
 */
function targetPolicy(
  policies: readonly Policy[],
  editable: (p: Policy) => boolean,
  g: RuleGroup,
  endpoints: readonly FlowEndpoint[],
): Policy | undefined {
  const candidates = policies.filter((p) => {
    if (p.kind !== 'CiliumNetworkPolicy' || p.namespace !== g.subjectNs || !editable(p)) {
      return false;
    }
    const section = p.sections[0];
    if (p.sections.length !== 1 || !section || /^\s*specs\s*:/m.test(p.yaml)) return false;
    if (section.unsupported.length > 0 || p.rules.some((r) => r.unsupported.length > 0)) {
      return false;
    }
    if (section.subject.reqs.length <= 1 || !matchesSelector(section.subject, g.subject.labels)) {
      return false;
    }
    return endpoints.every(
      (ep) =>
        !subjectSelectable(ep) ||
        !matchesSelector(section.subject, ep.labels) ||
        workloadOf(ep) === g.subjectWorkload,
    );
  });
  const allows = (p: Policy) =>
    p.rules.some((r) => r.direction === g.direction && r.action === 'allow' && r.peers !== 'none');
  candidates.sort(
    (a, b) =>
      Number(allows(b)) - Number(allows(a)) ||
      b.sections[0]!.subject.reqs.length - a.sections[0]!.subject.reqs.length ||
      a.name.localeCompare(b.name),
  );
  return candidates[0];
}

function fileOf(p: Policy): string {
  return p.source && p.source !== 'kubernetes' && /\.ya?ml$/i.test(p.source)
    ? p.source
    : `${p.namespace}-${p.name}.yaml`;
}

/** The policy file's text, or its policies in order when the file cannot be read. */
function fileBody(
  policies: readonly Policy[],
  p: Policy,
  fileText?: (s: string) => string | undefined,
): string {
  return (
    fileText?.(p.source) ??
    policies
      .filter((x) => fileOf(x) === fileOf(p))
      .map((x) => x.yaml)
      .join('---\n')
  );
}

function lineOffset(
  policies: readonly Policy[],
  p: Policy,
  fileText?: (s: string) => string | undefined,
): number {
  const text = fileBody(policies, p, fileText);
  if (!text) return 0;
  const at = text.indexOf(p.yaml.trimEnd());
  return at < 0 ? 0 : text.slice(0, at).split('\n').length - 1;
}

interface Plan {
  changes: PolicyChange[];
  proposed: Policy[];
  problems: string[];
}

function plan(
  policies: readonly Policy[],
  editable: (p: Policy) => boolean,
  groups: readonly RuleGroup[],
  endpoints: readonly FlowEndpoint[],
  fileText?: (s: string) => string | undefined,
): Plan {
  const existing = new Map<string, { policy: Policy; groups: RuleGroup[] }>();
  const created = new Map<
    string,
    { ns: string; sel: Record<string, string>; groups: RuleGroup[] }
  >();
  for (const g of groups) {
    const p = targetPolicy(policies, editable, g, endpoints);
    if (p) {
      const e = existing.get(p.id) ?? { policy: p, groups: [] };
      e.groups.push(g);
      existing.set(p.id, e);
    } else {
      const k = `${g.subjectNs}|${selectorText(g.subjectSel)}`;
      const c = created.get(k) ?? { ns: g.subjectNs, sel: g.subjectSel, groups: [] };
      c.groups.push(g);
      created.set(k, c);
    }
  }
  const changes: PolicyChange[] = [];
  const replaced = new Map<string, Policy>();
  const added: Policy[] = [];
  const problems: string[] = [];
  const parseOne = (text: string, file: string, id: string): Policy | undefined => {
    const r = parsePolicyYaml(text, file);
    const p = r.policies.find((x) => x.id === id);
    if (r.errors.length > 0 || !p) problems.push(`${id}: ${r.errors.join('; ') || 'not parsed'}`);
    return p;
  };
  for (const { policy, groups: gs } of existing.values()) {
    const doc = parseDocument(policy.yaml);
    for (const g of gs) {
      const node = doc.createNode(ruleObject(g, policy.namespace));
      if (doc.hasIn(['spec', g.direction])) doc.addIn(['spec', g.direction], node);
      else doc.setIn(['spec', g.direction], doc.createNode([ruleObject(g, policy.namespace)]));
    }
    const after = doc.toString({ singleQuote: true });
    const file = fileOf(policy);
    const parsed = parseOne(after, file, policy.id);
    if (parsed) replaced.set(policy.id, parsed);
    changes.push({
      action: 'add-rules',
      policyId: policy.id,
      namespace: policy.namespace,
      name: policy.name,
      file,
      before: policy.yaml,
      after,
      diff: unifiedDiff(file, policy.yaml, after, lineOffset(policies, policy, fileText)),
      rules: gs.map((g) => proposedRule(g, policy.namespace)),
    });
  }
  const taken = new Set(policies.map((p) => p.id));
  for (const c of created.values()) {
    const base = safeName(`${c.groups[0]!.subjectWorkload.split('/').pop()}-allow-observed`);
    let name = base;
    for (let i = 2; taken.has(policyId('CiliumNetworkPolicy', c.ns, name)); i++)
      name = `${base}-${i}`;
    const id = policyId('CiliumNetworkPolicy', c.ns, name);
    taken.add(id);
    const dirs = [...new Set(c.groups.map((g) => g.direction))].sort();
    const spec: Record<string, unknown> = {
      description: `Allows the traffic Flowscope saw dropped for ${selectorText(c.sel)}.`,
      endpointSelector: { matchLabels: c.sel },
      // Allow rules only: the workload is in default deny already, and this policy must not
      // put any other pod its selector matches into default deny.
      enableDefaultDeny: Object.fromEntries(dirs.map((d) => [d, false])),
    };
    for (const d of dirs) {
      spec[d] = c.groups.filter((g) => g.direction === d).map((g) => ruleObject(g, c.ns));
    }
    const after = yamlText({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name, namespace: c.ns },
      spec,
    });
    const file = `${c.ns}-${name}.yaml`;
    const parsed = parseOne(after, file, id);
    if (parsed) added.push(parsed);
    changes.push({
      action: 'create',
      policyId: id,
      namespace: c.ns,
      name,
      file,
      before: '',
      after,
      diff: unifiedDiff(file, '', after),
      rules: c.groups.map((g) => proposedRule(g, c.ns)),
    });
  }
  const proposed = [...policies.map((p) => replaced.get(p.id) ?? p), ...added];
  return { changes, proposed, problems };
}

function endpointText(ep: FlowEndpoint): string {
  if (ep.pod) return `${ep.namespace}/${ep.pod}`;
  return ep.names[0] ? `${ep.names[0]} (${ep.ip})` : ep.ip || 'unknown';
}

/**
 * The peer side of an allowed connection to a pod: once the denied side allows it, would the
 * peer's own policies drop it (egress allowed, the destination's ingress not)?
 */
function companionNeed(policies: readonly Policy[], g: RuleGroup, settings: AgentSettings) {
  if (g.peer.kind !== 'endpoints') return undefined;
  const n = g.needs[0]!;
  const ctx: FlowContext = {
    direction: g.direction === 'egress' ? 'ingress' : 'egress',
    subject: g.peerEndpoint,
    peer: g.subject,
    protocol: n.protocol,
  };
  if (n.port !== undefined) ctx.port = n.port;
  if (n.http) ctx.http = { ...n.http, host: '' };
  const ev = evaluateContext(policies, ctx, settings);
  if (ev.verdict !== 'default-deny') return undefined;
  const built = buildNeed(ctx, n.http ? { http: n.http } : {});
  if ('skip' in built) return undefined;
  const need = built.need;
  need.companion = true;
  need.flows = g.needs.flatMap((x) => x.flows);
  return { need, ctx };
}

export function recommend(input: RecommendInput): RecommendAnswer {
  const settings = input.settings ?? agentSettings();
  const editable = input.editable ?? (() => true);
  const { policies, flows } = input;
  const target: RecommendTarget = { ...input.window };
  if (input.stableBefore !== undefined) target.stableBefore = input.stableBefore;
  const skippedMap = new Map<string, SkippedTraffic>();
  const skip = (reason: string, f: FlowRecord) => {
    const s = skippedMap.get(reason) ?? { reason, count: 0, exampleIds: [] };
    s.count++;
    if (s.exampleIds.length < MAX_EXAMPLES) s.exampleIds.push(f.id);
    skippedMap.set(reason, s);
  };

  // Every drop of the window, keyed by its need.
  const byKey = new Map<string, Need>();
  const keyOfFlow = new Map<string, string>();
  for (const f of flows) {
    if (f.verdict !== 'DROPPED') continue;
    const r = needOf(policies, f, settings);
    if ('skip' in r) {
      if (isDecisionFlow(f) || f.eventType === 1) skip(r.skip, f);
      continue;
    }
    keyOfFlow.set(f.id, r.need.key);
    const n = byKey.get(r.need.key) ?? r.need;
    n.flows.push(f);
    byKey.set(r.need.key, n);
  }

  let wanted: Need[];
  let targetFlowSkip: string | undefined;
  if ('flow' in input.target) {
    const f = input.target.flow;
    target.flowId = f.id;
    const r = needOf(policies, f, settings);
    if ('skip' in r) {
      targetFlowSkip = r.skip;
      wanted = [];
    } else {
      const n = byKey.get(r.need.key) ?? r.need;
      if (!n.flows.some((x) => x.id === f.id)) n.flows.push(f);
      byKey.set(n.key, n);
      keyOfFlow.set(f.id, n.key);
      wanted = [n];
    }
    skippedMap.clear();
  } else {
    const w = input.target.workload;
    target.workload = w;
    // '' is every workload (the command line's whole capture).
    const inTarget = (ep: FlowEndpoint): boolean =>
      w === '' || (w.includes('/') ? workloadOf(ep) === w : ep.namespace === w && w !== '');
    wanted = [...byKey.values()].filter((n) => inTarget(n.subject) || inTarget(n.peerEndpoint));
  }

  // The stabilisation cut-off: traffic first seen at or after it is new, not folded in.
  const firstSeen = (n: Need) => n.flows.reduce((m, f) => Math.min(m, f.ts), Infinity);
  const stable = wanted.filter(
    (n) => input.stableBefore === undefined || firstSeen(n) < input.stableBefore,
  );
  const fresh = wanted.filter((n) => !stable.includes(n));

  const groups = groupNeeds(stable);
  // Companion rules on the peer's side, when its policies would deny the connection next.
  const companions: Need[] = [];
  const companionCtx: { ctx: FlowContext; key: string }[] = [];
  for (const g of groups) {
    const c = companionNeed(policies, g, settings);
    if (!c) continue;
    if (companions.some((x) => x.key === c.need.key)) continue;
    companions.push(c.need);
    companionCtx.push({ ctx: c.ctx, key: c.need.key });
  }
  const allGroups = [...groups, ...groupNeeds(companions)];
  const endpoints = windowEndpoints(flows);
  const planned = plan(policies, editable, allGroups, endpoints, input.fileText);
  const notes: string[] = [...planned.problems];

  const verification = verify(
    policies,
    planned.proposed,
    flows,
    new Set(stable.map((n) => n.key)),
    stable,
    keyOfFlow,
    settings,
  );
  for (const c of companionCtx) {
    const ev = evaluateContext(planned.proposed, c.ctx, settings);
    if (ev.verdict !== 'allowed' && ev.verdict !== 'not-selected') {
      verification.unresolved.push({
        flowId: '',
        reason: `${c.ctx.direction} of ${endpointText(c.ctx.subject)} would still be ${ev.verdict}`,
      });
    }
  }
  verification.widerSelectors = widerSelectors(allGroups, planned.changes, endpoints);

  for (const g of groups) {
    if (g.peer.kind !== 'fqdn') continue;
    const name = g.peer.name;
    const lookedUp = planned.proposed.some((p) =>
      p.rules.some(
        (r) =>
          r.direction === 'egress' &&
          r.action === 'allow' &&
          r.toPorts.some((tp) => tp.dns?.some((m) => dnsMatches(m, name))),
      ),
    );
    if (!lookedUp) {
      notes.push(
        `toFQDNs ${name} takes effect only once its DNS lookup goes through Cilium's DNS proxy: allow the lookup to kube-dns with a dns rule matching ${name}.`,
      );
    }
  }
  const changes = planned.changes;
  const newTraffic = groupNeeds(fresh).map((g) => proposedRule(g, g.subjectNs));
  const status = changes.length > 0 ? 'proposal' : 'nothing';
  const summary =
    status === 'nothing'
      ? targetFlowSkip
        ? `No change proposed: this flow was ${targetFlowSkip}.`
        : fresh.length > 0
          ? 'No change proposed: every drop of the window was first seen after the cut-off.'
          : 'No change proposed: the window holds no drop a missing allow rule caused.'
      : summarize(changes, verification);
  return {
    target,
    status,
    summary,
    changes,
    yaml: changes.map((c) => c.after).join('---\n'),
    patch: patchOf(policies, changes, input.fileText),
    verification,
    newTraffic,
    skipped: [...skippedMap.values()].sort((a, b) => b.count - a.count),
    notes,
  };
}

/**
 * One diff per file: a file holding several policies changes once, with the file's own line
 * numbers. Without the file's text, it is rebuilt from its policies in order.
 */
function patchOf(
  policies: readonly Policy[],
  changes: readonly PolicyChange[],
  fileText?: (s: string) => string | undefined,
): string {
  const byFile = new Map<string, PolicyChange[]>();
  for (const c of changes) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c]);
  let out = '';
  for (const [file, cs] of byFile) {
    if (cs.every((c) => c.action === 'create')) {
      out += unifiedDiff(file, '', cs.map((c) => c.after).join('---\n'));
      continue;
    }
    const first = policies.find((p) => p.id === cs.find((c) => c.before)?.policyId);
    const before = first ? fileBody(policies, first, fileText) : '';
    let after = before;
    for (const c of cs) {
      if (c.action === 'create') after += `---\n${c.after}`;
      else after = after.replace(c.before.trimEnd(), c.after.trimEnd());
    }
    out += unifiedDiff(file, before, after);
  }
  return out;
}

function summarize(changes: readonly PolicyChange[], v: Verification): string {
  const parts = changes.map((c) => {
    const n = c.rules.length;
    const what = `${n} rule${n === 1 ? '' : 's'}`;
    return c.action === 'create'
      ? `create ${c.namespace}/${c.name} with ${what}`
      : `add ${what} to ${c.namespace}/${c.name}`;
  });
  const wider =
    v.widerCount > 0
      ? ` Wider than observed: it also allows ${v.widerCount} other flow${v.widerCount === 1 ? '' : 's'} of the window.`
      : ' It allows nothing else the window saw.';
  const first = parts.join(', ');
  return `${first.charAt(0).toUpperCase()}${first.slice(1)}: allows ${v.fixed} of ${v.targets} dropped decision${v.targets === 1 ? '' : 's'}.${wider}`;
}

function verify(
  before: readonly Policy[],
  after: readonly Policy[],
  flows: readonly FlowRecord[],
  keys: ReadonlySet<string>,
  needs: readonly Need[],
  keyOfFlow: ReadonlyMap<string, string>,
  settings: AgentSettings,
): Verification {
  const targetIds = new Set(needs.flatMap((n) => n.flows.filter(isDecisionFlow).map((f) => f.id)));
  // Only flows whose subject a changed or new policy selects in their direction can change
  // verdict (selectors are never edited), plus the DNS answers toFQDNs rules are judged by.
  const changed = after.filter((p) => !before.some((b) => b === p));
  const relevant = flows.filter((f) => {
    if (f.l7?.dns) return true;
    const ctx = flowContext(f);
    return (
      ctx !== undefined &&
      changed.some((p) =>
        p.sections.some(
          (s) =>
            s.directions.includes(ctx.direction) && matchesSelector(s.subject, ctx.subject.labels),
        ),
      )
    );
  });
  const result = whatIf({ flows: relevant, baseline: before, proposed: after, settings });
  const fixed = new Set<string>();
  const uncertain = new Map<string, string>();
  const wider: WiderFlow[] = [];
  let widerCount = 0;
  let ruleChanged = 0;
  let newlyDenied = 0;
  for (const c of result.changes) {
    const isTarget = targetIds.has(c.uuid) || keys.has(keyOfFlow.get(c.uuid) ?? '');
    if (c.change === 'newly-allowed') {
      if (isTarget) fixed.add(c.uuid);
      else {
        widerCount++;
        if (wider.length < MAX_WIDER) {
          const w: WiderFlow = {
            flowId: c.uuid,
            time: c.time,
            source: c.source.pod ? `${c.source.namespace}/${c.source.pod}` : c.source.ip,
            destination: c.destination.pod
              ? `${c.destination.namespace}/${c.destination.pod}`
              : (c.destination.names?.[0] ?? c.destination.ip),
            protocol: c.protocol,
            decidedBy: c.new.decidedBy,
          };
          if (c.port !== undefined) w.port = c.port;
          wider.push(w);
        }
      }
    } else if (c.change === 'newly-denied') newlyDenied++;
    else if (c.change === 'rule-changed') ruleChanged++;
    else if (isTarget) uncertain.set(c.uuid, c.reason ?? 'cannot be decided');
  }
  const unresolved = [...targetIds]
    .filter((id) => !fixed.has(id))
    .map((flowId) => ({
      flowId,
      reason: uncertain.get(flowId) ?? 'still denied under the proposal',
    }));
  return {
    targets: targetIds.size,
    fixed: fixed.size,
    unresolved,
    wider,
    widerCount,
    widerSelectors: [],
    ruleChanged,
    newlyDenied,
  };
}

/** Workloads of the window a proposed selector would select besides the observed ones. */
function widerSelectors(
  groups: readonly RuleGroup[],
  changes: readonly PolicyChange[],
  endpoints: readonly FlowEndpoint[],
): WiderSelector[] {
  const out = new Map<string, Set<string>>();
  const add = (text: string, sel: Record<string, string>, ns: string, observed: Set<string>) => {
    for (const ep of endpoints) {
      if (!selectsLabels(sel, ns, ep)) continue;
      const w = workloadOf(ep);
      if (observed.has(w)) continue;
      const set = out.get(text) ?? new Set<string>();
      set.add(w);
      out.set(text, set);
    }
  };
  for (const g of groups) {
    if (g.peer.kind !== 'endpoints') continue;
    const observed = new Set(g.needs.map((n) => workloadOf(n.peerEndpoint)));
    const p = g.peer;
    add(`peer ${p.namespace}: ${selectorText(p.selector)}`, p.selector, p.namespace, observed);
  }
  for (const c of changes) {
    if (c.action !== 'create') continue;
    const gs = groups.filter(
      (g) => g.subjectNs === c.namespace && c.rules.some((r) => r.subject === g.subjectWorkload),
    );
    const g = gs[0];
    if (!g) continue;
    const observed = new Set(gs.map((x) => x.subjectWorkload));
    add(
      `endpointSelector of ${c.namespace}/${c.name}: ${selectorText(g.subjectSel)}`,
      g.subjectSel,
      c.namespace,
      observed,
    );
  }
  return [...out].map(([selector, set]) => ({ selector, alsoSelects: [...set].sort() }));
}
