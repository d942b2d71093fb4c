// The policies Cilium named for this flow, per direction and outcome, each linking to its
// policy page; and, for default-deny drops (where Cilium names none), why the list is empty.
import Link from 'next/link';
import { defaultDenyNote, unnamedDenyNote } from '@/lib/flow-detail/explain';
import { policyPath } from '@/lib/flow-detail/links';
import type { FlowRecord, PolicyRef } from '@/lib/api/flow-record';
import { cleanText } from '@/lib/flows/format-flow';
import { Section } from './fields';
import styles from './flow-detail.module.css';

const GROUPS = [
  { key: 'ingressAllowedBy', title: 'Ingress allowed by' },
  { key: 'egressAllowedBy', title: 'Egress allowed by' },
  { key: 'ingressDeniedBy', title: 'Ingress denied by' },
  { key: 'egressDeniedBy', title: 'Egress denied by' },
] as const;

// The link carries the flow, so the policy view highlights the rule that decided it.
function PolicyItem({ policy, flowId }: { policy: PolicyRef; flowId: string }) {
  const href = policyPath(policy, flowId);
  const name = cleanText(policy.name) || '(unnamed)';
  return (
    <li className={styles.policy} data-testid="policy">
      {href ? (
        <Link href={href} className={styles.link} data-testid="policy-link" prefetch={false}>
          {name}
        </Link>
      ) : (
        <span>{name}</span>
      )}
      <div className={styles.policyMeta}>
        <span>namespace {cleanText(policy.namespace) || '— (cluster-wide)'}</span>
        <span>kind {cleanText(policy.kind) || 'unknown'}</span>
        <span>revision {cleanText(policy.revision) || '—'}</span>
      </div>
    </li>
  );
}

export function PoliciesSection({ flow }: { flow: FlowRecord }) {
  const count = GROUPS.reduce((n, g) => n + flow[g.key].length, 0);
  const denyNote = defaultDenyNote({ ...flow, policyCount: count });
  const explicitNote = unnamedDenyNote({ ...flow, policyCount: count });
  const logs = flow.policyLog.filter((entry) => entry !== '');
  return (
    <Section title="Policies" testId="flow-policies">
      {GROUPS.map((group) =>
        flow[group.key].length > 0 ? (
          <div key={group.key} data-testid={`policies-${group.key}`}>
            <h3 className={styles.subTitle}>{group.title}</h3>
            <ul className={styles.plainList}>
              {flow[group.key].map((policy, i) => (
                <PolicyItem
                  key={`${i}:${policy.namespace}/${policy.name}`}
                  policy={policy}
                  flowId={flow.id}
                />
              ))}
            </ul>
          </div>
        ) : null,
      )}
      {denyNote ? (
        <p className={styles.denyNote} data-testid="default-deny-note">
          {denyNote}
        </p>
      ) : explicitNote ? (
        <p className={styles.denyNote} data-testid="explicit-deny-note">
          {explicitNote}
        </p>
      ) : count === 0 ? (
        <p className="muted" data-testid="no-policies">
          No policy is named on this flow. Cilium names policies only on policy-verdict events
          (event type 5), and only for allowed flows and explicit denies.
        </p>
      ) : null}
      {logs.length > 0 ? (
        <>
          <h3 className={styles.subTitle}>Policy log</h3>
          <ul className={styles.plainList} data-testid="policy-log">
            {logs.map((entry, i) => (
              <li key={`${i}:${entry}`} className={styles.mono}>
                {cleanText(entry)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Section>
  );
}
