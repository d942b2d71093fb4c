// How much each rule of one policy was used in a window: flows it allowed or denied, flows
// it left to default-deny, and rules that matched nothing. Pure: the caller supplies flows.
import type { FlowRecord } from '@/lib/flow-record';
import { evaluate } from './evaluate';
import type { Policy } from './model';

export interface RuleUsage {
  allowed: number;
  denied: number;
}

export interface PolicyUsage {
  perRule: Record<string, RuleUsage>;
  /** Policy decisions dropped by default-deny this policy switched on. */
  defaultDenied: number;
  /** Rules (other than empty `{}` rules) that matched no flow. */
  unusedRules: string[];
  /** Decision flows evaluated (policy-verdict and L7 events; traces and drops would repeat). */
  evaluated: number;
}

/** Only decision events count, so one denied packet (verdict event + drop event) counts once. */
function isDecision(f: FlowRecord): boolean {
  return f.eventType === 5 || (f.eventType === 129 && f.l7 !== undefined);
}

export function policyUsage(
  policy: Policy,
  policies: readonly Policy[],
  flows: Iterable<FlowRecord>,
): PolicyUsage {
  const perRule: Record<string, RuleUsage> = {};
  for (const r of policy.rules) perRule[r.id] = { allowed: 0, denied: 0 };
  let defaultDenied = 0;
  let evaluated = 0;
  const seen = new Set<string>();
  for (const f of flows) {
    if (!isDecision(f) || seen.has(f.id)) continue;
    seen.add(f.id);
    evaluated++;
    const ev = evaluate(policies, f);
    for (const ref of ev.allowedBy) {
      const u = ref.policy === policy.id ? perRule[ref.ruleId] : undefined;
      if (u) u.allowed++;
    }
    if (ev.verdict === 'denied-by-rule' && ev.matched?.policy === policy.id) {
      const u = perRule[ev.matched.ruleId];
      if (u) u.denied++;
    }
    if (ev.verdict === 'default-deny' && ev.enforcing.includes(policy.id)) defaultDenied++;
  }
  const unusedRules = policy.rules
    .filter((r) => r.peers !== 'none')
    .filter((r) => {
      const u = perRule[r.id];
      return !u || u.allowed + u.denied === 0;
    })
    .map((r) => r.id);
  return { perRule, defaultDenied, unusedRules, evaluated };
}
