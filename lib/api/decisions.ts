// Who decided a flow, as the API says it: the rows of the /drops table (GET
// /api/timeline/drop-edges) and the `decidedBy` every flow carries in the list, the detail
// and the export. Row fields come from flows and are attacker-influenced: text only.

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

/** The decision a flow carries: the same shape as a /drops row's. */
export type FlowDecision = DropEdgeDecision;

/** What the flow filter's `--decision` takes: a decision kind, or `none` (no policy rule). */
export const DECISION_FILTER_VALUES = [
  'policy',
  'l7',
  'default-deny',
  'allowed-by-default',
  'not-policy',
  'unknown',
  'none',
] as const;
