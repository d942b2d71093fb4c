'use client';
// Why the policies gave this flow its verdict, evaluated by the server from the policy
// YAML: for drops, the policies that put the endpoint into default deny, the deciding
// rule, and the allow rules that came nearest with what differed; for allowed flows, the
// allowing rule. Every rule links to its policy view opened on this flow.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { policyPath, policyRulePath } from '@/lib/flow-detail/links';
import type { FlowRecord } from '@/lib/api/flow-record';
import { cleanText } from '@/lib/flows/format-flow';
import type { NearestRule, PolicyName, RuleDescription } from '@/lib/api/policy';
import {
  explanationView,
  linesText,
  nearnessText,
  type SelectingPolicy,
} from '@/lib/policy/explanation';
import { flowExplanationQueryOptions } from '@/lib/policy/queries';
import { policyLabel } from '@/lib/policy/rules';
import { Section } from './fields';
import styles from './flow-detail.module.css';

function PolicyLink({
  policy,
  flowId,
  testId,
  ruleId,
}: {
  policy: PolicyName;
  flowId: string;
  testId: string;
  /** Opens the policy on this rule, scrolled to and highlighted. */
  ruleId?: string;
}) {
  const href = ruleId ? policyRulePath(policy, ruleId, flowId) : policyPath(policy, flowId);
  const label = cleanText(policyLabel(policy));
  return href ? (
    <Link href={href} className={styles.link} data-testid={testId} prefetch={false}>
      {label}
    </Link>
  ) : (
    <span>{label}</span>
  );
}

function RuleLine({ rule, flowId }: { rule: RuleDescription; flowId: string }) {
  return (
    <>
      <PolicyLink
        policy={rule}
        flowId={flowId}
        testId="explanation-rule-link"
        ruleId={rule.ruleId}
      />{' '}
      <span className={styles.mono}>{cleanText(rule.ruleId)}</span>
      <div className={styles.policyMeta}>
        <span>{rule.action}</span>
        <span>{cleanText(rule.kind)}</span>
        <span>{linesText(rule.lines)}</span>
      </div>
    </>
  );
}

function Nearest({ rules, flowId }: { rules: readonly NearestRule[]; flowId: string }) {
  if (rules.length === 0) return null;
  return (
    <div data-testid="explanation-nearest">
      <h3 className={styles.subTitle}>Nearest allow rules</h3>
      <ul className={styles.plainList}>
        {rules.map((r) => (
          <li
            key={`${r.id}#${r.ruleId}`}
            className={styles.policy}
            data-testid="explanation-nearest-rule"
            data-rule-id={r.ruleId}
          >
            <RuleLine rule={r} flowId={flowId} />
            <span className={styles.explain}>{nearnessText(r)}; differs in:</span>
            <ul>
              {r.differences.map((d, i) => (
                <li key={`${i}:${d}`} data-testid="explanation-difference">
                  {cleanText(d)}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Selecting({ policies, flowId }: { policies: readonly SelectingPolicy[]; flowId: string }) {
  if (policies.length === 0) return null;
  return (
    <div data-testid="explanation-selecting">
      <h3 className={styles.subTitle}>Policies selecting this endpoint in this direction</h3>
      <ul className={styles.plainList}>
        {policies.map((p) => (
          <li
            key={p.id}
            className={styles.policy}
            data-testid="explanation-selecting-policy"
            data-enforcing={p.enforcing ? 'true' : 'false'}
          >
            <PolicyLink policy={p} flowId={flowId} testId="explanation-policy-link" />
            <div className={styles.policyMeta}>
              <span>{cleanText(p.kind)}</span>
              <span>
                {p.enforcing
                  ? 'puts the endpoint into default deny'
                  : 'selects it without default deny (deny rules only)'}
              </span>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ExplanationSection({ flow }: { flow: FlowRecord }) {
  const query = useQuery(flowExplanationQueryOptions(flow.id));
  if (query.isPending) {
    return (
      <Section title="Policy explanation" testId="flow-explanation">
        <p className="muted" data-testid="explanation-loading">
          Evaluating the policies…
        </p>
      </Section>
    );
  }
  if (query.isError) {
    return (
      <Section title="Policy explanation" testId="flow-explanation">
        <p className={styles.error} data-testid="explanation-error" role="alert">
          Could not explain this flow: {query.error.message}
        </p>
      </Section>
    );
  }
  const view = explanationView(query.data);
  const deciding = view.deciding;
  return (
    <Section title="Policy explanation" testId="flow-explanation">
      <div data-case={view.case} data-testid="explanation-body">
        <p
          className={view.case === 'dropped' ? styles.denyNote : undefined}
          data-testid="explanation-summary"
        >
          {cleanText(view.summary)}
        </p>
        {view.disagrees ? (
          <p className={styles.dropNote} data-testid="explanation-disagrees">
            Cilium reported a different outcome than these policies give now: the policies may have
            changed since the flow was seen.
          </p>
        ) : null}
        <Selecting policies={view.selecting} flowId={flow.id} />
        {deciding ? (
          <div data-testid="explanation-deciding" data-rule-id={deciding.ruleId}>
            <h3 className={styles.subTitle}>
              {view.case === 'allowed' ? 'Allowed by' : 'Deciding rule'}
            </h3>
            <RuleLine rule={deciding} flowId={flow.id} />
          </div>
        ) : null}
        <Nearest rules={view.nearest} flowId={flow.id} />
      </div>
    </Section>
  );
}
