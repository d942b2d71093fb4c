// Which policy and rule decided a flow, and who says so: Hubble's own fields where it named
// them (policy-verdict events' *_allowed_by / *_denied_by, POLICY_DENIED for default deny),
// Flowscope's evaluation otherwise (trace events, POLICY_DENY drop notifications without
// their policy-verdict partner, L7 denials). One place for the flow list, the detail, the
// /drops table (server/aggregate/drop-groups.ts), the policy usage counts and the export.
//
// Attribution is lazy: rows are attributed where they are served, each flow once per policy
// set (a cache keyed on the policies array, which a source keeps until its policies change).
import 'server-only';
import type { FlowRecord, PolicyRef } from '@/lib/api/flow-record';
import { rowFacts } from '@/server/aggregate/map-source';
import { evaluate } from './evaluate';
import { explainFlow } from './explain';
import type { Policy } from './model';
import type { Evaluation, FlowExplanation, RuleRef } from '@/lib/api/policy';
import type { FlowDecision } from '@/lib/api/decisions';
import { EVENT_L7, EVENT_POLICY_VERDICT } from '@/lib/api/flow-record';

const REASON_PREFIX = 'reason:';

/** Whether Hubble named nothing that decides the drop (a bare reason or none). */
export function unattributed(key: string): boolean {
  return key.startsWith(REASON_PREFIX);
}

function policyParts(key: string): { kind: string; namespace: string; name: string } {
  const [kind = '', namespace = '', ...rest] = key.split('/');
  return { kind, namespace, name: rest.join('/') };
}

function ruleOf(ex: FlowExplanation | undefined): FlowDecision['rule'] {
  const r = ex?.decidingRule;
  return r ? { ruleId: r.ruleId, action: r.action, lines: r.lines } : undefined;
}

function ruleOfPolicy(
  ex: FlowExplanation | undefined,
  p: { namespace: string; name: string },
): FlowDecision['rule'] {
  const r = ex?.decidingRule;
  if (!r || r.namespace !== p.namespace || r.name !== p.name) return undefined;
  return ruleOf(ex);
}

function enforcingOf(ex: FlowExplanation): NonNullable<FlowDecision['enforcing']> {
  return ex.selecting
    .filter((p) => ex.evaluation.enforcing.includes(p.id))
    .map((p) => ({ kind: p.kind, namespace: p.namespace, name: p.name }));
}

/** What Hubble named for a drop: a policy (policy-verdict events), or default deny. */
function reportedDrop(key: string, ex: FlowExplanation | undefined): FlowDecision {
  if (key === 'default-deny') {
    return { kind: 'default-deny', source: 'hubble', enforcing: ex ? enforcingOf(ex) : [] };
  }
  const policy = policyParts(key);
  const rule = ruleOfPolicy(ex, policy);
  return { kind: 'policy', source: 'hubble', policy, ...(rule ? { rule } : {}) };
}

function unknownReason(ev: Evaluation): string | undefined {
  const u = ev.unsupported?.[0];
  return u === undefined ? undefined : u.slice(u.lastIndexOf(': ') + 2);
}

/** Flowscope's answer for a drop Hubble attributed to nothing, from the flow's explanation. */
function derivedDrop(flow: FlowRecord, ex: FlowExplanation): FlowDecision {
  const l7 = flow.eventType === EVENT_L7 && flow.l7 !== undefined;
  const { verdict } = ex.evaluation;
  const rule = ruleOf(ex);
  const deciding = ex.decidingRule;
  if (verdict === 'denied-by-rule' && deciding && rule) {
    const policy = { kind: deciding.kind, namespace: deciding.namespace, name: deciding.name };
    return { kind: l7 ? 'l7' : 'policy', source: 'flowscope', policy, rule };
  }
  const near = ex.nearest[0];
  if (l7 && near) {
    // The proxy denied a request no L7 rule of the port admits: the nearest rule is the
    // L7 rule the request missed, with what differed.
    return {
      kind: 'l7',
      source: 'flowscope',
      policy: { kind: near.kind, namespace: near.namespace, name: near.name },
      rule: { ruleId: near.ruleId, action: near.action, lines: near.lines },
      differences: near.differences,
    };
  }
  if (verdict === 'default-deny') {
    return { kind: 'default-deny', source: 'flowscope', enforcing: enforcingOf(ex) };
  }
  const reason = unknownReason(ex.evaluation);
  return {
    kind: 'unknown',
    source: 'flowscope',
    summary: ex.summary,
    ...(reason ? { reason } : {}),
  };
}

// Drop reasons that are policy decisions, whichever event reported them.
const POLICY_REASONS = new Set(['POLICY_DENY', 'POLICY_DENIED', '']);

function isPolicyDrop(reason: string, flow: FlowRecord | undefined): boolean {
  if (POLICY_REASONS.has(reason)) return reason !== '' || flow?.eventType === EVENT_L7;
  return false;
}

/**
 * The decision of dropped rows sharing a timeline policy key (`kind/namespace/name`,
 * `default-deny`, `reason:<REASON>`) and drop reason, read from one example flow of them.
 */
export function dropDecision(
  key: string,
  reason: string,
  flow: FlowRecord | undefined,
  explain: (flow: FlowRecord) => FlowExplanation,
): FlowDecision {
  if (!unattributed(key)) return reportedDrop(key, flow ? explain(flow) : undefined);
  if (!isPolicyDrop(reason, flow)) return { kind: 'not-policy', source: 'hubble' };
  if (!flow) return { kind: 'unknown', source: 'flowscope' };
  return derivedDrop(flow, explain(flow));
}

