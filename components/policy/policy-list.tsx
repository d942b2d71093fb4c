'use client';
// Every policy the source holds, each linking to its policy view, plus the problems the
// source met while reading (a broken YAML file must not vanish silently). Names come from
// policy files and the cluster, so they are rendered as text only.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { policyPath } from '@/lib/flow-detail/links';
import { policyListQueryOptions } from '@/lib/policy/queries';
import styles from './policy.module.css';

function SourceErrors({ errors }: { errors: readonly string[] }) {
  if (errors.length === 0) return null;
  return (
    <div className={styles.warnNote} data-testid="policy-source-errors" role="status">
      <strong>The policy source reported problems:</strong>
      <ul>
        {errors.map((e, i) => (
          <li key={`${i}:${e}`} className={styles.mono}>
            {e}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function PolicyList() {
  const query = useQuery(policyListQueryOptions());
  if (query.isPending) {
    return (
      <p className={styles.muted} data-testid="policy-list-loading">
        Loading policies…
      </p>
    );
  }
  if (query.isError) {
    return (
      <p className={styles.error} data-testid="policy-list-error" role="alert">
        Could not load the policies: {query.error.message}
      </p>
    );
  }
  const { policies, errors } = query.data;
  return (
    <section className={styles.panel} data-testid="policy-list" aria-label="Policies">
      <h1 className={styles.panelTitle}>Policies ({policies.length})</h1>
      <SourceErrors errors={errors} />
      {policies.length === 0 ? (
        <p className={styles.muted} data-testid="policy-list-empty">
          The policy source holds no policies.
        </p>
      ) : (
        <table className={styles.table}>
          <thead>
            <tr>
              <th>Kind</th>
              <th>Namespace</th>
              <th>Name</th>
              <th>Revision</th>
              <th>Rules</th>
              <th>Not evaluated</th>
            </tr>
          </thead>
          <tbody>
            {policies.map((p) => {
              const href = policyPath(p);
              return (
                <tr key={p.id} data-testid="policy-list-row" data-policy-id={p.id}>
                  <td className={styles.mono}>{p.kind}</td>
                  <td>{p.namespace || '— (cluster-wide)'}</td>
                  <td>
                    {href ? (
                      <Link href={href} className={styles.link} data-testid="policy-list-link">
                        {p.name}
                      </Link>
                    ) : (
                      p.name
                    )}
                  </td>
                  <td className={styles.mono}>{p.revision ?? '—'}</td>
                  <td data-testid="policy-list-rules">{p.rules}</td>
                  <td data-testid="policy-list-unsupported" data-count={p.unsupported.length}>
                    {p.unsupported.length === 0 ? (
                      <span className={styles.muted}>—</span>
                    ) : (
                      <span className={styles.mono} title="Flows these decide stay unknown">
                        {p.unsupported.join(', ')}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
