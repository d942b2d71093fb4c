'use client';
// The dropped edges under the charts: which source reached which destination and port, what
// decided the drop (a policy and rule, default deny, the L7 rule, or a datapath reason), and
// whether Hubble named it or Flowscope derived it. Each row opens its flows and the
// explanation of one of them. Row fields come from flows: text children and encoded links.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { dropReasonLabel } from '@/lib/flows/drop-reasons';
import { cleanText, formatCount } from '@/lib/flows/format-flow';
import { formatDateTime, zoneShort } from '@/lib/time-window/time-format';
import {
  decisionPolicyHref,
  decisionText,
  edgeText,
  rowExplanationHref,
  rowSuggestionHref,
  rowFlowsHref,
  sourceText,
} from '@/lib/timeline/drop-edges';
import type { TimelineFilters } from '@/lib/timeline/filters';
import { dropEdgesQueryOptions } from '@/lib/timeline/queries';
import type { TimeWindow } from '@/lib/time-window/time-window';
import styles from './drop-timeline.module.css';
import type { DropEdgeRow } from '@/lib/api/decisions';

export interface DropEdgesTableProps {
  window: TimeWindow;
  filters: TimelineFilters;
}

function Decision({ row }: { row: DropEdgeRow }) {
  const href = decisionPolicyHref(row);
  const text = cleanText(decisionText(row.decision));
  const d = row.decision;
  return (
    <>
      {href ? (
        <Link href={href} data-testid="drop-edge-policy">
          {text}
        </Link>
      ) : (
        <span data-testid="drop-edge-policy">{text}</span>
      )}
      {d.differences?.length ? (
        <span className={styles.muted}> — {cleanText(d.differences.join('; '))}</span>
      ) : null}
      <span
        className={d.source === 'hubble' ? styles.reported : styles.derived}
        data-testid="drop-edge-source"
        data-source={d.source}
      >
        {sourceText(d)}
      </span>
    </>
  );
}

function Row({ row, window }: { row: DropEdgeRow; window: TimeWindow }) {
  const explanation = rowExplanationHref(row);
  const suggestion = rowSuggestionHref(row);
  return (
    <tr
      data-testid="drop-edge-row"
      data-kind={row.decision.kind}
      data-source={row.decision.source}
      data-count={row.count}
    >
      <td className={styles.mono}>
        {cleanText(edgeText(row))}
        {row.l7 ? <span className={styles.muted}> {cleanText(row.l7)}</span> : null}
      </td>
      <td>
        <Decision row={row} />
      </td>
      <td className={styles.muted}>{cleanText(dropReasonLabel(row.reason))}</td>
      <td className={styles.num}>{formatCount(row.count)}</td>
      <td className={styles.mono}>{formatDateTime(row.first)}</td>
      <td className={styles.mono}>{formatDateTime(row.last)}</td>
      <td className={styles.rowLinks}>
        <Link href={rowFlowsHref(row, window)} data-testid="drop-edge-flows">
          flows
        </Link>
        {explanation ? (
          <Link href={explanation} data-testid="drop-edge-explain">
            why
          </Link>
        ) : null}
        {suggestion ? (
          <Link href={suggestion} data-testid="drop-edge-fix">
            fix
          </Link>
        ) : null}
      </td>
    </tr>
  );
}

export function DropEdgesTable({ window, filters }: DropEdgesTableProps) {
  const query = useQuery(dropEdgesQueryOptions(window, filters));
  const data = query.isError ? undefined : query.data;
  return (
    <section className={styles.edges} aria-label="Dropped edges" data-testid="drop-edges">
      <header className={styles.flowsHead}>
        <strong>Dropped edges</strong>
        {data ? (
          <span className={styles.muted} data-testid="drop-edges-total" data-total={data.total}>
            {formatCount(data.total)} drops on {formatCount(data.rows.length + data.omitted)} rows,
            most first
            {data.omitted > 0
              ? ` (the ${formatCount(data.omitted)} smallest rows, ${formatCount(data.omittedCount)} drops, not shown)`
              : ''}
          </span>
        ) : null}
      </header>
      {query.error ? (
        <p className={styles.error} role="alert">
          Could not load the dropped edges: {query.error.message}
        </p>
      ) : null}
      {query.isPending ? <p className={styles.muted}>Loading the dropped edges…</p> : null}
      {data && data.rows.length === 0 ? (
        <p className={styles.muted} data-testid="drop-edges-empty">
          No drops in this window.
        </p>
      ) : null}
      {data && data.rows.length > 0 ? (
        <table className={styles.edgeTable}>
          <thead>
            <tr>
              <th scope="col">Source → destination:port/protocol</th>
              <th scope="col">Decided by</th>
              <th scope="col">Drop reason</th>
              <th scope="col" className={styles.num}>
                Drops
              </th>
              <th scope="col">First seen ({zoneShort()})</th>
              <th scope="col">Last seen ({zoneShort()})</th>
              <th scope="col" aria-label="Links" />
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <Row key={r.id} row={r} window={window} />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
