// Notes above the rules: the flow the view was opened with and the rule that decided it,
// default-deny drops this policy caused, and a cut-short scan. Flow ids are URL input,
// so they appear only as text and as an encoded path segment.
import Link from 'next/link';
import { flowPath } from '@/lib/flow-detail/links';
import type { PolicyView } from '@/lib/api/policy';
import { matchedVerdictText } from '@/lib/policy/rules';
import styles from './policy.module.css';

function selectionAttr(view: PolicyView): string | undefined {
  const e = view.flowEndpoint;
  if (!e) return undefined;
  return e.enforcing ? 'enforcing' : e.selects ? 'selects' : 'no';
}

/** Whether this policy had any part in the chosen flow's default deny. */
function selectionText(view: PolicyView): string {
  const e = view.flowEndpoint;
  if (!e) return 'The flow has no traffic direction, so no endpoint is selected.';
  const side = e.direction === 'ingress' ? 'destination' : 'source';
  if (e.enforcing) {
    return `It selects the flow's ${side} at ${e.direction} and puts it into default deny there, so a drop no rule allows is this policy's default deny.`;
  }
  if (e.selects) {
    return `It selects the flow's ${side} at ${e.direction} without putting it into default deny (deny rules only).`;
  }
  return `It does not select the flow's ${side} at ${e.direction}, so it had no part in this flow's verdict.`;
}

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
          : no rule of this policy allowed or denied it.{' '}
          <span data-testid="policy-flow-selection" data-selects={selectionAttr(view)}>
            {selectionText(view)}
          </span>
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
          dropped by the default deny this policy switches on: Hubble reported each as a
          default-deny drop of an endpoint this policy selects in that direction, and no rule
          allowed it.
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
