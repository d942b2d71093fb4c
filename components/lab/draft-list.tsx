'use client';
// The policy lab's drafts: the list the viewer may see, and a new draft, empty or started
// from a policy in force. A new draft opens at its own URL.
import { useState } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { parsePolicyKeyId, policyKeyId } from '@/lib/lab/draft-edit';
import { createDraft, draftListQueryOptions, draftPagePath } from '@/lib/lab/queries';
import { policyListQueryOptions } from '@/lib/policy/queries';
import { queryKeys } from '@/lib/query-keys';
import styles from './lab.module.css';

export function DraftList() {
  const queryClient = useQueryClient();
  const router = useRouter();
  const drafts = useQuery(draftListQueryOptions());
  const policies = useQuery(policyListQueryOptions());
  const [name, setName] = useState('');
  const [from, setFrom] = useState('');
  const create = useMutation({
    mutationFn: () => {
      const key = parsePolicyKeyId(from);
      return createDraft({ name: name.trim(), ...(key ? { from: key } : {}) });
    },
    onSuccess: (answer) => {
      queryClient.setQueryData(queryKeys.lab.draft(answer.draft.id), answer);
      void queryClient.invalidateQueries({ queryKey: queryKeys.lab.drafts() });
      router.push(draftPagePath(answer.draft.id));
    },
  });

  return (
    <div className={styles.page}>
      <div className={styles.view}>
        <h1 className={styles.title}>Policy lab</h1>
        <p className={styles.muted}>
          A draft is a set of policy changes tried on recorded traffic before it is enforced.
        </p>
        <form
          className={`${styles.panel} ${styles.toolbar}`}
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) create.mutate();
          }}
        >
          <input
            className={styles.nameInput}
            aria-label="New draft name"
            placeholder="Name of the new draft"
            data-testid="draft-new-name"
            value={name}
            maxLength={200}
            onChange={(e) => setName(e.target.value)}
          />
          <select
            aria-label="Start from existing policy"
            data-testid="draft-new-from"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          >
            <option value="">empty draft</option>
            {(policies.data?.policies ?? []).map((p) => {
              const id = policyKeyId(p);
              return (
                <option key={id} value={id}>
                  from {p.kind} {p.namespace ? `${p.namespace}/` : ''}
                  {p.name}
                </option>
              );
            })}
          </select>
          <button
            type="submit"
            className="button primary"
            data-testid="draft-new"
            disabled={!name.trim() || create.isPending}
          >
            New draft
          </button>
          {create.isError && <span className={styles.error}>{create.error.message}</span>}
        </form>

        <section className={styles.panel}>
          <h2 className={styles.panelTitle}>Drafts</h2>
          {drafts.isPending && <p className={styles.muted}>Loading…</p>}
          {drafts.isError && <p className={styles.error}>{drafts.error.message}</p>}
          {drafts.data && drafts.data.drafts.length === 0 && (
            <p className={styles.muted}>No draft yet.</p>
          )}
          <ul className={styles.draftList} data-testid="draft-list">
            {drafts.data?.drafts.map((d) => (
              <li key={d.id} data-testid="draft-list-item">
                <Link href={draftPagePath(d.id)}>{d.name}</Link>{' '}
                <span className={styles.muted}>
                  {d.changes} change(s){d.staged ? ', staged' : ''}, saved{' '}
                  {new Date(d.updatedAt).toLocaleString()}
                  {d.updatedBy ? ` by ${d.updatedBy}` : ''}
                </span>
              </li>
            ))}
          </ul>
          {drafts.data && drafts.data.errors.length > 0 && (
            <ul className={styles.problems} data-testid="draft-file-errors">
              {drafts.data.errors.map((e) => (
                <li key={e.file}>
                  {e.file}: {e.error} (left on disk)
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}
