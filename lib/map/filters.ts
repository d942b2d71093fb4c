// The map's state kept in the URL, so every view is a link: filters (sent to the API),
// which namespaces are collapsed, and the selected node or link. Pure read/write helpers.
import { listParam, replaceParams } from '@/lib/url-params';

export interface MapFilters {
  namespaces: string[];
  /** A Hubble verdict name, or '' for all. */
  verdict: string;
  /** Node id or label selector, free text; the server validates it. */
  selector: string;
  /** As typed; the server validates it. */
  port: string;
  protocol: string;
  /** Reserved kinds to hide. */
  exclude: string[];
}

export const VERDICT_OPTIONS = ['FORWARDED', 'DROPPED', 'ERROR', 'AUDIT', 'REDIRECTED'] as const;
export const PROTOCOL_OPTIONS = ['TCP', 'UDP', 'SCTP', 'ICMPv4', 'ICMPv6'] as const;
export const RESERVED_KINDS = [
  'world',
  'host',
  'remote-node',
  'kube-apiserver',
  'health',
  'ingress',
] as const;

/** Above this many nodes a map opens with every namespace collapsed. */
export const COLLAPSE_ALL_ABOVE = 400;

const FILTER_KEYS = ['namespace', 'verdict', 'selector', 'port', 'protocol', 'exclude'] as const;

function list(params: URLSearchParams, name: string): string[] {
  return [...new Set(listParam(params, name))];
}

export function readMapFilters(params: URLSearchParams): MapFilters {
  return {
    namespaces: list(params, 'namespace').sort(),
    verdict: params.get('verdict')?.trim() ?? '',
    selector: params.get('selector')?.trim() ?? '',
    port: params.get('port')?.trim() ?? '',
    protocol: params.get('protocol')?.trim() ?? '',
    exclude: list(params, 'exclude').sort(),
  };
}

/** Filter parameters for the API (and the URL), in a fixed order so keys stay stable. */
export function mapFilterParams(f: MapFilters): [string, string][] {
  const out: [string, string][] = f.namespaces.map((ns) => ['namespace', ns]);
  if (f.verdict) out.push(['verdict', f.verdict]);
  if (f.selector) out.push(['selector', f.selector]);
  if (f.port) out.push(['port', f.port]);
  if (f.protocol) out.push(['protocol', f.protocol]);
  if (f.exclude.length > 0) out.push(['exclude', f.exclude.join(',')]);
  return out;
}

/** `params` with the filters replaced and everything else kept. */
export function writeMapFilters(params: URLSearchParams, f: MapFilters): URLSearchParams {
  return replaceParams(params, FILTER_KEYS, mapFilterParams(f));
}

/**
 * Collapsed namespaces: `collapsed=a,b` lists them (empty means none), `expand=all` means
 * none; without either, large maps start collapsed and small ones expanded.
 */
export function readCollapsed(
  params: URLSearchParams,
  namespaces: readonly string[],
  nodeCount: number,
): Set<string> {
  if (params.get('expand') === 'all') return new Set();
  if (params.has('collapsed')) return new Set(list(params, 'collapsed'));
  return nodeCount > COLLAPSE_ALL_ABOVE ? new Set(namespaces) : new Set();
}

export function writeCollapsed(
  params: URLSearchParams,
  collapsed: Iterable<string>,
): URLSearchParams {
  const out = new URLSearchParams(params);
  out.delete('expand');
  out.set('collapsed', [...collapsed].sort().join(','));
  return out;
}

export type MapSelection = { kind: 'node'; id: string } | { kind: 'link'; id: string } | undefined;

export function readSelection(params: URLSearchParams): MapSelection {
  const node = params.get('node');
  if (node) return { kind: 'node', id: node };
  const edge = params.get('edge');
  if (edge) return { kind: 'link', id: edge };
  return undefined;
}

export function writeSelection(params: URLSearchParams, s: MapSelection): URLSearchParams {
  const out = new URLSearchParams(params);
  out.delete('node');
  out.delete('edge');
  if (s) out.set(s.kind === 'node' ? 'node' : 'edge', s.id);
  return out;
}
