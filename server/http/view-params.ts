// Parameters of the map and timeline routes: window, namespaces, verdicts, selector, port,
// protocol, and for the map the reserved kinds to leave out. Validated into typed queries.
import 'server-only';
import { parseInstant, parseWindowParams, resolveWindow } from '@/lib/time-window/time-window';
import { listParam } from '@/lib/url-params';
import { parseLabelSelector } from '@/server/filter/label-selector';
import { parsePort } from '@/server/filter/filter-values';
import type { DropBreakdown, MapQuery, TimelineQuery } from '@/lib/api/aggregate';
import { ApiError } from './api-error';
import { isNamespaceName } from '@/lib/namespace-name';
import { RESERVED_KINDS as MAP_RESERVED_KINDS } from '@/lib/map/filters';

export const WINDOW_PARAMS = ['window', 'from', 'to'] as const;
const VERDICTS = ['FORWARDED', 'DROPPED', 'ERROR', 'AUDIT', 'REDIRECTED', 'TRACED', 'TRANSLATED'];
// The kinds the map offers to hide, and two it never draws on its own but may be asked to.
const RESERVED_KINDS: readonly string[] = [...MAP_RESERVED_KINDS, 'init', 'unmanaged'];

export function parseWindow(
  params: URLSearchParams,
  now = Date.now(),
): { from: number; to: number } {
  const parsed = parseWindowParams(params);
  if (!parsed.ok) throw ApiError.badRequest(parsed.error, parsed.param);
  return resolveWindow(parsed.window, now);
}

/** `namespace` parameters (repeated or comma lists), each a valid namespace name. */
export function parseNamespaces(params: URLSearchParams): string[] | undefined {
  const ns = listParam(params, 'namespace');
  for (const n of ns) {
    if (!isNamespaceName(n))
      throw ApiError.badRequest(
        `namespace: "${n.slice(0, 64)}" is not a namespace name`,
        'namespace',
      );
  }
  return ns.length > 0 ? ns : undefined;
}

function selector(params: URLSearchParams): string | undefined {
  const s = params.get('selector')?.trim();
  if (!s) return undefined;
  if (s.length > 500) throw ApiError.badRequest('selector: longer than 500 characters', 'selector');
  const isNodeId = /^(reserved:[a-z-]+(:.+)?|[a-z0-9-]+\/[A-Za-z0-9._-]+)$/.test(s);
  const parsed = parseLabelSelector(s);
  if (!isNodeId && !parsed.ok) throw ApiError.badRequest(`selector: ${parsed.error}`, 'selector');
  return s;
}

export function parseMapQuery(params: URLSearchParams, now = Date.now()): MapQuery {
  const q: MapQuery = { ...parseWindow(params, now) };
  const ns = parseNamespaces(params);
  if (ns) q.namespaces = ns;
  const verdicts = listParam(params, 'verdict').map((v) => v.toUpperCase());
  for (const v of verdicts) {
    if (!VERDICTS.includes(v))
      throw ApiError.badRequest(
        `verdict: "${v.slice(0, 40)}" is not one of ${VERDICTS.join(', ')}`,
        'verdict',
      );
  }
  if (verdicts.length > 0) q.verdicts = verdicts;
  const sel = selector(params);
  if (sel) q.selector = sel;
  const port = params.get('port');
  if (port !== null) {
    const p = parsePort(port);
    if (p === null)
      throw ApiError.badRequest(`port: "${port.slice(0, 40)}" is not a port (0-65535)`, 'port');
    q.port = p;
  }
  const protocol = params.get('protocol');
  if (protocol !== null) {
    const canonical = L4_PROTOCOLS[protocol.toLowerCase()];
    if (!canonical) {
      throw ApiError.badRequest(
        `protocol: "${protocol.slice(0, 40)}" is not one of ${Object.values(L4_PROTOCOLS).join(', ')}`,
        'protocol',
      );
    }
    q.protocol = canonical;
  }
  const exclude = listParam(params, 'exclude');
  for (const e of exclude) {
    if (!RESERVED_KINDS.includes(e))
      throw ApiError.badRequest(
        `exclude: "${e.slice(0, 40)}" is not one of ${RESERVED_KINDS.join(', ')}`,
        'exclude',
      );
  }
  if (exclude.length > 0) q.excludeReserved = exclude;
  const series = params.get('series');
  if (series !== null) {
    if (series !== '0' && series !== '1')
      throw ApiError.badRequest('series: must be 0 or 1', 'series');
    q.series = series === '1';
  }
  return q;
}

const L4_PROTOCOLS: Record<string, string> = {
  tcp: 'TCP',
  udp: 'UDP',
  sctp: 'SCTP',
  icmpv4: 'ICMPv4',
  icmpv6: 'ICMPv6',
  vrrp: 'VRRP',
  igmp: 'IGMP',
};

export function parseTimelineQuery(params: URLSearchParams, now = Date.now()): TimelineQuery {
  const q: TimelineQuery = { ...parseWindow(params, now) };
  const ns = parseNamespaces(params);
  if (ns) q.namespaces = ns;
  const sel = selector(params);
  if (sel) q.selector = sel;
  const breakdown = params.get('breakdown');
  if (breakdown !== null) {
    if (breakdown !== 'reason' && breakdown !== 'policy') {
      throw ApiError.badRequest('breakdown: must be reason or policy', 'breakdown');
    }
    q.breakdown = breakdown as DropBreakdown;
  }
  return q;
}

export const MAP_PARAMS = [
  ...WINDOW_PARAMS,
  'namespace',
  'verdict',
  'selector',
  'port',
  'protocol',
  'exclude',
  'series',
] as const;
export const TIMELINE_PARAMS = [...WINDOW_PARAMS, 'namespace', 'selector', 'breakdown'] as const;

/**
 * Where a live map stream starts: the `since` of its URL (the end of the map on screen), or,
 * when the browser reconnects by itself with that same URL, the id of the last event it got
 * (Last-Event-ID), which is where the deltas it already added end.
 */
export function streamStart(params: URLSearchParams, headers: Headers, now = Date.now()): number {
  const resumed = headers.get('last-event-id');
  const [text, name] = resumed ? [resumed, 'Last-Event-ID'] : [params.get('since'), 'since'];
  if (text === null) return now;
  const at = parseInstant(text);
  if (at === undefined || at > now + 60_000) {
    throw ApiError.badRequest(
      `${name}: must be a time (RFC 3339 or epoch ms), not in the future`,
      'since',
    );
  }
  return at;
}
