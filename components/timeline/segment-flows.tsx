'use client';
// The flows of a clicked bar segment: that bucket's absolute range, its verdict and (for
// drops) its reason, newest first, each row a link to the flow's own page. Flow fields are
// attacker-controlled and go through lib/format-flow into text children.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { flowPath } from '@/lib/flow-detail/links';
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
import { segmentFlowsQueryOptions } from '@/lib/timeline/queries';
import {
  segmentIncludes,
  withoutDoubleReports,
  type SegmentSelection,
} from '@/lib/timeline/segment-flows';
import styles from './drop-timeline.module.css';

export interface SegmentFlowsProps {
  selection: SegmentSelection;
  /** The segment's legend label. */
  label: string;
  namespaces: readonly string[];
  onClose: () => void;
}

function FlowRow({ flow }: { flow: FlowRecord }) {
  const l7 = formatL7(flow);
  return (
    <li data-testid="drops-flow-row" data-flow-id={flow.id} data-verdict={flow.verdict}>
      <Link href={flowPath(flow.id)} className={styles.flowLink}>
        <span className={styles.mono} title={formatFlowDateTime(flow.ts)}>
          {formatFlowTime(flow.ts)}
        </span>
        <span className={flow.verdict === 'DROPPED' ? styles.vDropped : styles.vOther}>
          {cleanText(flow.verdict)}
        </span>
        <span>
          {formatEndpoint(flow.source)} → {formatEndpoint(flow.destination)}
        </span>
        <span className={styles.mono}>{formatPort(flow)}</span>
        <span className={styles.muted}>{formatDropReason(flow) || l7}</span>
      </Link>
    </li>
  );
}

export function SegmentFlows({ selection, label, namespaces, onClose }: SegmentFlowsProps) {
  const query = useQuery(segmentFlowsQueryOptions(selection, namespaces));
  const flows = withoutDoubleReports(query.data?.flows ?? []).filter((f) =>
    segmentIncludes(selection, f),
  );
  const range = `${formatFlowDateTime(selection.start)} – ${formatFlowTime(selection.end)}`;
  return (
    <section
      className={styles.flows}
      data-testid="drops-flows"
      data-key={selection.key}
      data-start={selection.start}
      aria-label="Flows of the selected bar"
    >
      <header className={styles.flowsHead}>
        <strong>{cleanText(label)}</strong>
        <span className={styles.muted}>{range}</span>
        <span className={styles.muted} data-testid="drops-flows-count" data-count={flows.length}>
          {query.isPending
            ? 'loading…'
            : `${flows.length}${query.data?.truncated ? '+' : ''} flows, newest first`}
        </span>
        <button type="button" className="button" data-testid="drops-flows-close" onClick={onClose}>
          Close
        </button>
      </header>
      {query.error ? (
        <p className={styles.error} role="alert">
          Could not load flows: {query.error.message}
        </p>
      ) : null}
      {!query.isPending && !query.error && flows.length === 0 ? (
        <p className={styles.muted}>No flows of this bar are still held.</p>
      ) : null}
      <ul className={styles.flowList}>
        {flows.map((f) => (
          <FlowRow key={f.id} flow={f} />
        ))}
      </ul>
    </section>
  );
}
