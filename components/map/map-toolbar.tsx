'use client';
// Filters of the map: namespaces (several), verdict, workload or label selector, port,
// protocol, and which reserved identities to hide. Text fields apply on Enter or Apply so
// typing does not send a query per key; the selects and toggles apply at once.
import { useState, type ReactNode } from 'react';
import { cleanText } from '@/lib/flows/format-flow';
import {
  PROTOCOL_OPTIONS,
  RESERVED_KINDS,
  VERDICT_OPTIONS,
  type MapFilters,
} from '@/lib/map/filters';
import styles from './map-page.module.css';

export interface MapToolbarProps {
  filters: MapFilters;
  /** Namespaces to offer: those on the map plus any already chosen. */
  namespaces: string[];
  onChange: (filters: MapFilters) => void;
  onCollapseAll: () => void;
  onExpandAll: () => void;
  error?: { message: string; param?: string };
  /** Controls that act on the drawn map (export), after the grouping buttons. */
  actions?: ReactNode;
}

function toggle(list: string[], value: string): string[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value].sort();
}

export function MapToolbar(props: MapToolbarProps) {
  const { filters, namespaces, onChange, error } = props;
  const [selector, setSelector] = useState(filters.selector);
  const [port, setPort] = useState(filters.port);
  const nsLabel =
    filters.namespaces.length === 0
      ? 'All namespaces'
      : filters.namespaces.length === 1
        ? cleanText(filters.namespaces[0] ?? '')
        : `${filters.namespaces.length} namespaces`;
  return (
    <div className={styles.toolbar}>
      <details className={styles.multi} data-testid="filter-namespaces">
        <summary className={filters.namespaces.length > 0 ? styles.isSet : undefined}>
          {nsLabel}
        </summary>
        <div className={styles.multiMenu}>
          {namespaces.length === 0 ? <span className={styles.muted}>No namespaces</span> : null}
          {namespaces.map((ns) => (
            <label key={ns} className={styles.check}>
              <input
                type="checkbox"
                data-testid="filter-namespace-option"
                data-namespace={ns}
                checked={filters.namespaces.includes(ns)}
                onChange={() =>
                  onChange({ ...filters, namespaces: toggle(filters.namespaces, ns) })
                }
              />
              {cleanText(ns)}
            </label>
          ))}
          {filters.namespaces.length > 0 ? (
            <button
              type="button"
              className={styles.linkButton}
              onClick={() => onChange({ ...filters, namespaces: [] })}
            >
              Clear
            </button>
          ) : null}
        </div>
      </details>
      <select
        className={filters.verdict ? `${styles.control} ${styles.isSet}` : styles.control}
        aria-label="Verdict"
        data-testid="filter-verdict"
        value={filters.verdict}
        onChange={(e) => onChange({ ...filters, verdict: e.target.value })}
      >
        <option value="">Any verdict</option>
        {VERDICT_OPTIONS.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
      <select
        className={filters.protocol ? `${styles.control} ${styles.isSet}` : styles.control}
        aria-label="Protocol"
        data-testid="filter-protocol"
        value={filters.protocol}
        onChange={(e) => onChange({ ...filters, protocol: e.target.value })}
      >
        <option value="">Any protocol</option>
        {PROTOCOL_OPTIONS.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </select>
      <form
        className={styles.textFilters}
        onSubmit={(e) => {
          e.preventDefault();
          onChange({ ...filters, selector: selector.trim(), port: port.trim() });
        }}
      >
        <input
          className={`${styles.control} ${styles.selector} ${error?.param === 'selector' ? styles.hasError : ''}`}
          placeholder="workload or label, e.g. shop/backend, k8s:app=ledger"
          aria-label="Workload or label selector"
          data-testid="filter-selector"
          value={selector}
          onChange={(e) => setSelector(e.target.value)}
        />
        <input
          className={`${styles.control} ${styles.port} ${error?.param === 'port' ? styles.hasError : ''}`}
          placeholder="port"
          aria-label="Port"
          inputMode="numeric"
          data-testid="filter-port"
          value={port}
          onChange={(e) => setPort(e.target.value)}
        />
        <button type="submit" className="button" data-testid="filter-apply">
          Apply
        </button>
      </form>
      <div className={styles.excludes} role="group" aria-label="Hide reserved identities">
        <span className={styles.muted}>Hide</span>
        {RESERVED_KINDS.map((kind) => (
          <label key={kind} className={styles.chip}>
            <input
              type="checkbox"
              data-testid="filter-exclude"
              data-kind={kind}
              checked={filters.exclude.includes(kind)}
              onChange={() => onChange({ ...filters, exclude: toggle(filters.exclude, kind) })}
            />
            {kind}
          </label>
        ))}
      </div>
      <div className={styles.groupButtons}>
        <button
          type="button"
          className="button"
          data-testid="collapse-all"
          onClick={props.onCollapseAll}
        >
          Collapse all
        </button>
        <button
          type="button"
          className="button"
          data-testid="expand-all"
          onClick={props.onExpandAll}
        >
          Expand all
        </button>
      </div>
      {props.actions}
    </div>
  );
}
