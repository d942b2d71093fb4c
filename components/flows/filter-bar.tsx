'use client';
// The filter box: free `hubble observe` flags text plus quick controls that edit it.
// The applied filter lives in the URL; this holds only the draft being typed. The parent
// re-mounts it (key) when the applied filter changes, which resets the draft.
// --since/--until and --last are read as hubble reads them and become the page's time
// window and row limit (the `last` URL parameter, shown back in the box as `--last N`).
import { useState } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import {
  lastParamError,
  parseLastParam,
  resolveSelectorFlags,
  splitSelectorFlags,
} from '@/lib/flows/selector-flags';
import { windowPairs } from '@/lib/time-window/time-window';
import { useTimeWindow } from '@/lib/time-window/use-time-window';
import { QuickFilters } from './quick-filters';

export interface FilterBarProps {
  applied: string;
  onApply: (text: string) => void;
  /** The server's complaint about the applied filter, if any. */
  error?: string;
}

function withLast(filter: string, last: number | undefined): string {
  if (last === undefined) return filter;
  return filter ? `${filter} --last ${last}` : `--last ${last}`;
}

export function FilterBar({ applied, onApply, error }: FilterBarProps) {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const { window } = useTimeWindow();
  const last = parseLastParam(searchParams.get('last'));
  const shown = withLast(applied, last);
  const [draft, setDraft] = useState(shown);
  const [ownError, setOwnError] = useState<string | undefined>();
  const dirty = draft.trim() !== shown;
  const shownError = ownError ?? error ?? lastParamError(searchParams.get('last'));

  const commit = (text: string) => {
    setDraft(text);
    const split = splitSelectorFlags(text.trim());
    const picked = split.ok ? resolveSelectorFlags(split.flags, Date.now(), window) : split;
    if (!split.ok || !picked.ok) {
      setOwnError(picked.ok ? undefined : picked.error);
      return;
    }
    setOwnError(undefined);
    if (!picked.window && picked.last === last) {
      onApply(split.rest);
      return;
    }
    // One navigation for the filter, the window and the row limit together.
    const params = new URLSearchParams(searchParams.toString());
    if (split.rest) params.set('q', split.rest);
    else params.delete('q');
    if (picked.last !== undefined) params.set('last', String(picked.last));
    else params.delete('last');
    if (picked.window) {
      for (const k of ['window', 'from', 'to']) params.delete(k);
      for (const [k, v] of windowPairs(picked.window)) params.set(k, v);
    }
    setDraft(withLast(split.rest, picked.last));
    const query = params.toString();
    router.push(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };

  return (
    <form
      className="filter-bar"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        commit(draft);
      }}
    >
      <div className="filter-row">
        <input
          className={shownError ? 'filter-input has-error' : 'filter-input'}
          data-testid="filter-input"
          aria-label="Filter (hubble observe flags)"
          aria-invalid={shownError ? true : undefined}
          aria-describedby={shownError ? 'filter-error' : undefined}
          placeholder="--from-pod shop/frontend --verdict DROPPED --since 5m"
          value={draft}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => {
            setDraft(e.target.value);
            setOwnError(undefined);
          }}
        />
        <button type="submit" className="button primary" data-testid="filter-apply">
          Apply
        </button>
        <button
          type="button"
          className="button"
          data-testid="filter-clear"
          disabled={!draft && !applied}
          onClick={() => commit('')}
        >
          Clear
        </button>
        {dirty ? <span className="filter-dirty">Enter to apply</span> : null}
      </div>
      {shownError ? (
        <p className="filter-error" id="filter-error" data-testid="filter-error" role="alert">
          {shownError}
        </p>
      ) : null}
      <QuickFilters text={draft} onChange={setDraft} onCommit={commit} />
    </form>
  );
}
