// Shapes of the policy routes, as the server answers them and the browser reads them. The
// server's policy modules build these; the evaluator's own model stays in server/policies.
import type { UsageSeries } from '@/lib/policy/series';

export type { UsageSeries };

export type PolicyKind = 'CiliumNetworkPolicy' | 'CiliumClusterwideNetworkPolicy' | 'NetworkPolicy';

export type Direction = 'ingress' | 'egress';

/** 1-based, inclusive line numbers inside `Policy.yaml`. */
export interface LineRange {
  start: number;
  end: number;
}

/**
 * A place where Cilium enforces a policy differently from the Kubernetes spec. Flowscope
 * predicts what Cilium does; explanations say that the spec says otherwise.
 */
export interface SpecDeparture {
  direction: Direction;
  /** The rule it concerns; absent when it concerns the whole direction. */
  ruleId?: string;
  text: string;
  /** The Cilium issue that tracks it, e.g. `cilium/cilium#48703`. */
  issue?: string;
}

export interface PolicyListItem {
  id: string;
  kind: PolicyKind;
  namespace: string;
  name: string;
  revision?: string;
  rules: number;
  /**
   * Every construct of the policy the evaluator does not evaluate, by path
   * (`egress[0].toGroups`), once each: flows these decide stay "unknown".
   */
  unsupported: string[];
}

/** The agent setting an evaluation rests on, named as the agent's flag says it. */
export type AgentDecision =
  'allow-localhost=always' | 'enable-policy=always' | 'enable-policy=never';

export type PolicyVerdict =
  | 'allowed'
  | 'denied-by-rule'
  | 'default-deny'
  /** No policy puts the subject into default-deny in this direction: allowed by default. */
  | 'not-selected'
  | 'unknown';

export interface RuleRef {
  /** `Policy.id`. */
  policy: string;
  ruleId: string;
}

export interface Evaluation {
  verdict: PolicyVerdict;
  direction?: Direction;
  /** The deciding rule: the deny rule, or the first allow rule that admits the flow. */
  matched?: RuleRef;
  /** Every allow rule that admits the flow (several policies may allow one connection). */
  allowedBy: RuleRef[];
  /** Ids of the policies that select the subject endpoint in the flow's direction. */
  selecting: string[];
  /** Ids of the selecting policies that put the subject into default-deny in this direction. */
  enforcing: string[];
  /** Constructs that kept the evaluator from deciding, as `<policy id>: <rule path>`. */
  unsupported?: string[];
  /** The agent setting that decided, when no policy rule did. */
  agent?: AgentDecision;
}

export type CheckResult = 'agreed' | 'disagreed' | 'unconfirmed';

export interface CheckedFlow {
  flowId: string;
  ts: number;
  direction: 'ingress' | 'egress';
  hubble: { verdict: PolicyVerdict; policies: string[] };
  flowscope: { verdict: PolicyVerdict; policies: string[]; unsupported?: string[] };
}

export interface SelfCheck {
  /** Policy-verdict events whose verdict and deciding policies Hubble reported. */
  compared: number;
  agreed: number;
  disagreed: number;
  /** Events Flowscope could not decide (constructs it does not evaluate, unknown peers). */
  unconfirmed: number;
  disagreements: CheckedFlow[];
  unconfirmedFlows: CheckedFlow[];
}

export interface PolicyName {
  id: string;
  kind: PolicyKind;
  namespace: string;
  name: string;
}

export interface RuleDescription extends PolicyName {
  ruleId: string;
  action: 'allow' | 'deny';
  lines: LineRange;
}

export interface NearestRule extends RuleDescription {
  /** Parts of the rule the flow satisfies, out of `parts`. */
  score: number;
  parts: number;
  /** Plain words for each part that did not hold. */
  differences: string[];
}

