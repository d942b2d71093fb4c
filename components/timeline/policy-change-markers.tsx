// Policy changes on the time axis: a small flag where a policy first shows a new revision,
// a faint line up through the bars, and the change as the flag's tooltip. Drawn after the
// brush so the flags stay hoverable; policy names are text only.
import type { ScaleTime } from 'd3';
import { cleanText } from '@/lib/flows/format-flow';
import { describePolicyChange, type PolicyChange } from '@/lib/timeline/policy-changes';
import styles from './drop-timeline.module.css';

export interface PolicyChangeMarkersProps {
  changes: readonly PolicyChange[];
  x: ScaleTime<number, number>;
  /** Plot height: the axis line sits there. */
  height: number;
}

export function PolicyChangeMarkers({ changes, x, height }: PolicyChangeMarkersProps) {
  const [d0, d1] = x.domain() as [Date, Date];
  const shown = changes.filter((c) => c.at >= d0.getTime() && c.at <= d1.getTime());
  return (
    <g>
      {shown.map((c) => {
        const text = cleanText(describePolicyChange(c));
        const px = x(c.at);
        return (
          <g
            key={`${c.policy}@${c.to}`}
            className={styles.policyChange}
            data-testid="policy-change"
            data-at={c.at}
            aria-label={text}
            transform={`translate(${px},0)`}
          >
            <line y1={0} y2={height} className={styles.policyLine} />
            <path d={`M0,${height} l-5,9 h10 z`} className={styles.policyFlag}>
              <title>{text}</title>
            </path>
          </g>
        );
      })}
    </g>
  );
}
