// Why the flow had its verdict: the drop reason explained, where in the datapath it was
// seen, and which kind of policy rule matched.
import { explainDropReason } from '@/lib/flows/drop-reasons';
import {
  eventSubTypeName,
  eventTypeName,
  explainDirection,
  explainFlowPolicyMatch,
} from '@/lib/flow-detail/explain';
import type { FlowRow } from '@/lib/api/types';
import { decisionSourceText } from '@/lib/flows/flow-decision';
import { decisionText } from '@/lib/timeline/drop-edges';
import { cleanText } from '@/lib/flows/format-flow';
import { Field, Fields, Section } from './fields';
import styles from './flow-detail.module.css';

function Explained({ value, text, testId }: { value: string; text: string; testId?: string }) {
  return (
    <>
      <span className={styles.mono}>{value}</span>
      <span className={styles.explain} data-testid={testId}>
        {text}
      </span>
    </>
  );
}

export function VerdictSection({ flow }: { flow: FlowRow }) {
  const match = explainFlowPolicyMatch(flow);
  const dropReason = flow.dropReason ? cleanText(flow.dropReason) : '';
  return (
    <Section title="Verdict" testId="flow-verdict">
      <Fields>
        <Field label="Verdict" value={cleanText(flow.verdict)} mono testId="verdict-value" />
        <Field label="Drop reason" value={dropReason} mono testId="drop-reason" />
        {flow.decidedBy ? (
          <Field
            label="Decided by"
            testId="flow-decided-by"
            value={
              <>
                {cleanText(decisionText(flow.decidedBy))}
                <span className={styles.explain} data-source={flow.decidedBy.source}>
                  {decisionSourceText(flow.decidedBy)}
                </span>
              </>
            }
          />
        ) : null}
      </Fields>
      {dropReason ? (
        <p className={styles.dropNote} data-testid="drop-explanation">
          {explainDropReason(dropReason)}
        </p>
      ) : null}
      <Fields>
        <Field
          label="Direction"
          value={
            <Explained value={cleanText(flow.direction)} text={explainDirection(flow.direction)} />
          }
        />
        <Field label="Observation point" value={cleanText(flow.observationPoint ?? '')} mono />
        <Field label="Trace reason" value={cleanText(flow.traceReason ?? '')} mono />
        <Field label="Event type" value={eventTypeName(flow.eventType)} mono />
        <Field
          label="Event sub-type"
          value={eventSubTypeName(flow.eventType, flow.eventSubType)}
          mono
        />
        <Field
          label="Reply"
          value={flow.isReply === undefined ? 'unknown' : flow.isReply ? 'yes' : 'no'}
        />
        <Field
          label="Policy match"
          value={
            <Explained
              value={`${match.name} (${flow.policyMatchType})`}
              text={match.text}
              testId="policy-match-explanation"
            />
          }
        />
        <Field label="Auth type" value={cleanText(flow.authType ?? '')} mono />
        <Field label="Proxy port" value={flow.proxyPort} mono />
        <Field label="Interface" value={cleanText(flow.interfaceName ?? '')} mono />
        <Field label="Summary" value={cleanText(flow.summary ?? '')} mono />
      </Fields>
    </Section>
  );
}
