// The legend entry of the hatched bands and, under it, what each band stands for in words,
// so the ranges are readable without hovering. Text children only (relay-provided words).
import { formatCount } from '@/lib/flows/format-flow';
import type { GapBand } from '@/lib/timeline/gaps';
import styles from './drop-timeline.module.css';

/** Lines listed under the chart; the tooltips of the bands have every one. */
const MAX_LINES = 8;

export function GapList({ bands }: { bands: readonly GapBand[] }) {
  if (bands.length === 0) return null;
  const lines = bands.flatMap((b) => b.lines);
  const shown = lines.slice(0, MAX_LINES);
  return (
    <div className={styles.gapList} data-testid="timeline-gap-list">
      <div className={styles.legendItem} data-testid="gap-legend" data-count={bands.length}>
        <span className={`${styles.swatch} ${styles.gapSwatch}`} aria-hidden />
        <span>not recovered</span>
        <span className={styles.muted}>
          {formatCount(bands.length)} {bands.length === 1 ? 'range' : 'ranges'} in this window: no
          flows there does not mean no traffic
        </span>
      </div>
      <ul className={styles.gapLines}>
        {shown.map((line, i) => (
          <li key={i} data-testid="timeline-gap-item">
            {line}
          </li>
        ))}
        {lines.length > shown.length ? (
          <li className={styles.muted}>… and {lines.length - shown.length} more</li>
        ) : null}
      </ul>
    </div>
  );
}
