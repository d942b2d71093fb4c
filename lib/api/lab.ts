// The policy lab's contract: a draft set is a list of changes to the policies in force, kept
// on the server (on disk with FLOWSCOPE_DATA_DIR) and tried on recorded traffic.
import type { PolicyKind } from './policy';

/** One change of a draft set: a policy document applied (added or replacing the one with
 *  its kind, namespace and name), or a policy in force removed. */
export type DraftChange =
  | { action: 'apply'; yaml: string }
  | { action: 'remove'; kind: PolicyKind; namespace: string; name: string };

export interface DraftSet {
  /** URL-safe, assigned by the server. */
  id: string;
  name: string;
  changes: DraftChange[];
  /** A staged draft is evaluated on every new flow ("would be denied by staged X"). */
  staged: boolean;
  /** Epoch ms. */
  createdAt: number;
  updatedAt: number;
  /** Who saved it last, when the request carried a user. */
  updatedBy?: string;
}

/** A problem in one applied document, at a 1-based line of its YAML. */
export interface DraftProblem {
  /** Index into DraftSet.changes. */
  change: number;
  line: number;
  column?: number;
  message: string;
}

/** A draft set as the list shows it. */
export interface DraftSummary {
  id: string;
  name: string;
  changes: number;
  staged: boolean;
  updatedAt: number;
  updatedBy?: string;
}

/** GET /api/lab/drafts. `errors`: draft files that could not be read (left on disk). */
export interface DraftListAnswer {
  drafts: DraftSummary[];
  errors: { file: string; error: string }[];
}

/** GET, POST and PUT of one draft: the draft as saved and the problems of its changes. */
export interface DraftAnswer {
  draft: DraftSet;
  problems: DraftProblem[];
}

/** POST /api/lab/validate. */
export interface ValidateAnswer {
  problems: DraftProblem[];
}

/** POST /api/lab/drafts: `from` starts the draft with the YAML of a policy in force. */
export interface DraftCreateBody {
  name: string;
  changes?: DraftChange[];
  staged?: boolean;
  from?: { kind: PolicyKind; namespace: string; name: string };
}
/** `POST /api/lab/preview`: the changes tried on the flows of a window of history. */
export interface ImpactPreviewRequest {
  /** The window, as the other routes take it (`window`, or `from`/`to`). */
  window?: string;
  from?: string;
  to?: string;
  changes: DraftChange[];
}

export type ImpactChangeKind = 'newly-denied' | 'newly-allowed' | 'rule-changed' | 'uncertain';

/** One end of an edge: a workload, or for a peer without a pod its IP or labels. */
export interface ImpactEndpoint {
  namespace: string;
  workload: string;
  /** Set when the endpoint has no workload (world, host, ...). */
  label?: string;
}

/** The changed flows of one edge, port and kind of change, with the rules on both sides. */
export interface ImpactGroup {
  /** Stable within one preview. */
  key: string;
  /** The connection's client and server (a reply counts for its connection). */
  source: ImpactEndpoint;
  destination: ImpactEndpoint;
  port?: number;
  protocol: string;
  change: ImpactChangeKind;
  count: number;
  /** RFC 3339 times of the first and last changed flow. */
  firstSeen: string;
  lastSeen: string;
  /** The deciding rule in words before and after, e.g. `CiliumNetworkPolicy/shop/x ingress[0]`. */
  oldRule: string;
  newRule: string;
  oldVerdict: 'allowed' | 'denied' | 'unknown';
  newVerdict: 'allowed' | 'denied' | 'unknown';
  /** Why a side could not decide (uncertain only). */
  reason?: string;
  /** Up to 5 flow ids, oldest first. */
  examples: string[];
}

export interface ImpactTotals {
  /** Flows read from the window (every event, the viewer's namespaces only). */
  flows: number;
  /** Decision flows evaluated (policy verdicts and L7 requests). */
  evaluated: number;
  unchanged: number;
  newlyDenied: number;
  newlyAllowed: number;
  ruleChanged: number;
  uncertain: number;
}

export interface ImpactPreview {
  /** Lists the changed flows (`GET /api/flows?preview=<id>`) while the server keeps it. */
  previewId: string;
  window: { from: number; to: number };
  totals: ImpactTotals;
  /** Largest count first. */
  groups: ImpactGroup[];
  /** The window held more flows than one preview reads; the newest were left out. */
  truncated: boolean;
  /** More flows changed than the server keeps ids of: the changed-flow list is the oldest. */
  listTruncated: boolean;
  /** Problems of the changes (a bad document, a removed policy that is not in force). */
  problems: DraftProblem[];
}

/** One NDJSON line of the preview's answer: progress lines, then a result or an error. */
export type ImpactPreviewLine =
  { progress: { done: number; total: number } } | { result: ImpactPreview } | { error: string };
/** A flow a staged draft would deny: the draft, and the rule or default deny that would. */
export interface StagedMark {
  draft: string;
  name: string;
  decidedBy: string;
}

/** `GET /api/lab/staged`: the drafts evaluated on every new flow. */
export interface StagedList {
  staged: { id: string; name: string }[];
}

/** Connections a staged draft would deny that were allowed when they happened, one per
 *  (draft, namespace of the denied endpoint, source, destination, port, protocol). */
export interface WouldDenyTuple {
  draft: string;
  namespace: string;
  /** Workloads as the map names them: `namespace/name`, or `reserved:world` etc. */
  source: string;
  destination: string;
  port?: number;
  protocol: string;
  count: number;
  /** Epoch ms of the flows. */
  firstSeen: number;
  lastSeen: number;
  exampleFlow: string;
  decidedBy: string;
}

/** `GET /api/lab/readiness`: whether a staged draft is safe to enforce in a namespace. */
export interface ReadinessAnswer {
  draft: string;
  name: string;
  /** The namespace asked for; absent for every namespace the viewer sees. */
  namespace?: string;
  /** As given, e.g. `1h`, and in ms. */
  period: string;
  periodMs: number;
  /** Epoch ms: when tracking of the draft's current revision began. */
  since: number;
  now: number;
  ready: boolean;
  reason: string;
  /** Tuples whose last flow falls within the period. */
  recent: number;
  /** Every tuple seen since `since`, newest last seen first. */
  tuples: WouldDenyTuple[];
  /** Would-be-denied flows not kept because the draft's tuple limit was reached. */
  overflow: number;
}
