// Display text for flows and relay status. Pure functions, so the table and header stay
// thin and every rule here is unit-tested. Flow fields are attacker-controlled: results
// are plain strings for React text children, and invisible or direction-changing
// characters are removed so a crafted name cannot disguise itself in the table.
import type { RelayStatus } from '@/lib/api/types';
import type { FlowEndpoint, FlowL7, FlowRecord } from '@/lib/api/flow-record';
import { formatClock, formatDateTime } from '@/lib/time-window/time-format';

// C0/C1 controls, zero-width characters and bidirectional overrides/isolates.
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Removes characters that could hide or reorder text when shown. */
export function cleanText(value: string): string {
  return value.replace(UNSAFE_CHARS, '');
}

/** A flow's time of day with milliseconds in the chosen zone, e.g. `14:03:07.412`. */
export function formatFlowTime(ts: number): string {
  return formatClock(ts, { ms: true });
}

/** A flow's date and time in the chosen zone, e.g. `2024-01-02 14:03:07.412`. */
export function formatFlowDateTime(ts: number): string {
  return formatDateTime(ts, { ms: true });
}

const WORLD_IDENTITY = 2;
const RESERVED_PREFIX = 'reserved:';

function reservedNames(labels: readonly string[]): string[] {
  return labels
    .filter((label) => label.startsWith(RESERVED_PREFIX))
    .map((label) => label.slice(RESERVED_PREFIX.length));
}

function isWorld(endpoint: FlowEndpoint, reserved: readonly string[]): boolean {
  return endpoint.identity === WORLD_IDENTITY || reserved.some((r) => r.startsWith('world'));
}

/**
 * Who an endpoint is, the way an operator names it: `ns/workload` (or `ns/pod`) for pods,
 * `world: <dns name or ip>` outside the cluster, the reserved identity name (host,
 * kube-apiserver, ...) for Cilium's reserved identities, else the IP.
 */
export function formatEndpoint(endpoint: FlowEndpoint): string {
  const name = endpoint.workloads[0]?.name || endpoint.pod;
  if (name) {
    return cleanText(endpoint.namespace ? `${endpoint.namespace}/${name}` : name);
  }
  const reserved = reservedNames(endpoint.labels);
  if (isWorld(endpoint, reserved)) {
    return cleanText(`world: ${endpoint.names[0] || endpoint.ip || 'unknown'}`);
  }
  if (reserved.length > 0) return cleanText(reserved.join(', '));
  return cleanText(endpoint.names[0] || endpoint.ip || 'unknown');
}

/** Destination port and L4 protocol, e.g. `8080/TCP`; ICMP shows its type and code. */
export function formatPort(flow: FlowRecord): string {
  if (flow.icmp) return `${flow.protocol || 'ICMP'} ${flow.icmp.type}/${flow.icmp.code}`;
  const port = flow.destination.port;
  if (port === undefined || port === 0) return flow.protocol;
  return flow.protocol ? `${port}/${flow.protocol}` : String(port);
}

/** Path and query of an HTTP URL; the raw text when it does not parse as a URL. */
export function httpPath(url: string): string {
  try {
    const parsed = new URL(url, 'http://flowscope.invalid');
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}

const DNS_RCODES: Record<number, string> = {
  1: 'FORMERR',
  2: 'SERVFAIL',
  3: 'NXDOMAIN',
  4: 'NOTIMP',
  5: 'REFUSED',
};

function formatL7Parts(l7: FlowL7): string {
  if (l7.http) {
    const { method, url, code } = l7.http;
    const request = `${method} ${httpPath(url)}`.trim();
    return code > 0 ? `${request} → ${code}` : request;
  }
  if (l7.dns) {
    const { query, qtypes, ips, rcode } = l7.dns;
    const request = ['DNS', qtypes.join(','), query].filter(Boolean).join(' ');
    if (rcode !== 0) return `${request} → ${DNS_RCODES[rcode] ?? `rcode ${rcode}`}`;
    return ips.length > 0 ? `${request} → ${ips.join(', ')}` : request;
  }
  if (l7.kafka) {
    const { apiKey, topic, errorCode } = l7.kafka;
    const request = ['Kafka', apiKey, topic].filter(Boolean).join(' ');
    return errorCode !== 0 ? `${request} → error ${errorCode}` : request;
  }
  return '';
}

/** One-line L7 summary, e.g. `GET /api/v1/orders → 403` or `DNS A api.stripe.com. → 1.2.3.4`. */
export function formatL7(flow: FlowRecord): string {
  return flow.l7 ? cleanText(formatL7Parts(flow.l7)) : '';
}

/** Drop reason for dropped flows, blank otherwise (Hubble's enum name, as `hubble observe`). */
export function formatDropReason(flow: FlowRecord): string {
  return flow.dropReason ? cleanText(flow.dropReason) : '';
}

/** Connected over known nodes, e.g. `3/3 nodes`. */
export function formatNodes(status: Pick<RelayStatus, 'connectedNodes' | 'nodes'>): string {
  const total = Math.max(status.nodes.length, status.connectedNodes);
  return `${status.connectedNodes}/${total} ${total === 1 ? 'node' : 'nodes'}`;
}

/** Seconds until the next reconnect attempt, e.g. `retry in 4s`, or `retrying now`. */
export function formatRetryIn(nextRetryAt: number, now: number): string {
  const seconds = Math.ceil((nextRetryAt - now) / 1000);
  return seconds > 0 ? `retry in ${seconds}s` : 'retrying now';
}

/** Compact counts for status lines, e.g. `1,234`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