export interface FlowExplanation {
  flowId: string;
  reported: { verdict: string; dropReason?: string; policies: string[] };
  direction?: 'ingress' | 'egress';
  subject?: string;
  peer?: string;
  evaluation: Evaluation;
  /** Does the evaluation agree with what the flow reported (undefined: not a policy event)? */
  agrees?: boolean;
  selecting: PolicyName[];
  decidingRule?: RuleDescription;
  /** For flows no rule allows: the closest allow rules, best first. */
  nearest: NearestRule[];
  /** Where Cilium, and so this answer, departs from the Kubernetes spec for this flow. */
  specNotes: SpecDeparture[];
  /**
   * The self-check of this flow: Hubble named the deciding policies and Flowscope agreed or
   * disagreed, or could not decide ('unconfirmed'); 'not-reported' when Hubble named none,
   * so the deciding rule is Flowscope's own reading.
   */
  confirmation: CheckResult | 'not-reported';
  summary: string;
}

export interface PolicyRuleDto {
  id: string;
  direction: 'ingress' | 'egress';
  action: 'allow' | 'deny';
  lines: LineRange;
  unsupported: string[];
}

export interface PolicyDto {
  id: string;
  kind: PolicyKind;
  namespace: string;
  name: string;
  revision?: string;
  source: string;
  yaml: string;
  rules: PolicyRuleDto[];
}

/** One service-map edge a rule decided flows on, named as the map names it. */
export interface EdgeUsage {
  /** `edgeIdOf(source, target, port, protocol)`, the id `/map?edge=` selects. */
  id: string;
  source: string;
  target: string;
  port: number;
  protocol: string;
  allowed: number;
  denied: number;
}

export interface RuleUsage {
  allowed: number;
  denied: number;
  /**
   * Of allowed + denied, the decisions Hubble itself attributed to this policy (its
   * policy-verdict fields); the rest are Flowscope's evaluation.
   */
  reportedByHubble: number;
  /** The busiest edges (allowed + denied), at most MAX_RULE_EDGES, busiest first. */
  edges: EdgeUsage[];
  /** Distinct edges the rule decided flows on; above edges.length when the list was cut. */
  edgeCount: number;
  /** Allowed/denied per bucket of PolicyUsage.bucketMs from PolicyUsage.seriesFrom. */
  series: UsageSeries;
}

export interface PolicyUsage {
  perRule: Record<string, RuleUsage>;
  /** Policy decisions dropped by default-deny this policy switched on. */
  defaultDenied: number;
  /** Rules (other than empty `{}` rules) that matched no flow. */
  unusedRules: string[];
  /** Decision flows evaluated (policy-verdict and L7 events; traces and drops would repeat). */
  evaluated: number;
  /** Start of every rule's first bucket, epoch ms: the window's `from` when one was given. */
  seriesFrom: number;
  /** Width of one series bucket, ms. */
  bucketMs: number;
}

/** GET /api/policies/self-check. */
export interface SelfCheckAnswer extends SelfCheck {
  window: { from: number; to: number };
  /** The server stopped reading before the start of the window. */
  truncated: boolean;
}

/** GET /api/policies. */
export interface PolicyList {
  policies: PolicyListItem[];
  /** Problems the policy source met while reading (bad YAML, API errors). */
  errors: string[];
}

/** GET /api/policies/<kind>/<namespace or _>/<name>. */
export interface PolicyView extends PolicyUsage {
  policy: PolicyDto;
  /** The rule of this policy that decided the `?flow=` flow; null without one. */
  matchedRule: { ruleId: string; verdict: string } | null;
  /**
   * For the `?flow=` flow: whether this policy selects its endpoint (the destination at
   * ingress, the source at egress) and puts it into default deny in that direction.
   */
  flowEndpoint?: { direction: 'ingress' | 'egress'; selects: boolean; enforcing: boolean };
  /** The resolved window, epoch ms. */
  window: { from: number; to: number };
  /** The server stopped scanning before the end of the window. */
  truncated: boolean;
}

/** The part of a policy reference a link needs. */
export interface PolicyKeyParts {
  kind: string;
  /** '' (or '_') for cluster-wide policies. */
  namespace: string;
  name: string;
}
