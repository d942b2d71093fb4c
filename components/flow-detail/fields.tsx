// Label/value rows shared by the sections. Values are React nodes built from cleaned flow
// text; empty ones are skipped so each section lists only what the flow carries.
import type { ReactNode } from 'react';
import styles from './flow-detail.module.css';

export function Fields({ children }: { children: ReactNode }) {
  return <dl className={styles.fields}>{children}</dl>;
}

export interface FieldProps {
  label: string;
  /** Omitted when undefined, null, false or ''. */
  value: ReactNode;
  mono?: boolean;
  testId?: string;
}

export function Field({ label, value, mono, testId }: FieldProps) {
  if (value === undefined || value === null || value === false || value === '') return null;
  return (
    <>
      <dt>{label}</dt>
      <dd className={mono ? styles.mono : undefined} data-testid={testId}>
        {value}
      </dd>
    </>
  );
}

export function Section({
  title,
  testId,
  children,
}: {
  title: string;
  testId: string;
  children: ReactNode;
}) {
  return (
    <section className={styles.section} data-testid={testId} aria-label={title}>
      <h2 className={styles.sectionTitle}>{title}</h2>
      {children}
    </section>
  );
}

/** A list of strings as comma-separated text; '' when empty, so the Field is skipped. */
export function joinList(values: readonly string[]): string {
  return values.join(', ');
}
