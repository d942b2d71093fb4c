'use client';
// The flow as `hubble observe -o jsonpb` prints it, hidden until asked for: it is long,
// and most questions are answered by the sections above.
import { useMemo, useState } from 'react';
import { prettyJson } from '@/lib/flow-detail/format';
import { CopyButton } from './copy-button';
import { Section } from './fields';
import styles from './flow-detail.module.css';

export function RawSection({ jsonpb }: { jsonpb: string }) {
  const [open, setOpen] = useState(false);
  const pretty = useMemo(() => (open ? prettyJson(jsonpb) : ''), [open, jsonpb]);
  return (
    <Section title="Raw" testId="flow-raw">
      <div className={styles.rawBar}>
        <button
          type="button"
          className="button"
          data-testid="flow-raw-toggle"
          aria-expanded={open}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? 'Hide raw JSON' : 'Raw JSON'}
        </button>
        <CopyButton label="Copy JSON" testId="flow-raw-copy" text={() => jsonpb} />
      </div>
      {open ? (
        <pre className={styles.raw} data-testid="flow-raw-json">
          {pretty}
        </pre>
      ) : null}
    </Section>
  );
}
