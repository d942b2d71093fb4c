'use client';
// "Suggest a fix" on a dropped flow: the smallest policy change that allows its traffic, as
// the server proposes it (GET /api/recommend?flow=), with the diff of the policy it extends,
// the flows that justify each rule, and what else it would allow ("wider than observed").
// The YAML is copied or downloaded for `kubectl apply -f -`, the patch for a GitOps
// repository, or handed to the policy lab as a draft. Everything shown is text.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { FlowRecord } from '@/lib/api/flow-record';
import type { PolicyChange, ProposedRule, RecommendAnswer } from '@/lib/api/recommend';
import { flowPath } from '@/lib/flow-detail/links';
import { cleanText, formatCount } from '@/lib/flows/format-flow';
import {
  fixFileName,
  flowRecommendQueryOptions,
  labDraftBody,
  labDraftHref,
} from '@/lib/recommend/queries';
import { createDraft } from '@/lib/lab/queries';
import { downloadBlob } from '@/components/map/export-download';
import { CopyButton } from './copy-button';
import { Section } from './fields';
import styles from './flow-detail.module.css';

/** Multi-line text with each line cleaned of characters that hide or reorder text. */
const DOWNLOADS = [
  { ext: 'yaml', field: 'yaml', type: 'application/yaml', label: 'Download YAML' },
  { ext: 'patch', field: 'patch', type: 'text/x-diff', label: 'Download patch' },
] as const;

function cleanLines(text: string): string {
  return text.split('\n').map(cleanText).join('\n');
}

function download(text: string, name: string, type: string) {
  downloadBlob(new Blob([text], { type: `${type};charset=utf-8` }), name);
}

function RuleItem({ rule }: { rule: ProposedRule }) {
  const f = rule.flows;
  return (
    <li className={styles.policy} data-testid="suggestion-rule" data-direction={rule.direction}>
      <span>
        {rule.direction} of {cleanText(rule.subject)} {rule.direction === 'ingress' ? 'from' : 'to'}{' '}
        <span className={styles.mono}>{cleanText(rule.peer)}</span>
        {rule.ports.length > 0 ? (
          <>
            {' '}
            on <span className={styles.mono}>{cleanText(rule.ports.join(', '))}</span>
          </>
        ) : null}
        {rule.http?.map((h) => (
          <span key={`${h.method} ${h.path}`} className={styles.mono}>
            {' '}
            {cleanText(`${h.method} ${h.path}`)}
          </span>
        ))}
        {rule.companion ? <span className={styles.explain}> (the peer’s side)</span> : null}
      </span>
      <div className={styles.policyMeta} data-testid="suggestion-provenance">
        <span>
          {formatCount(f.count)} flow{f.count === 1 ? '' : 's'}
        </span>
        {f.firstSeen ? <span>first {cleanText(f.firstSeen)}</span> : null}
        {f.lastSeen ? <span>last {cleanText(f.lastSeen)}</span> : null}
        {f.exampleIds.map((id) => (
          <Link
            key={id}
            href={flowPath(id)}
            className={styles.link}
            prefetch={false}
            data-testid="suggestion-flow-link"
          >
            {cleanText(id.slice(0, 8))}
          </Link>
        ))}
      </div>
    </li>
  );
}

function ChangeBlock({ change }: { change: PolicyChange }) {
  const n = change.rules.length;
  const title =
    change.action === 'create'
      ? `New policy ${change.namespace}/${change.name}`
      : `Add ${n} rule${n === 1 ? '' : 's'} to ${change.namespace}/${change.name}`;
  return (
    <div data-testid="suggestion-change" data-action={change.action} data-policy={change.policyId}>
      <h3 className={styles.subTitle}>{cleanText(title)}</h3>
      <ul className={styles.plainList}>
        {change.rules.map((r, i) => (
          <RuleItem key={i} rule={r} />
        ))}
      </ul>
      <pre className={styles.raw} data-testid="suggestion-diff">
        {cleanLines(change.diff)}
      </pre>
    </div>
  );
}

