// The answer for a flow id Flowscope does not hold: say so, and show what the history holds
// now and its limits, so the reader can tell whether the flow aged out.
import Link from 'next/link';
import type { FlowLookup } from '@/lib/api/types';
import { describeRetention } from '@/lib/flow-detail/format';
import styles from './flow-detail.module.css';

type Retention = Extract<FlowLookup, { found: false }>['retention'];

export function FlowNotFound({ retention }: { retention: Retention }) {
  const text = describeRetention(retention);
  return (
    <div className={styles.message} data-testid="flow-not-found" role="status">
      <h2>{"This flow is not in Flowscope's history"}</h2>
      <p>
        {text.likelyAgedOut
          ? 'The history is at its retention limit, so the flow has most likely aged out of it.'
          : 'The history is within its limits, so the flow has probably not aged out: it may never have reached Flowscope, or the link may be wrong.'}
      </p>
      <p data-testid="flow-retention">
        History now: <span className="mono">{text.span}</span> (
        {retention.flows.toLocaleString('en-US')} flows). Retention: {text.limits}.
      </p>
      <p>
        <Link href="/flows" className={styles.link} data-testid="flow-back">
          Back to flows
        </Link>
      </p>
    </div>
  );
}
