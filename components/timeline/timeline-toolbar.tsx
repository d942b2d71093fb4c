'use client';
// Filters of the drop timeline: namespaces (chips, added by typing or picking one seen in
// the window) and what the drops chart is split by. Both live in the URL.
import { useState } from 'react';
import { cleanText } from '@/lib/flows/format-flow';
import { activeBreakdown, toggleNamespace, type TimelineFilters } from '@/lib/timeline/filters';
import styles from './drop-timeline.module.css';

export interface TimelineToolbarProps {
  filters: TimelineFilters;
  /** Namespaces to suggest: seen in the window's flows, plus the chosen ones. */
  namespaces: readonly string[];
  onChange: (filters: TimelineFilters) => void;
}

const BREAKDOWNS = [
  { value: 'reason', label: 'reason' },
  { value: 'policy', label: 'policy' },
] as const;

export function TimelineToolbar({ filters, namespaces, onChange }: TimelineToolbarProps) {
  const [draft, setDraft] = useState('');
  const active = activeBreakdown(filters);
  return (
    <div className={styles.toolbar}>
      <form
        className={styles.namespaces}
        data-testid="filter-namespaces"
        onSubmit={(e) => {
          e.preventDefault();
          // Adding a namespace already chosen must not toggle it off.
          if (draft.trim() && !filters.namespaces.includes(draft.trim())) {
            onChange(toggleNamespace(filters, draft));
          }
          setDraft('');
        }}
      >
        <span className={styles.muted}>Namespaces</span>
        {filters.namespaces.length === 0 ? <span className={styles.chipAll}>all</span> : null}
        {filters.namespaces.map((ns) => (
          <button
            key={ns}
            type="button"
            className={styles.chip}
            data-testid="filter-namespace-chip"
            data-namespace={ns}
            aria-label={`Remove namespace ${cleanText(ns)}`}
            onClick={() => onChange(toggleNamespace(filters, ns))}
          >
            {cleanText(ns)} ×
          </button>
        ))}
        <input
          className={styles.control}
          list="drop-timeline-namespaces"
          placeholder="add namespace"
          aria-label="Add namespace"
          data-testid="filter-namespace-input"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <datalist id="drop-timeline-namespaces">
          {namespaces
            .filter((ns) => !filters.namespaces.includes(ns))
            .map((ns) => (
              <option key={ns} value={ns} />
            ))}
        </datalist>
        <button type="submit" className="button" data-testid="filter-namespace-add">
          Add
        </button>
      </form>
      <div className={styles.switch} role="group" aria-label="Drops by">
        <span className={styles.muted}>drops by:</span>
        {BREAKDOWNS.map((b) => (
          <button
            key={b.value}
            type="button"
            className={
              b.value === active ? `${styles.switchOption} ${styles.on}` : styles.switchOption
            }
            aria-pressed={b.value === active}
            data-testid={`breakdown-${b.value}`}
            onClick={() => onChange({ ...filters, breakdown: b.value })}
          >
            {b.label}
          </button>
        ))}
      </div>
    </div>
  );
}
