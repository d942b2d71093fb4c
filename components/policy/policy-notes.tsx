// Notes above the rules: the flow the view was opened with and the rule that decided it,
// default-deny drops this policy caused, and a cut-short scan. Flow ids are URL input,
// so they appear only as text and as an encoded path segment.
import Link from 'next/link';
import { flowPath } from '@/lib/flow-detail-links';
import type { PolicyView } from '@/lib/policy-api-types';
import { matchedVerdictText } from '@/lib/policy-rules';
import styles from './policy.module.css';

export function FlowNote({ flowId, view }: { flowId: string; view: PolicyView }) {
  const matched = view.matchedRule;
  return (
    <p className={styles.note} data-testid="policy-flow-note">
      Flow{' '}
      <Link href={flowPath(flowId)} className={styles.link} data-testid="policy-flow-link">
        <span className={styles.mono}>{flowId}</span>
      </Link>
      {matched ? (
        <>
          : rule <strong className={styles.mono}>{matched.ruleId}</strong> of this policy{' '}
          {matchedVerdictText(matched.verdict)} (highlighted below).
        </>
      ) : (
        <>
          : no rule of this policy allowed or denied it. If it was dropped by default deny, this
          policy may have selected its endpoint; see the flow&apos;s explanation.
        </>
      )}
    </p>
  );
}

export function UsageNotes({ view }: { view: PolicyView }) {
  return (
    <>
      {view.defaultDenied > 0 ? (
        <p
          className={styles.warnNote}
          data-testid="policy-default-denied"
          data-count={view.defaultDenied}
        >
          <strong>{view.defaultDenied}</strong> flow{view.defaultDenied === 1 ? ' was' : 's were'}{' '}
          dropped by the default deny this policy switches on (it selects their endpoint, and no
          rule allowed them).
        </p>
      ) : null}
      {view.truncated ? (
        <p className={styles.warnNote} data-testid="policy-truncated">
          The window holds more flows than one scan evaluates; the counts cover the newest ones.
        </p>
      ) : null}
      <p className={styles.muted} data-testid="policy-evaluated" data-count={view.evaluated}>
        Counts from {view.evaluated} policy decision{view.evaluated === 1 ? '' : 's'} in the window.
      </p>
    </>
  );
}
