'use client';
// Time ranges Flowscope could not recover, drawn as hatched bands across a chart's plot,
// behind the bars (so bars stay clickable) and with their words as the tooltip. A band is at
// least a few pixels wide, so a one-second loss in a day's window still shows. Text comes
// from the relay (node names, messages): only ever text children.
import { useId } from 'react';
import type { ScaleTime } from 'd3';
import type { GapBand } from '@/lib/timeline/gaps';
import styles from './drop-timeline.module.css';

const MIN_WIDTH_PX = 3;
/** Narrower bands get no label inside, only the tooltip. */
const LABEL_MIN_WIDTH_PX = 84;

export interface GapBandsProps {
  bands: readonly GapBand[];
  x: ScaleTime<number, number>;
  /** Plot height: bands span it. */
  height: number;
  chart: 'verdicts' | 'drops';
}

export function GapBands({ bands, x, height, chart }: GapBandsProps) {
  // One pattern per chart: two charts on a page must not share an element id.
  const pattern = `gap-hatch-${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
  if (bands.length === 0) return null;
  return (
    <g aria-label="Time ranges not recovered">
      <defs>
        <pattern
          id={pattern}
          patternUnits="userSpaceOnUse"
          width={6}
          height={6}
          patternTransform="rotate(45)"
        >
          <rect width={6} height={6} className={styles.gapHatchBack} />
          <line x1={0} y1={0} x2={0} y2={6} className={styles.gapHatchLine} />
        </pattern>
      </defs>
      {bands.map((b) => {
        const x0 = x(b.from);
        const x1 = x(b.to);
        const width = Math.max(MIN_WIDTH_PX, x1 - x0);
        // Widened bands stay centred on their range.
        const left = (x0 + x1) / 2 - width / 2;
        const text = b.lines.join('\n');
        return (
          <g
            key={`${b.from}-${b.to}`}
            className={styles.gap}
            data-testid="timeline-gap"
            data-chart={chart}
            data-from={b.from}
            data-to={b.to}
            data-kinds={b.kinds.join(' ')}
            data-ongoing={b.ongoing ? 'true' : 'false'}
            aria-label={text}
          >
            <rect
              x={left}
              y={0}
              width={width}
              height={height}
              fill={`url(#${pattern})`}
              className={b.ongoing ? `${styles.gapBand} ${styles.gapOngoing}` : styles.gapBand}
            >
              <title>{text}</title>
            </rect>
            {width >= LABEL_MIN_WIDTH_PX ? (
              <text x={left + 4} y={12} className={styles.gapLabel}>
                {b.label}
              </text>
            ) : null}
          </g>
        );
      })}
    </g>
  );
}
