// A rule's allowed (green, below) and denied (red, on top) decisions per time bucket across
// the window, as a strip of SVG bars; each bucket's <title> gives its counts on hover.
import type { UsageSeries } from '@/lib/api/policy';
import { bucketText, seriesBars } from '@/lib/policy/series';
import { formatClock } from '@/lib/time-window/time-format';
import styles from './rule-usage.module.css';

// viewBox units; the SVG stretches to the card's width, so only proportions matter.
const WIDTH = 600;
const HEIGHT = 28;

export interface SeriesTimeline {
  window: { from: number; to: number };
  seriesFrom: number;
  bucketMs: number;
}

export function RuleSeries({
  series,
  timeline,
}: {
  series: UsageSeries;
  timeline: SeriesTimeline;
}) {
  const bars = seriesBars(series, { ...timeline, width: WIDTH, height: HEIGHT });
  if (bars.length === 0) return null;
  const per = bucketText(timeline.bucketMs);
  return (
    <div data-testid="rule-series" data-bucket-ms={timeline.bucketMs} data-bars={bars.length}>
      <svg
        className={styles.strip}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Allowed and denied per ${per} over the window`}
      >
        {bars.map((b) => (
          <g
            key={b.start}
            data-testid="rule-series-bar"
            data-start={b.start}
            data-allowed={b.allowed}
            data-denied={b.denied}
          >
            <title>
              {`${formatClock(b.start)}–${formatClock(b.start + timeline.bucketMs)}: allowed ${b.allowed}, denied ${b.denied}`}
            </title>
            {/* A full-height transparent rect so the whole bucket answers hover, not just the bar. */}
            <rect x={b.x} y={0} width={b.width} height={HEIGHT} fill="transparent" />
            {b.allowedHeight > 0 ? (
              <rect
                className={styles.allowedBar}
                x={b.x}
                y={b.allowedY}
                width={b.width}
                height={b.allowedHeight}
              />
            ) : null}
            {b.deniedHeight > 0 ? (
              <rect
                className={styles.deniedBar}
                x={b.x}
                y={b.deniedY}
                width={b.width}
                height={b.deniedHeight}
              />
            ) : null}
          </g>
        ))}
      </svg>
      <span className={styles.caption}>
        <span>{formatClock(timeline.window.from)}</span>
        <span>per {per}</span>
        <span>{formatClock(timeline.window.to)}</span>
      </span>
    </div>
  );
}
