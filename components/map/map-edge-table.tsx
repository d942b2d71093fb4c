'use client';
// The numbers beside the picture: one row per drawn link, sortable (the sort is in the URL),
// a row selects its link on the map and opens the same panel a click on the link opens.
// The busiest rows only; the rest are a sort away. Names are React text only.
import { useMemo } from 'react';
import type { VisGraph } from '@/lib/map/grouping';
import { formatCount, formatFlowDateTime, formatFlowTime } from '@/lib/flows/format-flow';
import { edgeRows, topDroppedLink, type EdgeSort } from '@/lib/map/edge-table';
import { nodeName } from './map-subject';
import styles from './map-table.module.css';

/** Rows drawn at once; a large map has thousands of links, and the table is for the top. */
export const TABLE_ROWS = 200;

const COLUMNS: { sort: EdgeSort; label: string }[] = [
  { sort: 'flows', label: 'Flows' },
  { sort: 'drops', label: 'Drops' },
  { sort: 'share', label: 'Drop share' },
  { sort: 'last', label: 'Last seen' },
];

export interface MapEdgeTableProps {
  graph: VisGraph;
  sort: EdgeSort;
  selectedId?: string;
  onSort: (sort: EdgeSort) => void;
  onSelect: (linkId: string) => void;
}

function percent(share: number): string {
  if (share === 0) return '0 %';
  if (share < 0.001) return '< 0.1 %';
  return `${(share * 100).toFixed(share < 0.1 ? 1 : 0)} %`;
}

export function MapEdgeTable({ graph, sort, selectedId, onSort, onSelect }: MapEdgeTableProps) {
  const rows = useMemo(() => edgeRows(graph, sort), [graph, sort]);
  const top = useMemo(() => topDroppedLink(graph), [graph]);
  const names = useMemo(() => {
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    return (id: string) => nodeName(byId.get(id), id);
  }, [graph]);
  const shown = rows.slice(0, TABLE_ROWS);
  return (
    <section className={styles.wrap} aria-label="Edges" data-testid="map-edge-table">
      <div className={styles.head}>
        <strong>Edges</strong>
        <span className={styles.muted} data-testid="map-edge-table-count">
          {rows.length > shown.length
            ? `top ${formatCount(shown.length)} of ${formatCount(rows.length)} by ${sort}`
            : `${formatCount(rows.length)} ${rows.length === 1 ? 'edge' : 'edges'}`}
        </span>
        <button
          type="button"
          className="button"
          data-testid="map-top-dropped"
          disabled={!top}
          data-edge-id={top?.id}
          onClick={() => top && onSelect(top.id)}
          title={top ? `${names(top.source)} → ${names(top.target)}` : 'No drops in this window'}
        >
          {top ? `Top dropped edge (${formatCount(top.counts.dropped)})` : 'No dropped edge'}
        </button>
      </div>
      <div className={styles.scroll}>
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">Source → destination</th>
              {COLUMNS.map((c) => (
                <th
                  key={c.sort}
                  scope="col"
                  className={styles.num}
                  aria-sort={c.sort === sort ? 'descending' : 'none'}
                >
                  <button
                    type="button"
                    className={c.sort === sort ? `${styles.sort} ${styles.sorted}` : styles.sort}
                    data-testid="map-edge-sort"
                    data-sort={c.sort}
                    onClick={() => onSort(c.sort)}
                  >
                    {c.label}
                    {c.sort === sort ? ' ▾' : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => {
              const selected = r.id === selectedId;
              return (
                <tr
                  key={r.id}
                  className={selected ? styles.selected : undefined}
                  data-testid="map-edge-row"
                  data-edge-id={r.id}
                  data-flows={r.flows}
                  data-dropped={r.dropped}
                  data-share={r.share}
                  data-last-seen={r.lastSeen}
                  aria-selected={selected}
                  onClick={() => onSelect(r.id)}
                >
                  <td className={styles.peers}>
                    <button
                      type="button"
                      className={styles.rowButton}
                      data-testid="map-edge-row-open"
                      aria-pressed={selected}
                      onClick={(e) => {
                        e.stopPropagation();
                        onSelect(r.id);
                      }}
                    >
                      {names(r.source)} → {names(r.target)}
                    </button>
                  </td>
                  <td className={styles.num}>{formatCount(r.flows)}</td>
                  <td className={r.dropped > 0 ? `${styles.num} ${styles.bad}` : styles.num}>
                    {formatCount(r.dropped)}
                  </td>
                  <td className={styles.num}>{percent(r.share)}</td>
                  <td className={styles.num} title={formatFlowDateTime(r.lastSeen)}>
                    {formatFlowTime(r.lastSeen)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
