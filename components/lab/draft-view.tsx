'use client';
// One draft set: its name, its changes (an editor per applied document, a line per removal),
// the problems of each at their lines, save and delete. Problems are checked as the user
// types; saving keeps a draft with problems (work in progress) and shows them.
import { useCallback, useEffect, useMemo, useState } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DraftChange, DraftProblem, DraftSet } from '@/lib/api/lab';
import {
  changeLabel,
  newPolicyYaml,
  parsePolicyKeyId,
  problemText,
  problemsOfChange,
} from '@/lib/lab/draft-edit';
import {
  deleteDraft,
  draftQueryOptions,
  policyYaml,
  saveDraft,
  validateQueryOptions,
} from '@/lib/lab/queries';
import { queryKeys } from '@/lib/query-keys';
import { PolicyPicker } from './policy-picker';
import { YamlEditor } from './yaml-editor';
import styles from './lab.module.css';

const CHECK_DELAY_MS = 400;

interface EditedChange {
  /** Stable across edits, for React keys and the editor's life. */
  key: number;
  change: DraftChange;
}

let nextKey = 1;
const edited = (change: DraftChange): EditedChange => ({ key: nextKey++, change });

export function DraftView({ id }: { id: string }) {
  const q = useQuery(draftQueryOptions(id));
  if (q.isPending) return <div className={styles.page}>Loading the draft…</div>;
  if (q.isError) {
    return (
      <div className={styles.page}>
        <p className={styles.error} data-testid="draft-error">
          {q.error.message}
        </p>
        <Link href="/lab">All drafts</Link>
      </div>
    );
  }
  return <DraftEditor key={q.data.draft.id} draft={q.data.draft} saved={q.data.problems} />;
}

