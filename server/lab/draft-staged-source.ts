// The staged drafts of the lab's draft store: every draft marked staged, its changes applied to
// the policies in force (as the impact preview applies them), joined with any other staged
// source (FLOWSCOPE_LAB_STAGED_POLICIES). A change that does not parse stays out of the set, as
// it does in the preview; the draft's page lists its problems.
import 'server-only';
import type { PolicySource } from '@/server/policies/source';
import type { Policy } from '@/server/policies/model';
import type { DraftStore } from './drafts';
import { proposedPolicies } from './apply-changes';
import type { StagedSet, StagedSource } from './staged-source';

export function draftStagedSource(
  store: DraftStore,
  inForce: PolicySource,
  others?: StagedSource,
): StagedSource {
  // Rebuilt only when a draft or the policies in force change, not on every flow.
  let memo: { current: Policy[]; version: number; sets: StagedSet[] } | undefined;
  let version = 0;
  store.onChange(() => version++);
  return {
    staged() {
      const current = inForce.policies();
      if (memo?.current !== current || memo.version !== version) {
        const sets = store
          .list()
          .filter((d) => d.staged)
          .map((draft) => ({ draft, policies: proposedPolicies(current, draft.changes).policies }));
        memo = { current, version, sets };
      }
      return [...memo.sets, ...(others?.staged() ?? [])];
    },
    onChange(listener) {
      const offs = [store.onChange(listener), inForce.onChange(listener)];
      if (others) offs.push(others.onChange(listener));
      return () => {
        for (const off of offs) off();
      };
    },
  };
}
