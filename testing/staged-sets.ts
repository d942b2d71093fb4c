// Staged sets for the staged-policy tests: the demo policies, with one edit applied.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DraftSet } from '@/lib/api/lab';
import type { Policy } from '@/server/policies/model';
import { parsePolicyYaml } from '@/server/policies/parse';
import type { StagedSet, StagedSource } from '@/server/lab/staged-source';

const DEMO_DIR = path.join(import.meta.dirname, '..', 'server', 'policies', 'demo');

/** The demo policies, each file's text passed through `edit` first. */
export function demoPolicies(
  edit: (file: string, text: string) => string = (_f, t) => t,
): Policy[] {
  const out: Policy[] = [];
  for (const f of readdirSync(DEMO_DIR)
    .filter((n) => n.endsWith('.yaml'))
    .sort()) {
    const r = parsePolicyYaml(edit(f, readFileSync(path.join(DEMO_DIR, f), 'utf8')), f);
    if (r.errors.length > 0) throw new Error(r.errors.join('; '));
    out.push(...r.policies);
  }
  return out;
}

/** The demo policies with the backend's API open only to `app: <peer>` instead of the
 *  frontend: staged, it would deny the frontend's calls to the backend. */
export function backendOnlyFrom(peer: string): Policy[] {
  return demoPolicies((f, t) =>
    f === 'shop-backend.yaml'
      ? t.replace('            app: frontend', `            app: ${peer}`)
      : t,
  );
}

export function draft(id: string, name: string, staged = true): DraftSet {
  return { id, name, changes: [], staged, createdAt: 0, updatedAt: 0 };
}

/** A source whose sets a test replaces with `set`, telling its listeners. */
export function testStagedSource(initial: StagedSet[] = []): StagedSource & {
  set(sets: StagedSet[]): void;
} {
  let sets = initial;
  const listeners = new Set<() => void>();
  return {
    staged: () => sets,
    onChange(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    set(next) {
      sets = next;
      for (const l of listeners) l();
    },
  };
}