function ruleLines(policies: readonly Policy[], ref: RuleRef): FlowDecision['rule'] {
  const p = policies.find((x) => x.id === ref.policy);
  const r = p?.rules.find((x) => x.id === ref.ruleId);
  return r ? { ruleId: r.id, action: r.action, lines: r.lines } : undefined;
}

function policyOf(policies: readonly Policy[], id: string): NonNullable<FlowDecision['policy']> {
  const p = policies.find((x) => x.id === id);
  return p ? { kind: p.kind, namespace: p.namespace, name: p.name } : policyParts(id);
}

function samePolicy(p: Policy | undefined, ref: PolicyRef): boolean {
  return (
    p !== undefined &&
    p.namespace === ref.namespace &&
    p.name === ref.name &&
    (!ref.kind || p.kind === ref.kind)
  );
}

/**
 * Whether Hubble itself named `policy` as allowing or denying the flow: a policy-verdict
 * event's `*_allowed_by` / `*_denied_by` of the flow's direction. Otherwise a decision
 * attributed to the policy is Flowscope's.
 */
export function hubbleNamed(flow: FlowRecord, policy: Policy, how: 'allowed' | 'denied'): boolean {
  if (flow.eventType !== EVENT_POLICY_VERDICT) return false;
  const ingress = flow.direction === 'INGRESS';
  const refs =
    how === 'allowed'
      ? ingress
        ? flow.ingressAllowedBy
        : flow.egressAllowedBy
      : ingress
        ? flow.ingressDeniedBy
        : flow.egressDeniedBy;
  return refs.some((r) => samePolicy(policy, r));
}

function denies(ev: Evaluation): boolean {
  return ev.verdict === 'denied-by-rule' || ev.verdict === 'default-deny';
}

/** A flow that was let through: the allowing policy, or why none was needed. */
function allowedDecision(policies: readonly Policy[], flow: FlowRecord): FlowDecision {
  const refs = flow.direction === 'INGRESS' ? flow.ingressAllowedBy : flow.egressAllowedBy;
  const ev = evaluate(policies, flow);
  const named = flow.eventType === EVENT_POLICY_VERDICT ? refs[0] : undefined;
  if (named) {
    // Hubble names the policy; the rule is the evaluator's, when it found one of that policy.
    const match = ev.allowedBy.find((r) =>
      samePolicy(
        policies.find((p) => p.id === r.policy),
        named,
      ),
    );
    const rule = match ? ruleLines(policies, match) : undefined;
    const policy = { kind: named.kind, namespace: named.namespace, name: named.name };
    return { kind: 'policy', source: 'hubble', policy, ...(rule ? { rule } : {}) };
  }
  if (flow.eventType === EVENT_L7 && flow.isReply === true && denies(ev)) {
    // The proxy's own answer (a 403) to a request it denied: decided with that request.
    return derivedDrop(flow, explainFlow(policies, flow));
  }
  switch (ev.verdict) {
    case 'allowed': {
      if (!ev.matched)
        return { kind: 'allowed-by-default', source: 'flowscope', summary: ev.agent };
      const rule = ruleLines(policies, ev.matched);
      const policy = policyOf(policies, ev.matched.policy);
      return { kind: 'policy', source: 'flowscope', policy, ...(rule ? { rule } : {}) };
    }
    case 'not-selected':
      return { kind: 'allowed-by-default', source: 'flowscope', summary: ev.agent };
    case 'unknown': {
      const reason = unknownReason(ev);
      return { kind: 'unknown', source: 'flowscope', ...(reason ? { reason } : {}) };
    }
    case 'denied-by-rule':
    case 'default-deny':
      // Let through although the policies Flowscope reads would deny it: say so, no guess.
      return {
        kind: 'unknown',
        source: 'flowscope',
        reason: `Flowscope's policies give ${ev.verdict}`,
      };
  }
}

/** The deciding policy and rule of one flow, and whether Hubble or Flowscope names it. */
export function attributeFlow(policies: readonly Policy[], flow: FlowRecord): FlowDecision {
  if (flow.verdict === 'DROPPED') {
    return dropDecision(rowFacts(flow).policy, flow.dropReason ?? '', flow, (f) =>
      explainFlow(policies, f),
    );
  }
  return allowedDecision(policies, flow);
}

const MAX_CACHED = 100_000;
const cache = new WeakMap<readonly Policy[], Map<string, FlowDecision>>();

/**
 * attributeFlow, once per flow id and policy set. Unknown answers are not kept: a DNS
 * answer seen later may decide them.
 */
export function decisionOf(policies: readonly Policy[], flow: FlowRecord): FlowDecision {
  let byId = cache.get(policies);
  if (!byId) cache.set(policies, (byId = new Map()));
  const key = `${flow.id}|${flow.eventType}`;
  const hit = byId.get(key);
  if (hit) return hit;
  const d = attributeFlow(policies, flow);
  if (d.kind !== 'unknown') {
    if (byId.size >= MAX_CACHED) byId.clear();
    byId.set(key, d);
  }
  return d;
}

/** The row with its decision attached (a copy: stored rows are never changed). */
export function withDecision<T extends FlowRecord>(
  policies: readonly Policy[],
  row: T,
): T & { decidedBy: FlowDecision } {
  return { ...row, decidedBy: decisionOf(policies, row) };
}
