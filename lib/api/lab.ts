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
