'use client';
// The readiness page: a staged draft, a namespace and a period (all in the URL); whether the
// draft is safe to enforce, and the connections it would have denied. Workload names and
// rules come from flows and policies: rendered as text only.
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import type { ReadinessAnswer } from '@/lib/api/lab';
import { apiUrl } from '@/lib/api-client';
import { flowPath } from '@/lib/flow-detail/links';
import { cleanText } from '@/lib/flows/format-flow';
import {
  PERIODS,
  readinessApiPath,
  readinessQueryOptions,
  readinessSearch,
  readinessState,
  seenText,
  stagedListQueryOptions,
  type ReadinessState,
} from '@/lib/lab/readiness';
import styles from './readiness.module.css';

function TuplesTable({ answer }: { answer: ReadinessAnswer }) {
  if (answer.tuples.length === 0) {
    return (
      <p className={styles.muted} data-testid="readiness-no-tuples">
        No connection this draft would deny was seen since tracking began.
      </p>
    );
  }
  return (
    <table className={styles.table} data-testid="readiness-tuples">
      <thead>
        <tr>
          <th scope="col">Namespace</th>
          <th scope="col">Source</th>
          <th scope="col">Destination</th>
          <th scope="col">Port</th>
          <th scope="col">Protocol</th>
          <th scope="col">Count</th>
          <th scope="col">First</th>
          <th scope="col">Last</th>
          <th scope="col">Denied by</th>
          <th scope="col">Example</th>
        </tr>
      </thead>
      <tbody>
        {answer.tuples.map((t) => (
          <tr
            key={`${t.namespace} ${t.source} ${t.destination} ${t.port ?? ''} ${t.protocol}`}
            data-testid="readiness-tuple"
          >
            <td>{cleanText(t.namespace)}</td>
            <td className={styles.mono}>{cleanText(t.source)}</td>
            <td className={styles.mono}>{cleanText(t.destination)}</td>
            <td className={styles.mono}>{t.port ?? ''}</td>
            <td>{cleanText(t.protocol)}</td>
            <td data-testid="readiness-tuple-count">{t.count}</td>
            <td>{seenText(t.firstSeen)}</td>
            <td>{seenText(t.lastSeen)}</td>
            <td className={styles.mono}>{cleanText(t.decidedBy)}</td>
            <td>
              <Link href={flowPath(t.exampleFlow)} prefetch={false} className={styles.link}>
                flow
              </Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ReadinessView() {
  const router = useRouter();
  const pathname = usePathname();
  const state = readinessState(new URLSearchParams(useSearchParams().toString()));
  const staged = useQuery(stagedListQueryOptions());
  const answer = useQuery({ ...readinessQueryOptions(state), enabled: state.draft !== '' });
  const go = (next: Partial<ReadinessState>) => {
    const q = readinessSearch({ ...state, ...next });
    router.replace(q ? `${pathname}?${q}` : pathname);
  };
  const drafts = staged.data?.staged ?? [];
  const data = answer.isError ? undefined : answer.data;

  let body;
  if (!state.draft) {
    body = (
      <p className={styles.muted} data-testid="readiness-pick">
        {drafts.length === 0 && staged.isSuccess
          ? 'No draft is staged. Stage a draft in the policy lab to track it on every new flow.'
          : 'Pick a staged draft.'}
      </p>
    );
  } else if (answer.isError) {
    body = (
      <p className={styles.error} role="alert" data-testid="readiness-error">
        {answer.error.message}
      </p>
    );
  } else if (!data) {
    body = <p className={styles.muted}>Loading…</p>;
  } else {
    body = (
      <>
        <p
          className={data.ready ? styles.ready : styles.notReady}
          data-testid="readiness-verdict"
          data-ready={data.ready}
        >
          <strong>{data.ready ? 'Ready to enforce' : 'Not ready'}</strong>: {cleanText(data.reason)}
        </p>
        <p className={styles.muted}>
          Tracked since {seenText(data.since)}
          {data.overflow > 0 ? ` · ${data.overflow} flows beyond the tuple limit` : ''} ·{' '}
          <a
            href={apiUrl(readinessApiPath(state, 'csv'))}
            className={styles.link}
            data-testid="readiness-csv"
            download
          >
            Download CSV
          </a>
        </p>
        <TuplesTable answer={data} />
      </>
    );
  }

  return (
    <main className={styles.page} data-testid="readiness-page">
      <h1 className={styles.title}>Staged policy readiness</h1>
      <form className={styles.controls} onSubmit={(e) => e.preventDefault()}>
        <label>
          Draft{' '}
          <select
            value={state.draft}
            onChange={(e) => go({ draft: e.target.value })}
            data-testid="readiness-draft"
          >
            <option value="">—</option>
            {drafts.map((d) => (
              <option key={d.id} value={d.id}>
                {cleanText(d.name)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Namespace{' '}
          <input
            key={state.namespace}
            defaultValue={state.namespace}
            placeholder="all you may see"
            onBlur={(e) => go({ namespace: e.target.value.trim() })}
            onKeyDown={(e) => {
              if (e.key === 'Enter') go({ namespace: e.currentTarget.value.trim() });
            }}
            data-testid="readiness-namespace"
          />
        </label>
        <label>
          Period{' '}
          <select
            value={state.period}
            onChange={(e) => go({ period: e.target.value })}
            data-testid="readiness-period"
          >
            {[...new Set([...PERIODS, state.period])].map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
      </form>
      {body}
    </main>
  );
}
