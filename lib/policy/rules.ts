// One row per rule of the policy view: what it is, what it allowed and denied in the
// window, and whether it matched nothing. Pure, so the counting rules are tested here.
import { queryString } from '@/lib/url-params';
import type { EdgeUsage, PolicyRuleDto, PolicyView, UsageSeries } from '@/lib/api/policy';

export interface RuleRow {
  id: string;
  direction: PolicyRuleDto['direction'];
  action: PolicyRuleDto['action'];
  lines: PolicyRuleDto['lines'];
  allowed: number;
  denied: number;
  /** Of allowed + denied, how many Hubble attributed to this policy itself. */
  reportedByHubble: number;
  /** Matched no flow in the window; empty `{}` rules never match and are not marked. */
  unused: boolean;
  unsupported: string[];
  /** The rule that decided the `?flow=` flow. */
  matchedFlow: boolean;
  /** Its busiest edges, and how many it had in all. */
  edges: EdgeUsage[];
  edgeCount: number;
  series: UsageSeries;
  /** /flows over the view's window, listing the flows this rule decided. */
  flowsHref: string;
}

const KIND_SHORT: Record<string, string> = {
  CiliumNetworkPolicy: 'cnp',
  CiliumClusterwideNetworkPolicy: 'ccnp',
  NetworkPolicy: 'netpol',
};

/** The flow filter's `--policy` value for a policy (and rule): `cnp/shop/backend-api#ingress[0]`. */
export function policyFilterValue(
  p: { kind: string; namespace: string; name: string },
  ruleId?: string,
): string {
  const kind = KIND_SHORT[p.kind];
  const ref = [kind, p.namespace || undefined, p.name].filter(Boolean).join('/');
  return ruleId ? `${ref}#${ruleId}` : ref;
}

/** /flows over a resolved window: the decision events of the policy (and rule). */
export function policyFlowsHref(
  p: { kind: string; namespace: string; name: string },
  window: { from: number; to: number },
  ruleId?: string,
): string {
  return `/flows?${queryString([
    ['from', new Date(window.from).toISOString()],
    ['to', new Date(window.to).toISOString()],
    // The events the rule's counts take: the policy verdicts that name the policy (the
    // policy view reads those, server/policies/policy-view.ts); traces and L7 events of a
    // connection repeat its verdict.
    ['q', `--policy ${policyFilterValue(p, ruleId)} --type policy-verdict`],
  ])}`;
}

export function ruleRows(view: PolicyView): RuleRow[] {
  const unused = new Set(view.unusedRules);
  return view.policy.rules.map((r) => {
    const usage = view.perRule[r.id];
    return {
      id: r.id,
      direction: r.direction,
      action: r.action,
      lines: r.lines,
      allowed: usage?.allowed ?? 0,
      denied: usage?.denied ?? 0,
      reportedByHubble: usage?.reportedByHubble ?? 0,
      unused: unused.has(r.id),
      unsupported: r.unsupported,
      matchedFlow: view.matchedRule?.ruleId === r.id,
      edges: usage?.edges ?? [],
      edgeCount: usage?.edgeCount ?? 0,
      series: usage?.series ?? { allowed: [], denied: [] },
      flowsHref: policyFlowsHref(view.policy, view.window, r.id),
    };
  });
}

/** How a policy is named for people: `namespace/name`, or the name for cluster-wide. */
export function policyLabel(p: { namespace: string; name: string }): string {
  return p.namespace ? `${p.namespace}/${p.name}` : p.name;
}

const VERDICT_TEXT: Record<string, string> = {
  allowed: 'allowed it',
  'denied-by-rule': 'denied it',
  'default-deny': 'left it to default deny',
  'not-selected': 'did not select it',
  unknown: 'could not decide it',
};

/** The matched-rule note's verb: how the rule treated the flow. */
export function matchedVerdictText(verdict: string): string {
  return VERDICT_TEXT[verdict] ?? 'decided it';
}

/**
 * Who attributed a rule's decisions: `12 reported by Hubble · 3 derived by Flowscope`, or
 * undefined when it decided nothing.
 */
export function ruleSourceText(row: Pick<RuleRow, 'allowed' | 'denied' | 'reportedByHubble'>) {
  const total = row.allowed + row.denied;
  if (total === 0) return undefined;
  const derived = total - row.reportedByHubble;
  const parts: string[] = [];
  if (row.reportedByHubble > 0) parts.push(`${row.reportedByHubble} reported by Hubble`);
  if (derived > 0) parts.push(`${derived} derived by Flowscope`);
  return parts.join(' · ');
}
