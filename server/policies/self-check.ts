// The live self-check: for each policy-verdict event in which Hubble reports the verdict and
// names the deciding policies, does Flowscope's own evaluation say the same? Agreement is
// the verdict class (allowed / denied by a rule) and the policies: the deciding policy
// Flowscope names is among Hubble's, and every policy Hubble names is one Flowscope found
// allowing or denying the flow. An evaluation that cannot decide leaves the event unconfirmed.
import 'server-only';
import type { FlowRecord, PolicyRef } from '@/lib/api/flow-record';
import { evaluate, reportedVerdict } from './evaluate';
import { policyId } from './model';
import type { Policy } from './model';
import type { CheckResult, CheckedFlow, Evaluation, SelfCheck } from '@/lib/api/policy';
import { EVENT_POLICY_VERDICT } from '@/lib/api/flow-record';

/** Disagreements and unconfirmed events listed per answer; the rest are only counted. */
export const MAX_LISTED = 50;

function refsOf(flow: FlowRecord, direction: 'ingress' | 'egress'): PolicyRef[] {
  return direction === 'ingress'
    ? [...flow.ingressAllowedBy, ...flow.ingressDeniedBy]
    : [...flow.egressAllowedBy, ...flow.egressDeniedBy];
}

/** Hubble names a policy by kind, namespace and name; older agents leave the kind empty. */
function hubbleIds(refs: readonly PolicyRef[], policies: readonly Policy[]): string[] {
  return refs.map((r) => {
    if (r.kind) return policyId(r.kind, r.namespace, r.name);
    const found = policies.find((p) => p.namespace === r.namespace && p.name === r.name);
    return found?.id ?? policyId('?', r.namespace, r.name);
  });
}

function flowscopePolicies(ev: Evaluation): string[] {
  if (ev.verdict === 'denied-by-rule') return ev.matched ? [ev.matched.policy] : [];
  return [...new Set(ev.allowedBy.map((r) => r.policy))];
}

/** The event Hubble reported with its deciding policies, or undefined when it is not one. */
function reportedDecision(
  flow: FlowRecord,
  policies: readonly Policy[],
): CheckedFlow['hubble'] | undefined {
  if (flow.eventType !== EVENT_POLICY_VERDICT) return undefined;
  const verdict = reportedVerdict(flow);
  const direction = flow.direction === 'INGRESS' ? 'ingress' : 'egress';
  if (verdict !== 'allowed' && verdict !== 'denied-by-rule') return undefined;
  const refs = refsOf(flow, direction);
  if (refs.length === 0) return undefined;
  return { verdict, policies: hubbleIds(refs, policies) };
}

/** Checks one flow; undefined when Hubble reported no verdict with deciding policies. */
export function checkFlow(
  policies: readonly Policy[],
  flow: FlowRecord,
): { result: CheckResult; checked: CheckedFlow } | undefined {
  if (flow.direction !== 'INGRESS' && flow.direction !== 'EGRESS') return undefined;
  const hubble = reportedDecision(flow, policies);
  if (!hubble) return undefined;
  const ev = evaluate(policies, flow);
  const checked: CheckedFlow = {
    flowId: flow.id,
    ts: flow.ts,
    direction: flow.direction === 'INGRESS' ? 'ingress' : 'egress',
    hubble,
    flowscope: {
      verdict: ev.verdict,
      policies: flowscopePolicies(ev),
      ...(ev.unsupported ? { unsupported: ev.unsupported } : {}),
    },
  };
  if (ev.verdict === 'unknown') return { result: 'unconfirmed', checked };
  const sameVerdict = ev.verdict === hubble.verdict;
  const deciding = ev.matched?.policy;
  const samePolicies =
    deciding !== undefined &&
    hubble.policies.includes(deciding) &&
    hubble.policies.every((p) => checked.flowscope.policies.includes(p));
  return { result: sameVerdict && samePolicies ? 'agreed' : 'disagreed', checked };
}

export function selfCheck(policies: readonly Policy[], flows: Iterable<FlowRecord>): SelfCheck {
  const out: SelfCheck = {
    compared: 0,
    agreed: 0,
    disagreed: 0,
    unconfirmed: 0,
    disagreements: [],
    unconfirmedFlows: [],
  };
  const seen = new Set<string>();
  for (const flow of flows) {
    if (seen.has(flow.id)) continue;
    seen.add(flow.id);
    const c = checkFlow(policies, flow);
    if (!c) continue;
    out.compared++;
    out[c.result]++;
    if (c.result === 'disagreed' && out.disagreements.length < MAX_LISTED)
      out.disagreements.push(c.checked);
    if (c.result === 'unconfirmed' && out.unconfirmedFlows.length < MAX_LISTED)
      out.unconfirmedFlows.push(c.checked);
  }
  return out;
}

/** Running totals of the self-check over every flow ingested, for /metrics. */
export class SelfCheckCounters {
  readonly totals: Record<CheckResult, number> = { agreed: 0, disagreed: 0, unconfirmed: 0 };

  observe(policies: readonly Policy[], flow: FlowRecord): void {
    if (flow.eventType !== EVENT_POLICY_VERDICT) return;
    const c = checkFlow(policies, flow);
    if (c) this.totals[c.result]++;
  }
}
