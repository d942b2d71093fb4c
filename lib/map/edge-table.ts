// The edge table beside the map: one row per drawn link, sortable by flows, drops, drop
// share or last seen (the sort kept in the URL as `sort=`), and the link with most drops.
import type { VisGraph, VisLink } from './grouping';
import { verdictTotal } from './merge';
import { dropFraction } from './style';

export const EDGE_SORTS = ['flows', 'drops', 'share', 'last'] as const;
export type EdgeSort = (typeof EDGE_SORTS)[number];

export interface EdgeRow {
  id: string;
  source: string;
  target: string;
  /** Flows carrying a verdict (replies apart), as the map's link width counts them. */
  flows: number;
  dropped: number;
  /** dropped / flows, 0..1. */
  share: number;
  lastSeen: number;
  link: VisLink;
}

export function readEdgeSort(params: URLSearchParams): EdgeSort {
  const v = params.get('sort');
  return (EDGE_SORTS as readonly string[]).includes(v ?? '') ? (v as EdgeSort) : 'flows';
}

export function writeEdgeSort(params: URLSearchParams, sort: EdgeSort): URLSearchParams {
  const out = new URLSearchParams(params);
  if (sort === 'flows') out.delete('sort');
  else out.set('sort', sort);
  return out;
}

export function edgeRow(link: VisLink): EdgeRow {
  return {
    id: link.id,
    source: link.source,
    target: link.target,
    flows: verdictTotal(link.counts),
    dropped: link.counts.dropped,
    share: dropFraction(link.counts),
    lastSeen: link.lastSeen,
    link,
  };
}

const KEY: Record<EdgeSort, (r: EdgeRow) => number> = {
  flows: (r) => r.flows,
  drops: (r) => r.dropped,
  share: (r) => r.share,
  last: (r) => r.lastSeen,
};

/** Rows, highest first by `sort`; ties by flows, then drops, then id, so the order is stable. */
export function sortEdgeRows(rows: readonly EdgeRow[], sort: EdgeSort): EdgeRow[] {
  const key = KEY[sort];
  return [...rows].sort(
    (a, b) =>
      key(b) - key(a) ||
      b.flows - a.flows ||
      b.dropped - a.dropped ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

export function edgeRows(graph: Pick<VisGraph, 'links'>, sort: EdgeSort): EdgeRow[] {
  return sortEdgeRows(graph.links.map(edgeRow), sort);
}

/** The link with the most dropped flows (the busiest of equals), or undefined with no drops. */
export function topDroppedLink(graph: Pick<VisGraph, 'links'>): VisLink | undefined {
  const top = sortEdgeRows(graph.links.map(edgeRow), 'drops')[0];
  return top && top.dropped > 0 ? top.link : undefined;
}
