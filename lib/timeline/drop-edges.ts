// The dropped-edges table of /drops (its API contract is lib/api/decisions.ts): the
// words each row's decision is shown in, and the links a row opens. Row fields come from
// flows and are attacker-influenced: everything here is for text nodes and encoded links.
import { flowPath, policyPath, policyRulePath } from '@/lib/flow-detail/links';
import { windowPairs, type TimeWindow } from '@/lib/time-window/time-window';
import { queryString } from '@/lib/url-params';
import type { DropEdgeDecision, DropEdgePolicy, DropEdgeRow } from '@/lib/api/decisions';

export function policyLabel(p: DropEdgePolicy): string {
  return p.namespace ? `${p.namespace}/${p.name}` : p.name;
}

/** The decision as one line of plain words, e.g. `shop/backend-deny · rule egress[0] (deny)`. */
export function decisionText(d: DropEdgeDecision): string {
  const rule = d.rule ? ` · rule ${d.rule.ruleId}` : '';
  switch (d.kind) {
    case 'policy':
      return d.policy ? `${policyLabel(d.policy)}${rule}` : 'a policy rule';
    case 'l7':
      return d.policy ? `L7 rule of ${policyLabel(d.policy)}${rule}` : 'an L7 rule';
    case 'default-deny': {
      const by = (d.enforcing ?? []).map(policyLabel);
      return by.length > 0 ? `default deny (selected by ${by.join(', ')})` : 'default deny';
    }
    case 'not-policy':
      return 'not a policy decision';
    case 'unknown':
      return d.reason ? `could not be confirmed: ${d.reason}` : 'Flowscope cannot decide';
    case 'allowed-by-default':
      return d.summary ? `allowed by the agent (${d.summary})` : 'no policy enforces (allowed)';
  }
}

export function sourceText(d: DropEdgeDecision): string {
  return d.source === 'hubble' ? 'reported by Hubble' : 'derived by Flowscope';
}

/** The policy page of the row's policy, opened on the example flow and its rule. */
export function decisionPolicyHref(row: DropEdgeRow): string | undefined {
  const p = row.decision.policy;
  if (!p) return undefined;
  const rule = row.decision.rule;
  return rule
    ? policyRulePath(p, rule.ruleId, row.exampleFlowId)
    : policyPath(p, row.exampleFlowId);
}

/** /flows listing the row's flows, in the same window. */
export function rowFlowsHref(row: DropEdgeRow, w: TimeWindow): string {
  const pairs: [string, string][] = [...windowPairs(w)];
  if (row.flowsFilter) pairs.push(['q', row.flowsFilter]);
  return `/flows?${queryString(pairs)}`;
}

/** The explanation of the row's example flow. */
export function rowExplanationHref(row: DropEdgeRow): string | undefined {
  return row.exampleFlowId ? flowPath(row.exampleFlowId) : undefined;
}

/** The suggested fix of the row's example flow, for drops a missing allow rule caused. */
export function rowSuggestionHref(row: DropEdgeRow): string | undefined {
  if (!row.exampleFlowId) return undefined;
  if (row.decision.kind !== 'default-deny' && row.decision.kind !== 'l7') return undefined;
  return `${flowPath(row.exampleFlowId)}#suggest-fix`;
}

/** `shop/frontend → shop/backend:8080/TCP`. */
export function edgeText(row: Pick<DropEdgeRow, 'source' | 'destination' | 'port' | 'protocol'>) {
  const port = row.port !== undefined ? `:${row.port}` : '';
  const proto = row.protocol ? `/${row.protocol}` : '';
  return `${row.source} → ${row.destination}${port}${proto}`;
}

export function dropEdgesPath(w: TimeWindow, filterPairs: [string, string][]): string {
  return `/api/timeline/drop-edges?${queryString([...windowPairs(w), ...filterPairs])}`;
}
