'use client';
// Labels as chips; long lists (pods carry dozens of labels) collapse to the first few.
import { useState } from 'react';
import { cleanText } from '@/lib/flows/format-flow';
import styles from './flow-detail.module.css';

const COLLAPSED_COUNT = 8;

export function LabelChips({ labels, testId }: { labels: readonly string[]; testId?: string }) {
  const [expanded, setExpanded] = useState(false);
  if (labels.length === 0) return null;
  const shown = expanded ? labels : labels.slice(0, COLLAPSED_COUNT);
  const hidden = labels.length - shown.length;
  return (
    <div className={styles.chips} data-testid={testId} data-count={labels.length}>
      {shown.map((label, i) => (
        <span key={`${i}:${label}`} className={styles.chip}>
          {cleanText(label)}
        </span>
      ))}
      {labels.length > COLLAPSED_COUNT ? (
        <button
          type="button"
          className={styles.textButton}
          data-testid="labels-toggle"
          aria-expanded={expanded}
          onClick={() => setExpanded((e) => !e)}
        >
          {expanded ? 'Show fewer' : `Show all ${labels.length} (+${hidden})`}
        </button>
      ) : null}
    </div>
  );
}
