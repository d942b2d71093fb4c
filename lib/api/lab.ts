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
