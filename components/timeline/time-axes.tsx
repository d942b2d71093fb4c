// The charts' axes, drawn by React from d3 scales: 24-hour times in the chosen zone along the
// bottom, counts up the left with light grid lines.
import type { ScaleLinear, ScaleTime } from 'd3';
import { timeTicks } from '@/lib/time-window/time-format';
import styles from './drop-timeline.module.css';

export function TimeAxis({ x, y }: { x: ScaleTime<number, number>; y: number }) {
  const ticks = timeTicks(x, 8);
  const [r0, r1] = x.range() as [number, number];
  return (
    <g className={styles.axis} transform={`translate(0,${y})`} aria-hidden>
      <line x1={r0} x2={r1} className={styles.axisLine} />
      {ticks.map((t) => (
        <g key={t.at.getTime()} transform={`translate(${x(t.at)},0)`}>
          <line y2={5} className={styles.axisLine} />
          <text y={17} textAnchor="middle">
            {t.label}
          </text>
        </g>
      ))}
    </g>
  );
}

export function CountAxis({ y, width }: { y: ScaleLinear<number, number>; width: number }) {
  const ticks = y.ticks(4);
  const format = y.tickFormat(4, '~s');
  return (
    <g className={styles.axis} aria-hidden>
      {ticks.map((t) => (
        <g key={t} transform={`translate(0,${y(t)})`}>
          <line x2={width} className={styles.grid} />
          <text x={-6} dy="0.32em" textAnchor="end">
            {format(t)}
          </text>
        </g>
      ))}
    </g>
  );
}
