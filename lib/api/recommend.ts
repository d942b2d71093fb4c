// The answer of GET /api/recommend: the smallest policy change that allows dropped traffic,
// the flows that justify each proposed rule, and what the change would newly allow beyond
// the traffic it was made for ("wider than observed"), checked by re-evaluating the window.

/** The flows behind one proposed rule. */
export interface Provenance {
  /** Decisions (a verdict event and its drop notification count once). */
  count: number;
  /** RFC 3339, as Hubble prints it. */
  firstSeen: string;
  lastSeen: string;
  /** Up to 5 flow ids, newest first. */
  exampleIds: string[];
}

/** One rule the proposal adds. */
export interface ProposedRule {
  /** The side that denied: ingress of the destination, egress of the source. */
  direction: 'ingress' | 'egress';
  /** The denied endpoint's workload, `namespace/name`. */
  subject: string;
  /** The peer in words: `shop/frontend`, `entity host`, `fqdn api.example.com`, `cidr 1.1.1.1/32`. */
  peer: string;
  /** `8080/TCP`, ...; empty: every port (a protocol without ports). */
  ports: string[];
  /** HTTP requests allowed, exact as seen (the denial was an L7 one). */
  http?: { method: string; path: string }[];
  /** The rule as it is written into the policy (one YAML list item). */
  yaml: string;
  flows: Provenance;
  /** Added on the peer's side too: the peer's policies would deny it once this side allows it. */
  companion?: boolean;
}

/** A change to one policy: rules added to an existing one, or a new one. */
export interface PolicyChange {
  action: 'add-rules' | 'create';
  /** `CiliumNetworkPolicy/<namespace>/<name>`. */
  policyId: string;
  namespace: string;
  name: string;
  /** The file a GitOps repository keeps it in, for the patch. */
  file: string;
  /** The policy's YAML before ('' when created) and after. */
  before: string;
  after: string;
  /** Unified diff of `file`. */
  diff: string;
  rules: ProposedRule[];
}

/** A flow of the window the proposal newly allows that it was not made for. */
export interface WiderFlow {
  flowId: string;
  time: string;
  source: string;
  destination: string;
  port?: number;
  protocol: string;
  /** The proposed rule that allows it. */
  decidedBy: string;
}

/** Endpoints of the window a proposed selector selects besides the observed ones. */
export interface WiderSelector {
  selector: string;
  /** Workloads (`namespace/name`) it would also select. */
  alsoSelects: string[];
}

export interface Verification {
  /** Decisions of the target traffic in the window. */
  targets: number;
  /** Of them, allowed under the proposal. */
  fixed: number;
  /** Target decisions still not allowed, with why. */
  unresolved: { flowId: string; reason: string }[];
  /** Other flows the proposal newly allows ("wider than observed"). */
  wider: WiderFlow[];
  widerCount: number;
  widerSelectors: WiderSelector[];
  /** Flows whose verdict stays but whose deciding rule changes. */
  ruleChanged: number;
  /** Flows the proposal would newly deny (should be none). */
  newlyDenied: number;
}

/** Dropped traffic the proposal leaves out, and why. */
export interface SkippedTraffic {
  reason: string;
  count: number;
  exampleIds: string[];
}

export interface RecommendTarget {
  flowId?: string;
  /** `namespace/name`, or a namespace alone. */
  workload?: string;
  from: number;
  to: number;
  /** Traffic first seen at or after this time (epoch ms) is `new`, not folded in. */
  stableBefore?: number;
}

export interface RecommendAnswer {
  target: RecommendTarget;
  /** `proposal`: changes below; `nothing`: no drop a missing allow rule caused. */
  status: 'proposal' | 'nothing';
  /** One sentence for people. */
  summary: string;
  changes: PolicyChange[];
  /** Every changed or created policy, `---` separated, for `kubectl apply -f -`. */
  yaml: string;
  /** The unified diffs of every change, for a GitOps repository. */
  patch: string;
  verification: Verification;
  /** Traffic first seen after `stableBefore`: proposed rules not folded in. */
  newTraffic: ProposedRule[];
  skipped: SkippedTraffic[];
  /** Caveats about the proposal, in words (e.g. a toFQDNs rule needs its DNS lookup seen). */
  notes: string[];
}
