'use client';
// The flows an impact preview changed (GET /api/flows?preview=<id>), newest first, each
// linking to its detail. Flow fields are attacker-controlled: text only.
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { cleanText, formatFlowTime } from '@/lib/flows/format-flow';
import { CHANGED_FLOWS_LIMIT, changedFlowsQueryOptions } from '@/lib/lab/preview';
import type { FlowEndpoint } from '@/lib/api/flow-record';
import styles from './preview.module.css';

function endpoint(ep: FlowEndpoint): string {
  const w = ep.workloads[0]?.name;
  if (ep.namespace && (w || ep.pod)) return `${ep.namespace}/${w || ep.pod}`;
  return ep.names[0] ?? ep.labels[0] ?? ep.ip;
}

export function ChangedFlowsView() {
  const previewId = useSearchParams().get('preview') ?? '';
  const query = useQuery({ ...changedFlowsQueryOptions(previewId), enabled: previewId !== '' });
  const page = query.data;
  return (
    <div className={styles.page}>
      <div className={styles.view}>
        <Link href="/lab/preview" className={styles.link}>
          ← Impact preview
        </Link>
        {previewId === '' ? <p className={styles.note}>No preview named.</p> : null}
        {query.error ? (
          <p className={styles.error} role="alert" data-testid="changed-flows-error">
            {cleanText(query.error.message)}
          </p>
        ) : null}
        {page ? (
          <section className={styles.panel}>
            <h2 className={styles.panelTitle}>
              Flows the preview changed: {page.total ?? page.flows.length}
              {page.truncated ? ` (newest ${CHANGED_FLOWS_LIMIT} shown)` : ''}
            </h2>
            <table className={styles.table} data-testid="changed-flows">
              <thead>
                <tr>
                  <th>Time</th>
                  <th>Source</th>
                  <th>Destination</th>
                  <th>Port</th>
                  <th>Verdict now</th>
                  <th>Flow</th>
                </tr>
              </thead>
              <tbody>
                {page.flows.map((f) => (
                  <tr key={f.id} data-testid="changed-flow">
                    <td className={styles.mono}>{formatFlowTime(f.ts)}</td>
                    <td>{cleanText(endpoint(f.source))}</td>
                    <td>{cleanText(endpoint(f.destination))}</td>
                    <td className={styles.mono}>
                      {f.destination.port ?? ''}/{cleanText(f.protocol)}
                    </td>
                    <td>{cleanText(f.verdict)}</td>
                    <td>
                      <Link
                        href={`/flows/${encodeURIComponent(f.id)}`}
                        className={`${styles.link} ${styles.mono}`}
                        prefetch={false}
                      >
                        {cleanText(f.id)}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ) : null}
      </div>
    </div>
  );
}
