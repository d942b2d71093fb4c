'use client';
// The side panel of the selected node or link: its counts on top, then its flows in the
// same window (newest first), fetched per edge (a link is up to MAX_EDGE_LISTS edges),
// per node, or per namespace for a collapsed group.
import { useQueries } from '@tanstack/react-query';
import type { FlowRecord } from '@/lib/api/flow-record';
import {
  cleanText,
  formatDropReason,
  formatEndpoint,
  formatFlowDateTime,
  formatFlowTime,
  formatL7,
  formatPort,
} from '@/lib/flows/format-flow';
import { DETAIL_FLOWS_LIMIT, mapFlowsQueryOptions } from '@/lib/map/queries';
import type { TimeWindow } from '@/lib/time-window/time-window';
import { MapSummary } from './map-summary';
import type { Subject } from './map-subject';
import styles from './map-panel.module.css';

export interface MapDetailProps {
  subject: Subject | undefined;
  /** The selected id, for the message when it is not on the map. */
  selectedId: string;
  window: TimeWindow;
  verdict: string;
  onClose: () => void;
}

const VERDICT_CLASS: Record<string, string | undefined> = {
  FORWARDED: styles.vForwarded,
  REDIRECTED: styles.vForwarded,
  DROPPED: styles.vDropped,
  ERROR: styles.vDropped,
  AUDIT: styles.vCaution,
};

function FlowRowItem({ flow }: { flow: FlowRecord }) {
  const l7 = formatL7(flow);
  return (
    <li
      className={styles.flowRow}
      data-testid="map-flow-row"
      data-flow-id={flow.id}
      data-verdict={flow.verdict}
    >
      <div className={styles.flowTop}>
        <span className={styles.mono} title={formatFlowDateTime(flow.ts)}>
          {formatFlowTime(flow.ts)}
        </span>
        <span className={VERDICT_CLASS[flow.verdict] ?? styles.vCaution}>
          {cleanText(flow.verdict)}
        </span>
        <span className={styles.mono}>{formatPort(flow)}</span>
        <span className={styles.muted}>{formatDropReason(flow)}</span>
      </div>
      <div className={styles.flowPeers}>
        {formatEndpoint(flow.source)} → {formatEndpoint(flow.destination)}
      </div>
      {l7 ? <div className={`${styles.mono} ${styles.flowL7}`}>{l7}</div> : null}
    </li>
  );
}

export function MapDetail({ subject, selectedId, window, verdict, onClose }: MapDetailProps) {
  const results = useQueries({
    queries: (subject?.targets ?? []).map((t) => mapFlowsQueryOptions(window, t, verdict)),
  });
  const seen = new Set<string>();
  const flows: FlowRecord[] = [];
  for (const r of results) {
    for (const f of r.data?.flows ?? []) {
      if (seen.has(f.id)) continue;
      seen.add(f.id);
      flows.push(f);
    }
  }
  flows.sort((a, b) => b.ts - a.ts);
  const shown = flows.slice(0, DETAIL_FLOWS_LIMIT);
  const loading = results.some((r) => r.isPending);
  const failed = results.find((r) => r.error)?.error;
  const truncated = results.some((r) => r.data?.truncated) || flows.length > shown.length;
  return (
    <aside
      className={styles.detail}
      data-testid="map-detail"
      data-kind={subject?.kind}
      aria-label="Details"
    >
      <header className={styles.detailHeader}>
        <div className={styles.detailTitles}>
          <h2 className={styles.detailTitle} data-testid="map-detail-title">
            {cleanText(subject?.title ?? selectedId)}
          </h2>
          <div className={styles.muted}>{subject?.subtitle ?? 'not on the map in this window'}</div>
        </div>
        <button type="button" className="button" data-testid="map-detail-close" onClick={onClose}>
          Close
        </button>
      </header>
      {subject ? <MapSummary data={subject.summary} /> : null}
      <div className={styles.flowsHead}>
        <strong>Flows</strong>
        <span className={styles.muted} data-testid="map-flow-count" data-count={shown.length}>
          {loading ? 'loading…' : `${shown.length}${truncated ? '+' : ''} newest`}
          {subject && subject.moreEdges > 0
            ? ` · ${subject.moreEdges} quieter edges not listed`
            : ''}
        </span>
      </div>
      {failed ? (
        <p className={styles.error} role="alert">
          Could not load flows: {failed.message}
        </p>
      ) : null}
      {!loading && shown.length === 0 && !failed ? (
        <p className={styles.muted}>No flows of this {subject?.kind ?? 'element'} in the window.</p>
      ) : null}
      <ul className={styles.flowList}>
        {shown.map((f) => (
          <FlowRowItem key={f.id} flow={f} />
        ))}
      </ul>
    </aside>
  );
}
