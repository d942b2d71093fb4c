// What a proposed policy set would change: each decision flow of a capture (policy-verdict
// events and L7 requests; traces and drop notifications repeat a decision already counted)
// is evaluated under a baseline and under the proposal, and the flows whose verdict or
// deciding rule differ are listed. The baseline is another policy set, or what the flows
// themselves report (Hubble's verdict and the policies it named).
//
// toFQDNs rules are judged as the server judges them: by the DNS answers seen so far, fed
// from the capture itself in time order (an answer seen after a connection does not decide
// it). Pure: the process-wide DNS index is left as it was.
import 'server-only';
import type { FlowEndpoint, FlowRecord, PolicyRef } from '@/lib/api/flow-record';
import type { Evaluation } from '@/lib/api/policy';
import type { AgentSettings } from './agent-settings';
import { agentSettings } from './agent-settings';
import { DnsAnswers, withDnsAnswers } from './dns-answers';
import { evaluate, reportedVerdict } from './evaluate';
import { flowContext } from './flow-context';
import { policyId } from './model';
import type { Policy } from './model';

export type WhatIfChangeKind = 'newly-denied' | 'newly-allowed' | 'rule-changed' | 'uncertain';

export type VerdictClass = 'allowed' | 'denied' | 'unknown';

export interface WhatIfSide {
  verdict: VerdictClass;
  /** The deciding policy and rule in words, e.g. `CiliumNetworkPolicy/shop/backend-api ingress[0]`. */
  decidedBy: string;
}

export interface WhatIfEndpoint {
  namespace: string;
  pod: string;
  workload: string;
  ip: string;
  /** DNS names Cilium knew for the IP, when any. */
  names?: string[];
  /** The endpoint's labels, for peers without a pod (world, host, ...). */
  labels?: string[];
}

export interface WhatIfChange {
  uuid: string;
  time: string;
  /** The connection's client (a reply's destination). */
  source: WhatIfEndpoint;
  destination: WhatIfEndpoint;
  port?: number;
  protocol: string;
  change: WhatIfChangeKind;
  old: WhatIfSide;
  new: WhatIfSide;
  /** Why a side could not decide (uncertain changes only). */
  reason?: string;
}

export interface WhatIfSummary {
  /** Distinct flows read. */
  flows: number;
  /** Decision flows evaluated. */
  evaluated: number;
  unchanged: number;
  newlyDenied: number;
  newlyAllowed: number;
  ruleChanged: number;
  uncertain: number;
}

export interface WhatIfResult {
  /** In time order. */
  changes: WhatIfChange[];
  summary: WhatIfSummary;
}

export interface WhatIfInput {
  flows: Iterable<FlowRecord>;
  /** The policies in force, or `reported`: the verdicts and policies the flows report. */
  baseline: readonly Policy[] | 'reported';
  proposed: readonly Policy[];
  settings?: AgentSettings;
}

const POLICY_VERDICT_EVENT = 5;
const L7_EVENT = 129;

/** Whether the flow carries a policy decision of its own (see self-check.ts). */
export function isDecisionFlow(flow: FlowRecord): boolean {
  if (flow.eventType === POLICY_VERDICT_EVENT) return true;
  // The proxy decides on the request; its response repeats that decision.
  return flow.eventType === L7_EVENT && flow.l7 !== undefined && flow.l7.type !== 'RESPONSE';
}

/** Who decided, for comparing two sides; `none` when a side cannot name it. */
type Decider =
  | { kind: 'none' }
  | { kind: 'rule'; policy: string; ruleId: string }
  | { kind: 'policies'; ids: string[] }
  | { kind: 'other'; key: string };

interface Side extends WhatIfSide {
  decider: Decider;
  /** Why the side is unknown. */
  reasons?: string[];
  evaluation?: Evaluation;
}

function policyLabel(kind: string, namespace: string, name: string): string {
  return [kind, namespace, name].filter(Boolean).join('/');
}

function ruleText(policies: readonly Policy[], id: string, ruleId: string): string {
  const p = policies.find((x) => x.id === id);
  return `${p ? policyLabel(p.kind, p.namespace, p.name) : id} ${ruleId}`;
}

