'use client';
// One stacked bar chart of the timeline: d3 scales for geometry, React for every SVG
// element. Each segment is a button-like rect carrying its bucket and count as data
// attributes; labels come from flows, so they only ever appear as text children.
import { scaleLinear, scaleTime } from 'd3';
import { formatClock } from '@/lib/time-window/time-format';
import { cleanText } from '@/lib/flows/format-flow';
import type { GapBand } from '@/lib/timeline/gaps';
import type { PolicyChange } from '@/lib/timeline/policy-changes';
import type { StackModel, StackSegment } from '@/lib/timeline/stack';
import { GapBands } from './gap-bands';
import { PolicyChangeMarkers } from './policy-change-markers';
import { CountAxis, TimeAxis } from './time-axes';
import { TimelineBrush } from './timeline-brush';
import { useElementWidth } from './use-element-width';
import styles from './drop-timeline.module.css';

const MARGIN = { top: 8, right: 16, bottom: 30, left: 48 };
const clock = (ms: number) => formatClock(ms);

export interface StackedBarChartProps {
  model: StackModel;
  chart: 'verdicts' | 'drops';
  testId: string;
  label: string;
  /** Height of the plot, without the axis. */
  height: number;
  selected?: { key: string; start: number };
  onSelect: (segment: StackSegment) => void;
  /** Given, the time axis is a brush that picks a new window. */
  onBrush?: (range: { from: number; to: number }) => void;
  markers?: readonly PolicyChange[];
  /** Time ranges not recovered, drawn as hatched bands behind the bars. */
  gaps?: readonly GapBand[];
  /** Extra attributes on the chart root, e.g. the breakdown it shows. */
  data?: Record<`data-${string}`, string>;
}

export function StackedBarChart(props: StackedBarChartProps) {
  const { model, chart, height, selected } = props;
  const { ref, width } = useElementWidth<HTMLDivElement>();
  const plotW = Math.max(0, width - MARGIN.left - MARGIN.right);
  const x = scaleTime()
    .domain([new Date(model.window.from), new Date(model.window.to)])
    .range([0, plotW]);
  const y = scaleLinear()
    .domain([0, Math.max(1, model.max)])
    .nice()
    .range([height, 0]);
  const labels = new Map(model.series.map((s) => [s.key, s]));
  return (
    <div
      ref={ref}
      className={styles.chart}
      data-testid={props.testId}
      data-rendered={width > 0 ? 'true' : 'false'}
      data-total={model.total}
      {...props.data}
    >
      {width > 0 ? (
        <svg
          width={width}
          height={height + MARGIN.top + MARGIN.bottom}
          role="img"
          aria-label={props.label}
        >
          <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
            <CountAxis y={y} width={plotW} />
            {props.gaps ? (
              <GapBands bands={props.gaps} x={x} height={height} chart={chart} />
            ) : null}
            {model.segments.map((s) => {
              const series = labels.get(s.key);
              const top = y(s.y1);
              const bottom = y(s.y0);
              const isSelected = selected?.key === s.key && selected.start === s.start;
              return (
                <rect
                  key={`${s.key}@${s.start}`}
                  className={isSelected ? `${styles.bar} ${styles.barSelected}` : styles.bar}
                  data-testid="timeline-bar"
                  data-verdict={chart === 'verdicts' ? s.key : 'dropped'}
                  data-key={s.key}
                  data-start={s.start}
                  data-count={s.count}
                  x={x(s.start) + 0.5}
                  width={Math.max(1, x(s.end) - x(s.start) - 1)}
                  // A segment of one flow among thousands still gets a visible pixel.
                  y={Math.min(top, bottom - 1)}
                  height={Math.max(1, bottom - top)}
                  fill={series?.colour}
                  onClick={() => props.onSelect(s)}
                >
                  <title>
                    {`${cleanText(series?.label ?? s.key)}: ${s.count} · ${clock(s.start)}–${clock(s.end)}`}
                  </title>
                </rect>
              );
            })}
            <TimeAxis x={x} y={height} />
            {props.onBrush ? (
              <TimelineBrush
                from={model.window.from}
                to={model.window.to}
                width={plotW}
                top={height}
                height={MARGIN.bottom}
                onBrush={props.onBrush}
              />
            ) : null}
            {props.markers ? (
              <PolicyChangeMarkers changes={props.markers} x={x} height={height} />
            ) : null}
          </g>
        </svg>
      ) : null}
    </div>
  );
}
