// The two charts of the drop timeline with their headings and legends: every flow by
// verdict (its time axis is the brush and carries the policy-change flags), then the drops
// split by reason or policy on the same time scale.
import type { DropBreakdown } from '@/lib/api/aggregate';
import type { GapBand } from '@/lib/timeline/gaps';
import type { PolicyChange } from '@/lib/timeline/policy-changes';
import type { SegmentSelection } from '@/lib/timeline/segment-flows';
import type { StackModel, StackSegment } from '@/lib/timeline/stack';
import { ChartLegend } from './chart-legend';
import { GapList } from './gap-list';
import { StackedBarChart } from './stacked-bar-chart';
import styles from './drop-timeline.module.css';

export interface TimelineChartsProps {
  verdicts: StackModel;
  drops: StackModel;
  breakdown: DropBreakdown;
  /** The previous answer is shown while a new one loads. */
  updating: boolean;
  changes: readonly PolicyChange[];
  /** Time ranges whose flows could not be recovered. */
  gaps: readonly GapBand[];
  selected?: SegmentSelection;
  onSelect: (chart: SegmentSelection['chart'], segment: StackSegment) => void;
  onBrush: (range: { from: number; to: number }) => void;
}

export function TimelineCharts(props: TimelineChartsProps) {
  const { verdicts, drops, breakdown, selected } = props;
  const state = props.updating ? 'updating' : 'ready';
  return (
    <div className={styles.charts} data-state={state}>
      <section className={styles.panel}>
        <h2 className={styles.heading}>
          Flows by verdict
          <span className={styles.muted}> · drag along the time axis to zoom in</span>
        </h2>
        <StackedBarChart
          model={verdicts}
          chart="verdicts"
          testId="timeline-chart"
          label="Flows over time, stacked by verdict"
          height={180}
          selected={selected?.chart === 'verdicts' ? selected : undefined}
          onSelect={(s) => props.onSelect('verdicts', s)}
          onBrush={props.onBrush}
          markers={props.changes}
          gaps={props.gaps}
          data={{
            'data-state': state,
            'data-policy-changes': String(props.changes.length),
            'data-gaps': String(props.gaps.length),
          }}
        />
        <ChartLegend model={verdicts} testId="timeline-legend" />
        <GapList bands={props.gaps} />
      </section>
      <section className={styles.panel}>
        <h2 className={styles.heading}>Drops by {breakdown}</h2>
        {drops.total === 0 ? (
          <div className={styles.placeholder} data-testid="drops-chart" data-breakdown={breakdown}>
            No drops in this window.
          </div>
        ) : (
          <>
            <StackedBarChart
              model={drops}
              chart="drops"
              testId="drops-chart"
              label={`Drops over time, by ${breakdown}`}
              height={150}
              selected={selected?.chart === 'drops' ? selected : undefined}
              onSelect={(s) => props.onSelect('drops', s)}
              gaps={props.gaps}
              data={{ 'data-breakdown': breakdown, 'data-state': state }}
            />
            <ChartLegend model={drops} testId="drops-legend" />
          </>
        )}
      </section>
    </div>
  );
}