function evaluatedSide(policies: readonly Policy[], ev: Evaluation): Side {
  switch (ev.verdict) {
    case 'allowed':
    case 'denied-by-rule': {
      const verdict = ev.verdict === 'allowed' ? 'allowed' : 'denied';
      if (ev.matched) {
        const { policy, ruleId } = ev.matched;
        const decider: Decider = { kind: 'rule', policy, ruleId };
        return { verdict, decidedBy: ruleText(policies, policy, ruleId), decider, evaluation: ev };
      }
      const key = ev.agent ?? 'agent';
      return {
        verdict,
        decidedBy: `allowed by the agent (${key})`,
        decider: { kind: 'other', key },
        evaluation: ev,
      };
    }
    case 'not-selected': {
      const decidedBy = ev.agent
        ? `allowed by the agent (${ev.agent})`
        : 'no policy enforces (allowed)';
      const decider: Decider = { kind: 'other', key: ev.agent ?? 'not-selected' };
      return { verdict: 'allowed', decidedBy, decider, evaluation: ev };
    }
    case 'default-deny': {
      const by = ev.enforcing.map((id) => {
        const p = policies.find((x) => x.id === id);
        return p ? policyLabel(p.kind, p.namespace, p.name) : id;
      });
      const decidedBy =
        by.length > 0
          ? `default deny (enforced by ${by.join(', ')})`
          : `default deny (${ev.agent ?? 'no rule allows it'})`;
      return {
        verdict: 'denied',
        decidedBy,
        decider: { kind: 'other', key: 'default-deny' },
        evaluation: ev,
      };
    }
    case 'unknown':
      return {
        verdict: 'unknown',
        decidedBy: 'unknown',
        decider: { kind: 'none' },
        reasons: ev.unsupported ?? [],
        evaluation: ev,
      };
  }
}

/** Hubble names a policy by kind, namespace and name; older agents leave the kind empty. */
function refIds(refs: readonly PolicyRef[], policies: readonly Policy[]): string[] {
  return refs.map((r) => {
    if (r.kind) return policyId(r.kind, r.namespace, r.name);
    const found = policies.find((p) => p.namespace === r.namespace && p.name === r.name);
    return found?.id ?? policyId('?', r.namespace, r.name);
  });
}

function refsText(refs: readonly PolicyRef[]): string {
  return refs.map((r) => policyLabel(r.kind, r.namespace, r.name)).join(', ');
}

/** The side a flow reports: its Hubble verdict, and the policies Hubble named for it. */
function reportedSide(flow: FlowRecord, proposed: readonly Policy[]): Side {
  const verdict = reportedVerdict(flow);
  const ingress = flow.direction === 'INGRESS';
  const named = (refs: PolicyRef[], cls: 'allowed' | 'denied'): Side =>
    refs.length > 0
      ? {
          verdict: cls,
          decidedBy: refsText(refs),
          decider: { kind: 'policies', ids: refIds(refs, proposed) },
        }
      : { verdict: cls, decidedBy: 'unknown', decider: { kind: 'none' } };
  switch (verdict) {
    case 'allowed':
      return named(ingress ? flow.ingressAllowedBy : flow.egressAllowedBy, 'allowed');
    case 'denied-by-rule':
      return named(ingress ? flow.ingressDeniedBy : flow.egressDeniedBy, 'denied');
    case 'default-deny':
      return {
        verdict: 'denied',
        decidedBy: 'default deny',
        decider: { kind: 'other', key: 'default-deny' },
      };
    default: {
      const why = flow.dropReason ? `${flow.verdict} (${flow.dropReason})` : flow.verdict;
      return {
        verdict: 'unknown',
        decidedBy: 'unknown',
        decider: { kind: 'none' },
        reasons: [`Hubble reported ${why || 'no verdict'}, not a policy decision`],
      };
    }
  }
}

