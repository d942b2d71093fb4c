// The staged drafts that would deny this allowed flow: what enforcing them would break.
// Draft names and rules are text only.
import Link from 'next/link';
import type { FlowRow } from '@/lib/api/types';
import { cleanText } from '@/lib/flows/format-flow';
import { readinessSearch } from '@/lib/lab/readiness';
import { Section } from './fields';
import styles from './flow-detail.module.css';

export function StagedSection({ flow }: { flow: FlowRow }) {
  const marks = flow.staged ?? [];
  if (marks.length === 0) return null;
  return (
    <Section title="Staged policies" testId="flow-staged">
      <ul>
        {marks.map((m) => (
          <li key={m.draft} data-testid="flow-staged-draft" data-draft={m.draft}>
            Would be denied by staged <strong>{cleanText(m.name)}</strong>{' '}
            <span className={styles.mono}>({cleanText(m.decidedBy)})</span> ·{' '}
            <Link
              href={`/lab/readiness?${readinessSearch({ draft: m.draft, namespace: '', period: '1h' })}`}
              prefetch={false}
              className={styles.link}
            >
              readiness
            </Link>
          </li>
        ))}
      </ul>
    </Section>
  );
}
