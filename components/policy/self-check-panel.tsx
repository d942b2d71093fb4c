'use client';
// The live self-check on /policies: how many of the verdicts Hubble reported with their
// deciding policies Flowscope's evaluator agreed with over the window, and each disagreement
// with both answers. Policy names come from flows and policies: text only.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { flowPath } from '@/lib/flow-detail/links';
import { cleanText, formatCount, formatFlowDateTime } from '@/lib/flows/format-flow';
import type { CheckedFlow } from '@/lib/api/policy';
import { selfCheckQueryOptions } from '@/lib/policy/queries';
import { useTimeWindow } from '@/lib/time-window/use-time-window';
import styles from './policy.module.css';

function answer(a: { verdict: string; policies: string[] }): string {
  const names = a.policies.map((p) => cleanText(p.replace(/^[^/]+\//, ''))).join(', ');
  return names ? `${a.verdict} by ${names}` : a.verdict;
}

function CheckedRows({ rows, testId }: { rows: CheckedFlow[]; testId: string }) {
  return (
    <ul className={styles.checkList} data-testid={testId}>
      {rows.map((r) => (
        <li key={r.flowId} data-testid={`${testId}-row`} data-flow-id={r.flowId}>
          <Link href={flowPath(r.flowId)} className={styles.mono} prefetch={false}>
            {formatFlowDateTime(r.ts)}
          </Link>{' '}
          {r.direction}: Hubble said <strong>{answer(r.hubble)}</strong>, Flowscope says{' '}
          <strong>{answer(r.flowscope)}</strong>
          {r.flowscope.unsupported?.length
            ? ` (cannot evaluate ${r.flowscope.unsupported.map(cleanText).join(', ')})`
            : ''}
        </li>
      ))}
    </ul>
  );
}

export function SelfCheckPanel() {
  const { window } = useTimeWindow();
  const query = useQuery(selfCheckQueryOptions(window));
  if (query.isPending) return null;
  if (query.isError) {
    return (
      <p className={styles.error} data-testid="self-check-error" role="alert">
        Could not check the evaluator against Hubble: {query.error.message}
      </p>
    );
  }
  const c = query.data;
  const decided = c.agreed + c.disagreed;
  return (
    <section
      className={styles.panel}
      data-testid="self-check"
      data-agreed={c.agreed}
      data-compared={c.compared}
      data-disagreed={c.disagreed}
      data-unconfirmed={c.unconfirmed}
      aria-label="Agreement with Hubble"
    >
      <h2 className={styles.panelTitle}>Agreement with Cilium</h2>
      <p data-testid="self-check-summary">
        {c.compared === 0
          ? 'No verdict in this window named its deciding policy, so there is nothing to compare yet.'
          : `Flowscope's evaluation agreed with ${formatCount(c.agreed)} of ${formatCount(decided)} verdicts Hubble reported with their deciding policies` +
            (c.unconfirmed > 0
              ? `; ${formatCount(c.unconfirmed)} more could not be confirmed (policy constructs Flowscope does not evaluate).`
              : '.')}
        {c.truncated ? ' Only the newest part of the window was read.' : ''}
      </p>
      {c.disagreements.length > 0 ? (
        <>
          <h3 className={styles.muted}>Disagreements ({formatCount(c.disagreed)})</h3>
          <CheckedRows rows={c.disagreements} testId="self-check-disagreement" />
        </>
      ) : null}
      {c.unconfirmedFlows.length > 0 ? (
        <>
          <h3 className={styles.muted}>Not confirmed ({formatCount(c.unconfirmed)})</h3>
          <CheckedRows rows={c.unconfirmedFlows} testId="self-check-unconfirmed" />
        </>
      ) : null}
    </section>
  );
}
