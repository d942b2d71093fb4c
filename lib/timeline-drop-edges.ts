// The dropped-edges table of /drops: its API contract (GET /api/timeline/drop-edges), the
// words each row's decision is shown in, and the links a row opens. Row fields come from
// flows and are attacker-influenced: everything here is for text nodes and encoded links.
import { flowPath, policyPath, policyRulePath } from './flow-detail-links';
import { windowPairs, type TimeWindow } from './time-window';
import { queryString } from './url-params';

export interface DropEdgePolicy {
  kind: string;
  namespace: string;
  name: string;
}

export interface DropEdgeRule {
  ruleId: string;
  action: 'allow' | 'deny';
  lines: { start: number; end: number };
}

export interface DropEdgeDecision {
  /**
   * `policy`: a policy's rule denied it; `l7`: the L7 proxy denied a request (the rule is
   * the L7 rule it missed, or a deny rule); `default-deny`: no rule allowed it where a
   * policy enforces; `not-policy`: a datapath drop that is no policy decision; `unknown`:
   * Flowscope could not decide; `allowed-by-default` (flows let through only): no policy
   * enforces the direction, or an agent setting allowed it (in `summary`).
   */
  kind: 'policy' | 'l7' | 'default-deny' | 'not-policy' | 'unknown' | 'allowed-by-default';
  /** `hubble`: named by Hubble's own fields; `flowscope`: derived by Flowscope's evaluator. */
  source: 'hubble' | 'flowscope';
  policy?: DropEdgePolicy;
  rule?: DropEdgeRule;
  /** For L7 denials: what the request lacked for the nearest L7 rule. */
  differences?: string[];
  /** For default deny: the policies that put the endpoint into default deny. */
  enforcing?: DropEdgePolicy[];
  summary?: string;
  /** Why Flowscope could not decide, e.g. `no DNS answer seen for backup.example`. */
  reason?: string;
}

export interface DropEdgeRow {
  id: string;
  /** Service-map node ids (`shop/frontend`, `reserved:world:api.example.com`). */
  source: string;
  destination: string;
  port?: number;
  protocol: string;
  /** Hubble's DropReason name ('' when the flow gave none). */
  reason: string;
  /** The L7 request (method and normalised path, or DNS name) for unattributed L7 drops. */
  l7?: string;
  decision: DropEdgeDecision;
  count: number;
  first: number;
  last: number;
  /** A flow of the row (its last seen), whose explanation the row opens. */
  exampleFlowId?: string;
  /** `hubble observe` flags listing the row's flows on /flows. */
  flowsFilter?: string;
}

export interface DropEdgesAnswer {
  window: { from: number; to: number };
  /** Every counted drop of the window and filter: the timeline's drop total. */
  total: number;
  rows: DropEdgeRow[];
  /** Groups left out of `rows` (the smallest), when there were more than the limit. */
  omitted: number;
  omittedCount: number;
}

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

/** `shop/frontend → shop/backend:8080/TCP`. */
export function edgeText(row: Pick<DropEdgeRow, 'source' | 'destination' | 'port' | 'protocol'>) {
  const port = row.port !== undefined ? `:${row.port}` : '';
  const proto = row.protocol ? `/${row.protocol}` : '';
  return `${row.source} → ${row.destination}${port}${proto}`;
}

export function dropEdgesPath(w: TimeWindow, filterPairs: [string, string][]): string {
  return `/api/timeline/drop-edges?${queryString([...windowPairs(w), ...filterPairs])}`;
}
