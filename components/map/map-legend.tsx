// What the colours and widths mean, plus the totals line of the map on screen.
import type { ServiceMap } from '@/lib/api/aggregate';
import { formatCount } from '@/lib/flows/format-flow';
import { totalParts } from '@/lib/map/totals';
import {
  DROP_STEPS,
  LINK_COLOURS,
  linkWidthScale,
  toneColour,
  type DropsMode,
} from '@/lib/map/style';
import {
  COVERAGE_COLOURS,
  COVERAGE_LABELS,
  type CoverageState,
  type NodeColourMode,
} from '@/lib/map/coverage-colour';
import styles from './map-page.module.css';
import panel from './map-panel.module.css';
import stage from './map-stage.module.css';

const RAMP = Array.from({ length: DROP_STEPS + 1 }, (_, step) =>
  toneColour({ kind: 'drops', step }),
);

const widthOf = linkWidthScale(16);
/** Sample widths at 1/16, 1/4 and all of the busiest link's flows. */
const WIDTH_SAMPLES = [1, 4, 16].map(widthOf);

export interface MapLegendProps {
  drops: DropsMode;
  onDrops: (mode: DropsMode) => void;
  nodes: NodeColourMode;
  onNodes: (mode: NodeColourMode) => void;
  /** Why the coverage colours could not be fetched. */
  coverageError?: string;
}

const COVERAGE_ORDER: CoverageState[] = ['protected', 'one-way', 'open'];

export function MapLegend({ drops, onDrops, nodes, onNodes, coverageError }: MapLegendProps) {
  return (
    <div className={styles.legend} data-testid="map-legend" aria-label="Legend">
      <label className={styles.legendItem}>
        red by
        <select
          className={styles.control}
          value={drops}
          data-testid="map-drops-mode"
          onChange={(e) => onDrops(e.target.value === 'count' ? 'count' : 'share')}
        >
          <option value="share">share of drops</option>
          <option value="count">drop count</option>
        </select>
      </label>
      <span className={styles.legendItem} data-testid="map-legend-ramp">
        <span className={styles.ramp} aria-hidden>
          {RAMP.map((c) => (
            <span key={c} style={{ background: c }} />
          ))}
        </span>
        {drops === 'count'
          ? 'no drops → most drops of any link (drop count, √ scale)'
          : 'forwarded → dropped (share of drops)'}
      </span>
      <span className={styles.legendItem}>
        <span className={styles.swatch} style={{ background: LINK_COLOURS.caution }} aria-hidden />
        audit / error / other
      </span>
      <span className={styles.legendItem}>
        <span className={styles.swatch} style={{ background: LINK_COLOURS.replies }} aria-hidden />
        replies only
      </span>
      <span className={styles.legendItem} data-testid="map-legend-width">
        <span className={styles.widths} aria-hidden>
          {WIDTH_SAMPLES.map((w) => (
            <span key={w} style={{ height: w }} />
          ))}
        </span>
        width: flows, √ scale (¼ of the busiest link&apos;s flows = half its width) · arrow:
        direction
      </span>
      <label className={styles.legendItem}>
        nodes by
        <select
          className={styles.control}
          value={nodes}
          data-testid="map-node-colour"
          onChange={(e) => onNodes(e.target.value === 'coverage' ? 'coverage' : 'kind')}
        >
          <option value="kind">kind</option>
          <option value="coverage">policy coverage</option>
        </select>
      </label>
      {nodes === 'coverage' ? (
        <span className={styles.legendItem} data-testid="map-legend-coverage">
          {coverageError
            ? `coverage unavailable: ${coverageError}`
            : COVERAGE_ORDER.map((state) => (
                <span key={state}>
                  <span
                    className={styles.dot}
                    style={{ background: COVERAGE_COLOURS[state] }}
                    aria-hidden
                  />{' '}
                  {COVERAGE_LABELS[state]}{' '}
                </span>
              ))}
        </span>
      ) : null}
      <span className={styles.legendItem}>
        <span className={`${styles.dot} ${stage.nodeWorkload}`} aria-hidden /> workload
        <span className={`${styles.dot} ${stage.nodeReserved}`} aria-hidden /> reserved
        <span className={`${styles.dot} ${stage.nodeGroup}`} aria-hidden /> namespace
      </span>
    </div>
  );
}

const TONE_CLASS = {
  forwarded: panel.vForwarded,
  dropped: panel.vDropped,
  caution: panel.vCaution,
  muted: styles.muted,
} as const;

export function MapTotals({
  map,
  nodes,
  links,
}: {
  map: ServiceMap;
  nodes: number;
  links: number;
}) {
  const t = map.totals;
  return (
    <div
      className={styles.totals}
      data-testid="map-totals"
      data-flows={t.flows}
      data-dropped={t.dropped}
    >
      <span>
        <strong>{formatCount(nodes)}</strong> nodes
      </span>
      <span>
        <strong>{formatCount(links)}</strong> links
      </span>
      <span>
        <strong>{formatCount(t.flows)}</strong> flows =
      </span>
      {totalParts(t).map((p, i) => (
        <span
          key={p.key}
          className={TONE_CLASS[p.tone]}
          data-testid="map-total-part"
          data-part={p.key}
          data-count={p.count}
        >
          {i > 0 ? '+ ' : ''}
          {formatCount(p.count)} {p.label}
        </span>
      ))}
    </div>
  );
}
