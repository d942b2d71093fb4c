'use client';
// One policy: header, the shared time window, the rules with their use in the window and
// the YAML with the chosen rule highlighted. `?flow=<id>` opens the view on a flow, whose
// deciding rule is chosen first. This component composes; lib/policy/ does the work.
import { useEffect, useMemo, useState } from 'react';
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { TimeWindowPicker } from '@/components/time-window/time-window-picker';
import { ruleAnchor, ruleFromHash } from '@/lib/flow-detail/links';
import type { PolicyView as PolicyViewData } from '@/lib/api/policy';
import { policyViewQueryOptions } from '@/lib/policy/queries';
import { ruleRows } from '@/lib/policy/rules';
import { ruleRange } from '@/lib/policy/yaml';
import { ApiError } from '@/lib/api-client';
import { windowParams } from '@/lib/time-window/time-window';
import { useTimeWindow } from '@/lib/time-window/use-time-window';
import { PolicyHeader } from './policy-header';
import { FlowNote, UsageNotes } from './policy-notes';
import { PolicyRules } from './policy-rules';
import { PolicyYaml } from './policy-yaml';
import styles from './policy.module.css';

export interface PolicyViewProps {
  /** Path segments as routed; the server validates them. */
  kind: string;
  namespace: string;
  name: string;
}

function PolicyError({ error, withoutFlow }: { error: Error; withoutFlow?: string }) {
  const status = error instanceof ApiError ? error.status : undefined;
  return (
    <div className={styles.error} data-testid="policy-error" data-status={status} role="alert">
      <p>
        {status === 404 ? 'Not found' : 'Could not load this policy'}: {error.message}
      </p>
      {withoutFlow ? (
        <Link href={withoutFlow} className={styles.link} data-testid="policy-error-without-flow">
          Show the policy without the flow
        </Link>
      ) : null}
      <Link href="/policies" className={styles.link} data-testid="policy-error-back">
        All policies
      </Link>
    </div>
  );
}

/** The rule the page's fragment names (`#rule-<id>`), following later fragment changes. */
function useHashRule(ruleIds: readonly string[]): string | undefined {
  const [hash, setHash] = useState('');
  useEffect(() => {
    const read = () => setHash(window.location.hash);
    read();
    window.addEventListener('hashchange', read);
    return () => window.removeEventListener('hashchange', read);
  }, []);
  return ruleFromHash(hash, ruleIds);
}

function PolicyBody({ view, flowId }: { view: PolicyViewData; flowId: string | undefined }) {
  // The user's pick wins; then the rule the link named (a nearest rule, say); then the rule
  // that decided the chosen flow.
  const [picked, setPicked] = useState<string>();
  const ruleIds = useMemo(() => view.policy.rules.map((r) => r.id), [view]);
  const linked = useHashRule(ruleIds);
  const selected = picked ?? linked ?? view.matchedRule?.ruleId;
  useEffect(() => {
    if (!linked) return;
    const el = document.getElementById(ruleAnchor(linked));
    el?.scrollIntoView({ block: 'center' });
    el?.querySelector('button')?.focus({ preventScroll: true });
  }, [linked]);
  const rows = useMemo(() => ruleRows(view), [view]);
  const highlight = ruleRange(view.policy.rules, selected);
  const timeline = useMemo(
    () => ({ window: view.window, seriesFrom: view.seriesFrom, bucketMs: view.bucketMs }),
    [view],
  );
  return (
    <>
      <PolicyHeader policy={view.policy} />
      <TimeWindowPicker />
      {flowId ? <FlowNote flowId={flowId} view={view} /> : null}
      <UsageNotes view={view} />
      <div className={styles.columns}>
        <PolicyRules
          rows={rows}
          selected={selected}
          linked={linked}
          onSelect={setPicked}
          timeline={timeline}
        />
        <section className={styles.panel} aria-label="YAML">
          <h2 className={styles.panelTitle}>YAML</h2>
          <PolicyYaml
            yaml={view.policy.yaml}
            rules={view.policy.rules}
            highlight={highlight}
            onPickRule={setPicked}
          />
        </section>
      </div>
    </>
  );
}

export function PolicyView({ kind, namespace, name }: PolicyViewProps) {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const flowId = searchParams.get('flow') || undefined;
  const { window, error: windowError } = useTimeWindow();
  const query = useQuery({
    ...policyViewQueryOptions({ kind, namespace, name }, window, flowId),
    enabled: !windowError,
  });

  let body;
  if (windowError) {
    // The picker names the bad parameter; it also offers the way out.
    body = <TimeWindowPicker />;
  } else if (query.data) {
    // A failed refresh keeps the last answer on screen, with a note.
    body = (
      <>
        {query.isError ? (
          <p className={styles.warnNote} data-testid="policy-refresh-error">
            Could not refresh the counts: {query.error.message}
          </p>
        ) : null}
        <PolicyBody key={flowId ?? ''} view={query.data} flowId={flowId} />
      </>
    );
  } else if (query.isPending) {
    body = (
      <p className={styles.muted} data-testid="policy-loading">
        Loading the policy…
      </p>
    );
  } else {
    const flowError = query.error instanceof ApiError && query.error.param === 'flow';
    const withoutFlow = flowError
      ? `${pathname}?${new URLSearchParams(windowParams(window)).toString()}`
      : undefined;
    body = <PolicyError error={query.error} withoutFlow={withoutFlow} />;
  }
  return (
    <div className={styles.view} data-testid="policy-view" data-flow-id={flowId}>
      {body}
    </div>
  );
}
