// What the colours and widths mean, plus the totals line of the map on screen.
import type { ServiceMap } from '@/server/aggregate/types';
import { formatCount } from '@/lib/format-flow';
import { totalParts } from '@/lib/map-totals';
import { DROP_STEPS, LINK_COLOURS, toneColour } from '@/lib/map-style';
import styles from './map-page.module.css';
import panel from './map-panel.module.css';
import stage from './map-stage.module.css';

const RAMP = Array.from({ length: DROP_STEPS + 1 }, (_, step) =>
  toneColour({ kind: 'drops', step }),
);

export function MapLegend() {
  return (
    <div className={styles.legend} data-testid="map-legend" aria-label="Legend">
      <span className={styles.legendItem}>
        <span className={styles.ramp} aria-hidden>
          {RAMP.map((c) => (
            <span key={c} style={{ background: c }} />
          ))}
        </span>
        forwarded → dropped (share of drops)
      </span>
      <span className={styles.legendItem}>
        <span className={styles.swatch} style={{ background: LINK_COLOURS.caution }} aria-hidden />
        audit / error / other
      </span>
      <span className={styles.legendItem}>
        <span className={styles.swatch} style={{ background: LINK_COLOURS.replies }} aria-hidden />
        replies only
      </span>
      <span className={styles.legendItem}>width: flows (log) · arrow: direction</span>
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