function DraftEditor({ draft, saved }: { draft: DraftSet; saved: DraftProblem[] }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [name, setName] = useState(draft.name);
  const [staged, setStaged] = useState(draft.staged);
  const [changes, setChanges] = useState<EditedChange[]>(() => draft.changes.map(edited));
  const [dirty, setDirty] = useState(false);
  const [pickError, setPickError] = useState<string | undefined>();

  const current = useMemo(() => changes.map((c) => c.change), [changes]);
  const [checking, setChecking] = useState<DraftChange[]>(current);
  useEffect(() => {
    const t = setTimeout(() => setChecking(current), CHECK_DELAY_MS);
    return () => clearTimeout(t);
  }, [current]);
  const check = useQuery({ ...validateQueryOptions(checking), placeholderData: keepPreviousData });
  const checked = check.data?.checked ?? draft.changes;
  const problems = check.data?.problems ?? saved;

  const save = useMutation({
    mutationFn: () => saveDraft(draft.id, { name, changes: current, staged }),
    onSuccess: (answer) => {
      queryClient.setQueryData(queryKeys.lab.draft(draft.id), answer);
      void queryClient.invalidateQueries({ queryKey: queryKeys.lab.drafts() });
      setDirty(false);
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteDraft(draft.id),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: queryKeys.lab.draft(draft.id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.lab.drafts() });
      router.push('/lab');
    },
  });

  const edit = useCallback((next: (list: EditedChange[]) => EditedChange[]) => {
    setChanges(next);
    setDirty(true);
  }, []);
  const setYaml = useCallback(
    (key: number, text: string) =>
      edit((list) =>
        list.map((c) => (c.key === key ? { key, change: { action: 'apply', yaml: text } } : c)),
      ),
    [edit],
  );
  const add = (change: DraftChange) => edit((list) => [...list, edited(change)]);

  const startFrom = async (policyId: string) => {
    const key = parsePolicyKeyId(policyId);
    if (!key) return;
    setPickError(undefined);
    try {
      add({ action: 'apply', yaml: await policyYaml(key) });
    } catch (err) {
      setPickError(err instanceof Error ? err.message : String(err));
    }
  };
  const removeInForce = (policyId: string) => {
    const key = parsePolicyKeyId(policyId);
    if (key) add({ action: 'remove', ...key });
  };
  const firstNamespace = useMemo(() => {
    for (const c of current) {
      const ns = c.action === 'apply' ? /^\s+namespace:\s*(\S+)/m.exec(c.yaml)?.[1] : c.namespace;
      if (ns) return ns;
    }
    return 'default';
  }, [current]);

  return (
    <div className={styles.page}>
      <div className={styles.view}>
        <p className={styles.crumbs}>
          <Link href="/lab">Policy lab</Link> / draft
        </p>
        <div className={styles.toolbar}>
          <input
            className={styles.nameInput}
            aria-label="Draft name"
            data-testid="draft-name"
            value={name}
            maxLength={200}
            onChange={(e) => {
              setName(e.target.value);
              setDirty(true);
            }}
          />
          <label className={styles.check}>
            <input
              type="checkbox"
              checked={staged}
              data-testid="draft-staged"
              onChange={(e) => {
                setStaged(e.target.checked);
                setDirty(true);
              }}
            />
            staged
          </label>
          <button
            type="button"
            className="button primary"
            data-testid="draft-save"
            disabled={save.isPending || !name.trim()}
            onClick={() => save.mutate()}
          >
            {save.isPending ? 'Saving…' : 'Save'}
          </button>
          <span className={styles.status} data-testid="draft-save-state">
            {save.isError
              ? `not saved: ${save.error.message}`
              : dirty
                ? 'unsaved changes'
                : `saved${save.data ? ` with ${save.data.problems.length} problem(s)` : ''}`}
          </span>
          <button
            type="button"
            className="button"
            data-testid="draft-delete"
            disabled={remove.isPending}
            onClick={() => {
              if (window.confirm(`Delete the draft "${draft.name}"?`)) remove.mutate();
            }}
          >
            Delete draft
          </button>
        </div>
        {remove.isError && <p className={styles.error}>{remove.error.message}</p>}

        <div className={styles.toolbar}>
          <button
            type="button"
            className="button"
            data-testid="draft-add-policy"
            onClick={() => add({ action: 'apply', yaml: newPolicyYaml(firstNamespace) })}
          >
            Add policy
          </button>
          <PolicyPicker
            label="Start from existing policy"
            action="Add its YAML"
            testId="draft-start-from"
            onPick={(p) => void startFrom(p)}
          />
          <PolicyPicker
            label="Remove a policy in force"
            action="Remove"
            testId="draft-remove-policy"
            onPick={removeInForce}
          />
        </div>
        {pickError && <p className={styles.error}>{pickError}</p>}
        {check.isError && (
          <p className={styles.error} data-testid="draft-check-error">
            could not check the draft: {check.error.message}
          </p>
        )}

        {changes.length === 0 && (
          <p className={styles.muted}>
            No change yet: add a policy, start from one, or remove one.
          </p>
        )}
        <ol className={styles.changes}>
          {changes.map((c, index) => {
            const own = problemsOfChange(problems, index);
            const was = checked[index];
            const checkedText =
              was?.action === 'apply' && c.change.action === 'apply' ? was.yaml : undefined;
            return (
              <li
                key={c.key}
                className={styles.panel}
                data-testid="draft-change"
                data-index={index}
              >
                <div className={styles.changeHead}>
                  <h2 className={styles.panelTitle}>
                    {index + 1}. {changeLabel(c.change)}
                  </h2>
                  <button
                    type="button"
                    className="button"
                    onClick={() => edit((list) => list.filter((x) => x.key !== c.key))}
                  >
                    Drop this change
                  </button>
                </div>
                {c.change.action === 'apply' && (
                  <YamlEditor
                    initial={c.change.yaml}
                    onChange={(text) => setYaml(c.key, text)}
                    problems={own}
                    checkedText={checkedText}
                    label={`YAML of change ${index + 1}`}
                    testId="draft-editor"
                  />
                )}
                {own.length > 0 ? (
                  <ul className={styles.problems} data-testid="draft-problems">
                    {own.map((p, i) => (
                      <li key={i} data-testid="draft-problem" data-line={p.line}>
                        {problemText(p)}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className={styles.ok} data-testid="draft-no-problem">
                    no problem found
                  </p>
                )}
              </li>
            );
          })}
        </ol>

        {/* The impact preview of this draft on recorded traffic is mounted here. */}
        <section
          className={styles.panel}
          data-testid="draft-preview-slot"
          aria-label="Impact preview"
        />
      </div>
    </div>
  );
}
