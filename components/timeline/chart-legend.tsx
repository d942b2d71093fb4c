// The keys of one chart with their colours and totals over the window. Drop keys come from
// flows (reason names, policy names): text children only.
import { cleanText, formatCount } from '@/lib/flows/format-flow';
import type { StackModel } from '@/lib/timeline/stack';
import styles from './drop-timeline.module.css';

export function ChartLegend({
  model,
  testId,
  hideEmpty = false,
}: {
  model: StackModel;
  testId: string;
  /** Leave out keys with no flows (the verdict chart lists all six otherwise). */
  hideEmpty?: boolean;
}) {
  const series = hideEmpty ? model.series.filter((s) => s.total > 0) : model.series;
  return (
    <ul className={styles.legend} data-testid={testId} aria-label="Legend">
      {series.map((s) => (
        <li
          key={s.key}
          className={styles.legendItem}
          data-testid="legend-item"
          data-key={s.key}
          data-total={s.total}
        >
          <span className={styles.swatch} style={{ background: s.colour }} aria-hidden />
          <span>{cleanText(s.label)}</span>
          <span className={styles.muted}>{formatCount(s.total)}</span>
        </li>
      ))}
    </ul>
  );
}
