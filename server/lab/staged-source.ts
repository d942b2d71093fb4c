// The staged drafts: draft sets evaluated on every new flow without being enforced. Whatever
// holds the drafts registers itself here once; until then there are none.
import 'server-only';
import type { DraftSet } from '@/lib/api/lab';
import type { Policy } from '@/server/policies/model';

export interface StagedSet {
  draft: DraftSet;
  /** The policy set in force with the draft's changes applied. */
  policies: readonly Policy[];
}

export interface StagedSource {
  staged(): StagedSet[];
  /** Called after the staged drafts or their policies change; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
}

export const EMPTY_STAGED_SOURCE: StagedSource = Object.freeze({
  staged: () => [],
  onChange: () => () => {},
});

const KEY = Symbol.for('flowscope.staged-source');
type Holder = { [KEY]?: StagedSource; [LISTENERS]?: Set<() => void> };
const LISTENERS = Symbol.for('flowscope.staged-source.listeners');

/** The registered source (Next.js may load this module more than once: kept on globalThis). */
export function stagedSource(): StagedSource {
  return (globalThis as Holder)[KEY] ?? EMPTY_STAGED_SOURCE;
}

function listeners(): Set<() => void> {
  const h = globalThis as Holder;
  return (h[LISTENERS] ??= new Set());
}

/** Replaces the source; those watching the registration (the tracker) re-read it. */
export function setStagedSource(src: StagedSource): void {
  (globalThis as Holder)[KEY] = src;
  for (const l of [...listeners()]) l();
}

/** Called whenever a source is registered; returns the unsubscribe. */
export function onStagedSourceSet(listener: () => void): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}
