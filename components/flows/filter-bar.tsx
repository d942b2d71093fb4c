'use client';
// The filter box: free `hubble observe` flags text plus quick controls that edit it.
// The applied filter lives in the URL; this holds only the draft being typed. The parent
// re-mounts it (key) when the applied filter changes, which resets the draft.
import { useState } from 'react';
import { QuickFilters } from './quick-filters';

export interface FilterBarProps {
  applied: string;
  onApply: (text: string) => void;
  /** The server's complaint about the applied filter, if any. */
  error?: string;
}

export function FilterBar({ applied, onApply, error }: FilterBarProps) {
  const [draft, setDraft] = useState(applied);
  const dirty = draft.trim() !== applied;

  const commit = (text: string) => {
    setDraft(text);
    onApply(text.trim());
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
          className={error ? 'filter-input has-error' : 'filter-input'}
          data-testid="filter-input"
          aria-label="Filter (hubble observe flags)"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'filter-error' : undefined}
          placeholder="--from-pod shop/frontend --verdict DROPPED --port 8080"
          value={draft}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setDraft(e.target.value)}
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
      {error ? (
        <p className="filter-error" id="filter-error" data-testid="filter-error" role="alert">
          {error}
        </p>
      ) : null}
      <QuickFilters text={draft} onChange={setDraft} onCommit={commit} />
    </form>
  );
}
