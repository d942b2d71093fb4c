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
