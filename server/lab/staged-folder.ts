// FLOWSCOPE_LAB_STAGED_POLICIES: a folder of policy YAML (e.g. a GitOps branch checked out
// beside Flowscope) staged as one draft, `staged-from-folder`: the policies in force with
// the folder's policies added, each replacing the one of the same kind, namespace and name.
import 'server-only';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DraftSet } from '@/lib/api/lab';
import { log } from '@/server/log';
import { loadPolicyFolder, type PolicySource } from '@/server/policies/source';
import type { Policy } from '@/server/policies/model';
import type { StagedSet, StagedSource } from './staged-source';

export const FOLDER_DRAFT_ID = 'staged-from-folder';

/** `current` with each of `staged` added or replacing the policy with its id. */
export function withStaged(current: readonly Policy[], staged: readonly Policy[]): Policy[] {
  const ids = new Set(staged.map((p) => p.id));
  return [...current.filter((p) => !ids.has(p.id)), ...staged];
}

export async function folderStagedSource(
  dir: string,
  inForce: PolicySource,
): Promise<StagedSource> {
  const folder = await loadPolicyFolder(dir);
  for (const e of folder.errors()) log.warn('staged policy folder', { error: e });
  const names = (await readdir(dir)).filter((n) => /\.ya?ml$/i.test(n)).sort();
  const changes: DraftSet['changes'] = [];
  for (const n of names)
    changes.push({ action: 'apply', yaml: await readFile(path.join(dir, n), 'utf8') });
  const loadedAt = Date.now();
  const draft: DraftSet = {
    id: FOLDER_DRAFT_ID,
    name: FOLDER_DRAFT_ID,
    changes,
    staged: true,
    createdAt: loadedAt,
    updatedAt: loadedAt,
  };
  let memo: { current: Policy[]; set: StagedSet } | undefined;
  return {
    staged() {
      const current = inForce.policies();
      if (memo?.current !== current) {
        memo = { current, set: { draft, policies: withStaged(current, folder.policies()) } };
      }
      return [memo.set];
    },
    onChange: (listener) => inForce.onChange(listener),
  };
}