function Warnings({ answer }: { answer: RecommendAnswer }) {
  const v = answer.verification;
  const items: string[] = [];
  for (const w of v.wider) {
    const port = w.port !== undefined ? `:${w.port}` : '';
    items.push(
      `Also allows ${w.source} → ${w.destination}${port}/${w.protocol} (${w.flowId.slice(0, 8)}), by ${w.decidedBy}`,
    );
  }
  if (v.widerCount > v.wider.length) items.push(`… and ${v.widerCount - v.wider.length} more`);
  for (const s of v.widerSelectors) {
    items.push(`The selector ${s.selector} also selects ${s.alsoSelects.join(', ')}`);
  }
  if (items.length === 0) return null;
  return (
    <div className={styles.error} role="alert" data-testid="suggestion-wider">
      <p>Wider than observed:</p>
      <ul>
        {items.map((t, i) => (
          <li key={i}>{cleanText(t)}</li>
        ))}
      </ul>
    </div>
  );
}

/** Saves the proposal as a draft and opens it in the lab, previewed over the same window. */
function OpenInLab({ answer }: { answer: RecommendAnswer }) {
  const router = useRouter();
  const open = useMutation({
    mutationFn: () => createDraft(labDraftBody(answer)),
    onSuccess: (saved) => router.push(labDraftHref(saved.draft.id, answer)),
  });
  return (
    <>
      <button
        type="button"
        className="button"
        data-testid="suggestion-open-lab"
        disabled={open.isPending}
        onClick={() => open.mutate()}
      >
        {open.isPending ? 'Opening…' : 'Open in policy lab'}
      </button>
      {open.isError ? (
        <span className={styles.error} role="alert" data-testid="suggestion-open-lab-error">
          {cleanText(open.error.message)}
        </span>
      ) : null}
    </>
  );
}

function Proposal({ answer, flowId }: { answer: RecommendAnswer; flowId: string }) {
  const v = answer.verification;
  return (
    <>
      <p className={styles.explain} data-testid="suggestion-summary">
        {cleanText(answer.summary)}
      </p>
      <Warnings answer={answer} />
      {v.unresolved.length > 0 || v.newlyDenied > 0 ? (
        <div className={styles.error} role="alert" data-testid="suggestion-unresolved">
          {v.unresolved.map((u, i) => (
            <p key={i}>Not fixed: {cleanText(`${u.flowId.slice(0, 8)} ${u.reason}`)}</p>
          ))}
          {v.newlyDenied > 0 ? <p>Would newly deny {formatCount(v.newlyDenied)} flows.</p> : null}
        </div>
      ) : null}
      {answer.notes.map((n, i) => (
        <p key={i} className={styles.explain} data-testid="suggestion-note">
          {cleanText(n)}
        </p>
      ))}
      <div className={styles.rawBar}>
        <CopyButton label="Copy YAML" testId="suggestion-copy" text={() => answer.yaml} />
        {DOWNLOADS.map((d) => (
          <button
            key={d.ext}
            type="button"
            className="button"
            data-testid={`suggestion-download-${d.ext}`}
            onClick={() => download(answer[d.field], fixFileName(flowId, d.ext), d.type)}
          >
            {d.label}
          </button>
        ))}
        <OpenInLab answer={answer} />
      </div>
      {answer.changes.map((c) => (
        <ChangeBlock key={c.policyId} change={c} />
      ))}
      <h3 className={styles.subTitle}>YAML to apply</h3>
      <pre className={styles.raw} data-testid="suggestion-yaml">
        {cleanLines(answer.yaml)}
      </pre>
    </>
  );
}

export function SuggestionSection({ flow }: { flow: FlowRecord }) {
  const query = useQuery(flowRecommendQueryOptions(flow.id));
  const ref = useRef<HTMLDivElement>(null);
  // Opened from a "fix" link (`#suggest-fix`): the section appears after the flow, so the
  // browser's own jump to the anchor has already happened; scroll once it is there.
  const ready = query.isSuccess;
  useEffect(() => {
    if (ready && window.location.hash === '#suggest-fix') ref.current?.scrollIntoView();
  }, [ready]);
  return (
    <div id="suggest-fix" ref={ref}>
      <Section title="Suggest a fix" testId="flow-suggestion">
        {query.isPending ? (
          <p className={styles.explain}>Working out the smallest change…</p>
        ) : query.isError ? (
          <p className={styles.error} role="alert">
            Could not suggest a fix: {cleanText(query.error.message)}
          </p>
        ) : query.data.status === 'nothing' ? (
          <p className={styles.explain} data-testid="suggestion-summary">
            {cleanText(query.data.summary)}
          </p>
        ) : (
          <Proposal answer={query.data} flowId={flow.id} />
        )}
      </Section>
    </div>
  );
}
