'use client';
// A small page to try changes on recorded traffic without a saved draft: a policy document to
// apply (added, or replacing the policy of its kind, namespace and name) and policies in force
// to remove, then the impact preview over the chosen window.
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { TimeWindowPicker } from '@/components/time-window/time-window-picker';
import type { DraftChange } from '@/lib/api/lab';
import { cleanText } from '@/lib/flows/format-flow';
import { policyListQueryOptions } from '@/lib/policy/queries';
import { useTimeWindow } from '@/lib/time-window/use-time-window';
import { ImpactPreview } from './impact-preview';
import styles from './preview.module.css';

type Removal = Extract<DraftChange, { action: 'remove' }>;

export function PreviewLabView() {
  const { window, error: windowError } = useTimeWindow();
  const [yaml, setYaml] = useState('');
  const [removals, setRemovals] = useState<Removal[]>([]);
  const [picked, setPicked] = useState('');
  const list = useQuery(policyListQueryOptions());
  const policies = list.data?.policies ?? [];

  const changes = useMemo<DraftChange[]>(
    () => [...(yaml.trim() ? [{ action: 'apply' as const, yaml }] : []), ...removals],
    [yaml, removals],
  );

  const addRemoval = () => {
    const p = policies.find((x) => x.id === picked);
    if (
      !p ||
      removals.some((r) => r.kind === p.kind && r.namespace === p.namespace && r.name === p.name)
    )
      return;
    setRemovals([
      ...removals,
      { action: 'remove', kind: p.kind, namespace: p.namespace, name: p.name },
    ]);
  };

  return (
    <div className={styles.page}>
      <div className={styles.view}>
        <div className={styles.row}>
          <TimeWindowPicker />
          <span>Try policy changes on the window&apos;s recorded flows before enforcing them</span>
        </div>
        {windowError ? (
          <p className={styles.error} role="alert">
            {cleanText(windowError.message)}
          </p>
        ) : null}
        <section className={styles.panel}>
          <h2 className={styles.panelTitle}>Apply a policy document</h2>
          <textarea
            className={styles.yaml}
            value={yaml}
            onChange={(e) => setYaml(e.target.value)}
            spellCheck={false}
            placeholder="apiVersion: cilium.io/v2&#10;kind: CiliumNetworkPolicy&#10;…"
            aria-label="Policy YAML to apply"
            data-testid="lab-yaml"
          />
        </section>
        <section className={styles.panel}>
          <h2 className={styles.panelTitle}>Remove a policy in force</h2>
          <div className={styles.row}>
            <select
              value={picked}
              onChange={(e) => setPicked(e.target.value)}
              aria-label="Policy to remove"
              data-testid="lab-remove-pick"
            >
              <option value="">Choose a policy…</option>
              {policies.map((p) => (
                <option key={p.id} value={p.id}>
                  {cleanText(p.id)}
                </option>
              ))}
            </select>
            <button
              type="button"
              onClick={addRemoval}
              disabled={!picked}
              data-testid="lab-remove-add"
            >
              Remove
            </button>
          </div>
          {removals.length > 0 ? (
            <ul data-testid="lab-removals">
              {removals.map((r) => {
                const id = `${r.kind}/${r.namespace || '_'}/${r.name}`;
                return (
                  <li key={id}>
                    <span className={styles.mono}>{cleanText(id)}</span>{' '}
                    <button
                      type="button"
                      onClick={() => setRemovals(removals.filter((x) => x !== r))}
                      aria-label={`Keep ${cleanText(id)}`}
                    >
                      keep
                    </button>
                  </li>
                );
              })}
            </ul>
          ) : null}
        </section>
        <ImpactPreview changes={changes} window={window} />
      </div>
    </div>
  );
}