function sameDecider(a: Decider, b: Decider): boolean {
  if (a.kind === 'none' || b.kind === 'none') return true;
  if (a.kind === 'policies') return b.kind === 'rule' && a.ids.includes(b.policy);
  if (b.kind === 'policies') return sameDecider(b, a);
  if (a.kind === 'rule') return b.kind === 'rule' && a.policy === b.policy && a.ruleId === b.ruleId;
  return b.kind === 'other' && a.key === b.key;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/**
 * Two unknown evaluations that would resolve alike: the same unread constructs, in policies
 * whose YAML is the same on both sides, with the same allowing rules and enforcing policies.
 */
function sameUnknown(
  a: Evaluation,
  b: Evaluation,
  base: readonly Policy[],
  proposed: readonly Policy[],
): boolean {
  const ua = a.unsupported ?? [];
  if (!sameList(ua, b.unsupported ?? [])) return false;
  const refs = (ev: Evaluation) => ev.allowedBy.map((r) => `${r.policy}#${r.ruleId}`);
  if (!sameList(refs(a), refs(b)) || !sameList(a.enforcing, b.enforcing)) return false;
  if (!sameList(a.selecting, b.selecting)) return false;
  const ids = new Set(ua.map((u) => u.split(': ')[0] ?? ''));
  for (const id of ids) {
    if (base.find((p) => p.id === id)?.yaml !== proposed.find((p) => p.id === id)?.yaml) {
      return false;
    }
  }
  return true;
}

function classify(
  old: Side,
  next: Side,
  base: readonly Policy[] | 'reported',
  proposed: readonly Policy[],
): { change?: WhatIfChangeKind; reason?: string } {
  if (old.verdict === 'unknown' || next.verdict === 'unknown') {
    if (
      old.evaluation &&
      next.evaluation &&
      base !== 'reported' &&
      sameUnknown(old.evaluation, next.evaluation, base, proposed)
    ) {
      return {};
    }
    const parts = [
      ...(old.reasons ?? []).map((r) => `baseline: ${r}`),
      ...(next.reasons ?? []).map((r) => `proposed: ${r}`),
    ];
    return { change: 'uncertain', reason: parts.join('; ') };
  }
  if (old.verdict !== next.verdict) {
    return { change: next.verdict === 'denied' ? 'newly-denied' : 'newly-allowed' };
  }
  return sameDecider(old.decider, next.decider) ? {} : { change: 'rule-changed' };
}

function endpointOf(ep: FlowEndpoint): WhatIfEndpoint {
  const out: WhatIfEndpoint = {
    namespace: ep.namespace,
    pod: ep.pod,
    workload: ep.workloads[0]?.name ?? '',
    ip: ep.ip,
  };
  if (ep.names.length > 0) out.names = ep.names;
  if (!ep.pod && ep.labels.length > 0) out.labels = ep.labels;
  return out;
}

function publicSide(s: Side): WhatIfSide {
  return { verdict: s.verdict, decidedBy: s.decidedBy };
}

/** Flows in time order (RFC 3339 with nanoseconds sorts as text), each id once. */
function inTimeOrder(flows: Iterable<FlowRecord>): FlowRecord[] {
  const seen = new Set<string>();
  const out: FlowRecord[] = [];
  for (const f of flows) {
    if (seen.has(f.id)) continue;
    seen.add(f.id);
    out.push(f);
  }
  return out.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}

/** The summary counter of each change kind. */
export const CHANGE_COUNTER = {
  'newly-denied': 'newlyDenied',
  'newly-allowed': 'newlyAllowed',
  'rule-changed': 'ruleChanged',
  uncertain: 'uncertain',
} as const;

/**
 * Compares one flow under the baseline and the proposal: undefined for a flow that carries no
 * decision of its own, `unchanged` when both sides decide alike, else the change. Evaluates
 * against the DNS index in place (see withDnsAnswers); the caller feeds it in time order.
 */
export function compareFlow(
  flow: FlowRecord,
  baseline: readonly Policy[] | 'reported',
  proposed: readonly Policy[],
  settings: AgentSettings,
): WhatIfChange | 'unchanged' | undefined {
  if (!isDecisionFlow(flow)) return undefined;
  const old =
    baseline === 'reported'
      ? reportedSide(flow, proposed)
      : evaluatedSide(baseline, evaluate(baseline, flow, settings));
  const next = evaluatedSide(proposed, evaluate(proposed, flow, settings));
  const { change, reason } = classify(old, next, baseline, proposed);
  if (!change) return 'unchanged';
  const reply = flow.isReply === true;
  const port = flowContext(flow)?.port ?? (reply ? flow.source.port : flow.destination.port);
  return {
    uuid: flow.id,
    time: flow.time,
    source: endpointOf(reply ? flow.destination : flow.source),
    destination: endpointOf(reply ? flow.source : flow.destination),
    ...(port !== undefined ? { port } : {}),
    protocol: flow.protocol,
    change,
    old: publicSide(old),
    new: publicSide(next),
    ...(reason ? { reason } : {}),
  };
}

export function emptySummary(flows: number): WhatIfSummary {
  return {
    flows,
    evaluated: 0,
    unchanged: 0,
    newlyDenied: 0,
    newlyAllowed: 0,
    ruleChanged: 0,
    uncertain: 0,
  };
}

export function whatIf(input: WhatIfInput): WhatIfResult {
  const { baseline, proposed } = input;
  const settings = input.settings ?? agentSettings();
  const flows = inTimeOrder(input.flows);
  const summary = emptySummary(flows.length);
  const changes: WhatIfChange[] = [];
  const dns = new DnsAnswers();
  withDnsAnswers(dns, () => {
    for (const flow of flows) {
      dns.observe(flow);
      const c = compareFlow(flow, baseline, proposed, settings);
      if (c === undefined) continue;
      summary.evaluated++;
      if (c === 'unchanged') {
        summary.unchanged++;
        continue;
      }
      summary[CHANGE_COUNTER[c.change]]++;
      changes.push(c);
    }
  });
  return { changes, summary };
}
