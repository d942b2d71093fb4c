// A rule's top edges as the policy view lists them: how each reads, and the link that opens
// it on the service map over the same window the counts came from. Pure.
import { PROTOCOL_OPTIONS } from '@/lib/map/filters';
import type { EdgeUsage } from '@/lib/api/policy';
import { windowParams } from '@/lib/time-window/time-window';

/**
 * The service map showing just this edge, selected, over the window the server counted
 * (pinned: a live "last 15m" would have moved on by the time the map loads). The map's
 * `edge=` selects a drawn link, `source>target`, which bundles every port between the two;
 * the port and protocol filters narrow it to this edge, and `expand=all` keeps both ends
 * drawn as themselves rather than inside a collapsed namespace. Node ids come from flow
 * labels, so they only ever travel as parameter values.
 */
export function edgeMapHref(
  edge: Pick<EdgeUsage, 'source' | 'target' | 'port' | 'protocol'>,
  window: { from: number; to: number },
): string {
  const params = new URLSearchParams({ edge: `${edge.source}>${edge.target}` });
  params.set('port', String(edge.port));
  // A protocol the map cannot filter by would only earn an error; the port still narrows.
  if ((PROTOCOL_OPTIONS as readonly string[]).includes(edge.protocol)) {
    params.set('protocol', edge.protocol);
  }
  params.set('expand', 'all');
  for (const [k, v] of Object.entries(windowParams({ kind: 'absolute', ...window }))) {
    params.set(k, v);
  }
  return `/map?${params.toString()}`;
}

/** `:8080/TCP`; ICMP and other portless protocols show only the protocol. */
export function edgePortText(edge: Pick<EdgeUsage, 'port' | 'protocol'>): string {
  return edge.port > 0 ? `:${edge.port}/${edge.protocol}` : edge.protocol;
}

/** The note under a cut list: "and 5 more edges", or nothing when every edge is listed. */
export function moreEdgesText(shown: number, total: number): string | undefined {
  const more = total - shown;
  if (more <= 0) return undefined;
  return `and ${more} more ${more === 1 ? 'edge' : 'edges'}`;
}
