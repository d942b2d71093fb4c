'use client';
// The coverage page: per namespace and workload seen in the window, whether ingress and
// egress are in default deny and which policies put them there. Workload, namespace and
// policy names come from flows and policies: rendered as text only.
import { useMemo } from 'react';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { TimeWindowPicker } from '@/components/time-window/time-window-picker';
import type { DirectionCoverage, NamespaceCoverage, WorkloadCoverage } from '@/lib/api/coverage';
import { ApiError } from '@/lib/api-client';
import { coverageQueryOptions } from '@/lib/coverage/queries';
import { directionText, policyLink, summaryText } from '@/lib/coverage/view';
import { cleanText } from '@/lib/flows/format-flow';
import { useTimeWindow } from '@/lib/time-window/use-time-window';
import { listParam } from '@/lib/url-params';
import styles from './coverage.module.css';

function PolicyLinks({ ids, testId }: { ids: string[]; testId: string }) {
  if (ids.length === 0) return null;
  return (
    <span className={styles.policies} data-testid={testId}>
      {ids.map((id) => {
        const l = policyLink(id);
        const label = cleanText(l.label);
        return l.href ? (
          <Link
            key={id}
            href={l.href}
            className={styles.link}
            prefetch={false}
            title={cleanText(id)}
            data-testid="coverage-policy-link"
            data-policy-id={id}
          >
            {label}
          </Link>
        ) : (
          <span key={id} className={styles.mono} title={cleanText(id)}>
            {label}
          </span>
        );
      })}
    </span>
  );
}

function DirectionCell({ d, dir }: { d: DirectionCoverage; dir: 'ingress' | 'egress' }) {
  const cls = d.partial ? styles.partial : d.enforced ? styles.enforced : styles.open;
  const selectingOnly = d.selectingPolicies.filter((p) => !d.enforcingPolicies.includes(p));
  return (
    <td
      data-testid={`coverage-${dir}`}
      data-enforced={d.enforced}
      data-partial={d.partial === true}
    >
      <span className={cls}>
        {d.enforced ? '✓ ' : d.partial ? '◐ ' : '✗ '}
        {directionText(d)}
      </span>
      <PolicyLinks ids={d.enforcingPolicies} testId={`coverage-${dir}-enforcing`} />
      {selectingOnly.length > 0 ? (
        <span className={styles.detail}>
          selected without default deny by{' '}
          <PolicyLinks ids={selectingOnly} testId={`coverage-${dir}-selecting`} />
        </span>
      ) : null}
      {d.unknown?.length ? (
        <span className={styles.detail}>
          might also be selected by {d.unknown.map(cleanText).join(', ')}
        </span>
      ) : null}
    </td>
  );
}

function appLabels(w: WorkloadCoverage): string {
  // Namespace labels repeat on every pod of the namespace; the workload's own say more.
  return w.labels
    .filter((l) => !l.includes('io.cilium.k8s.') && !l.includes('io.kubernetes.pod.namespace'))
    .map(cleanText)
    .join(' ');
}

function NamespaceTable({ ns }: { ns: NamespaceCoverage }) {
  return (
    <section
      className={styles.panel}
      data-testid="coverage-namespace"
      data-namespace={ns.namespace}
      aria-label={`Namespace ${cleanText(ns.namespace)}`}
    >
      <h2 className={styles.namespaceTitle}>
        {cleanText(ns.namespace)}{' '}
        <span className={styles.muted}>
          · {ns.protected} of {ns.workloads.length} protected both ways
        </span>
      </h2>
      <table className={styles.table}>
        <colgroup>
          <col />
          <col />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Workload</th>
            <th scope="col">Ingress</th>
            <th scope="col">Egress</th>
          </tr>
        </thead>
        <tbody>
          {ns.workloads.map((w) => (
            <tr
              key={w.id}
              data-testid="coverage-row"
              data-workload={w.id}
              data-protected={w.protected}
            >
              <td>
                <strong>{cleanText(w.workload)}</strong>
                <div className={`${styles.mono} ${styles.muted}`}>{appLabels(w)}</div>
                {w.labelSets > 1 ? (
                  <div className={styles.muted}>seen with {w.labelSets} different label sets</div>
                ) : null}
              </td>
              <DirectionCell d={w.ingress} dir="ingress" />
              <DirectionCell d={w.egress} dir="egress" />
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function WorkloadList({
  title,
  rows,
  testId,
  empty,
}: {
  title: string;
  rows: WorkloadCoverage[];
  testId: string;
  empty: string;
}) {
  return (
    <section className={styles.panel} data-testid={testId} data-count={rows.length}>
      <h2 className={styles.panelTitle}>
        {title} ({rows.length})
      </h2>
      {rows.length === 0 ? (
        <p className={styles.muted}>{empty}</p>
      ) : (
        <ul className={styles.list}>
          {rows.map((w) => (
            <li key={w.id} data-testid={`${testId}-item`} data-workload={w.id}>
              <span className={styles.mono}>{cleanText(w.id)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function CoverageView() {
  const searchParams = useSearchParams();
  const search = searchParams.toString();
  const namespaces = useMemo(() => listParam(new URLSearchParams(search), 'namespace'), [search]);
  const { window, error: windowError } = useTimeWindow();
  const query = useQuery({ ...coverageQueryOptions(window, namespaces), enabled: !windowError });
  const apiError = query.error instanceof ApiError ? query.error : undefined;
  const error =
    windowError ??
    (query.error ? { message: query.error.message, param: apiError?.param } : undefined);
  const data = query.isError ? undefined : query.data;

  let body;
  if (error) {
    body = (
      <p
        className={styles.error}
        role="alert"
        data-testid="coverage-error"
        data-param={error.param}
      >
        {apiError || windowError ? '' : 'Could not load the coverage: '}
        {error.message}
      </p>
    );
  } else if (!data) {
    body = (
      <p className={styles.muted} data-testid="coverage-loading">
        Loading the coverage…
      </p>
    );
  } else if (data.totals.workloads === 0) {
    body = (
      <p className={styles.note} data-testid="coverage-empty">
        No workload sent or received a flow in this window.
      </p>
    );
  } else {
    body = (
      <>
        <p
          className={styles.summary}
          data-testid="coverage-summary"
          data-protected={data.totals.protected}
          data-workloads={data.totals.workloads}
          data-unprotected={data.totals.unprotected}
          data-open={data.totals.open}
        >
          {summaryText(data)}
          {data.enforcement !== 'default' ? (
            <span className={styles.muted}> (agent setting enable-policy={data.enforcement})</span>
          ) : null}
        </p>
        <WorkloadList
          title="Unprotected: no policy selects them"
          rows={data.unprotected}
          testId="coverage-unprotected"
          empty="Every workload is selected by some policy in at least one direction."
        />
        <WorkloadList
          title="Open both ways: no default deny in either direction"
          rows={data.open}
          testId="coverage-open"
          empty="Every workload is in default deny in at least one direction."
        />
        {data.namespaces.map((ns) => (
          <NamespaceTable key={ns.namespace} ns={ns} />
        ))}
      </>
    );
  }
  return (
    <div className={styles.page}>
      <div className={styles.view}>
        <div className={styles.top}>
          <TimeWindowPicker />
          <span className={styles.muted}>
            Workloads seen in the window, and whether ingress and egress are in default deny
          </span>
        </div>
        {body}
      </div>
    </div>
  );
}
