// Splits a FlowRecord into the parts a row stores and joins them back. Low-cardinality parts
// become dictionary keys (canonical JSON text): the endpoint without ip/port, and "meta" =
// every categorical field of the flow. What is unique per flow (L7 details, an L7 summary,
// an unusual time or id) goes into a per-row "cold" JSON text, empty for most flows.
import type { FlowEndpoint, FlowL7, FlowRecord } from '@/lib/flow-record';

export interface RowParts {
  meta: string;
  cold: string;
  /** Nanoseconds below the millisecond, when `time` is canonical for `ts`. */
  subMs: number;
}

interface Cold {
  l7?: FlowL7;
  summary?: string;
  time?: string;
  id?: string;
}

const TIME_RE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.(\d{9})Z$/;
let lastPrefix = '';
let lastSecondMs = NaN;

// Cached by the seconds prefix: consecutive flows nearly always share it, and Date.parse is
// the most expensive step of encoding otherwise.
function secondMs(prefix: string): number {
  if (prefix !== lastPrefix) {
    lastPrefix = prefix;
    lastSecondMs = Date.parse(prefix + 'Z');
  }
  return lastSecondMs;
}

/** Sub-millisecond nanoseconds when `time` is exactly what `ts` + those nanos print as; else -1. */
export function subMsOf(time: string, ts: number): number {
  const m = TIME_RE.exec(time);
  if (!m) return -1;
  const frac = m[2]!;
  const ms = Number(frac.slice(0, 3));
  if (secondMs(m[1]!) + ms !== ts) return -1;
  return Number(frac.slice(3));
}

export function formatTime(ts: number, subMs: number): string {
  const base = new Date(ts).toISOString().slice(0, 19);
  const ms = String(((ts % 1000) + 1000) % 1000).padStart(3, '0');
  return `${base}.${ms}${String(subMs).padStart(6, '0')}Z`;
}

export function endpointKey(ep: FlowEndpoint): string {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { ip, port, ...rest } = ep;
  return JSON.stringify(rest);
}

export function splitRecord(r: FlowRecord, idIsText: boolean): RowParts {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { id, time, ts, source, destination, l7, summary, ...rest } = r;
  // Endpoints are interned separately (see Dictionaries.endpointOf).
  const cold: Cold = {};
  if (l7) {
    cold.l7 = l7;
    if (summary !== undefined) cold.summary = summary;
  } else if (summary !== undefined) {
    (rest as Partial<FlowRecord>).summary = summary;
  }
  const subMs = subMsOf(time, ts);
  if (subMs < 0) cold.time = time;
  if (idIsText) cold.id = id;
  const hasCold = cold.l7 !== undefined || cold.summary !== undefined || subMs < 0 || idIsText;
  return {
    meta: JSON.stringify(rest),
    cold: hasCold ? JSON.stringify(cold) : '',
    subMs: Math.max(0, subMs),
  };
}

export interface RowValues {
  id: string | undefined;
  ts: number;
  subMs: number;
  meta: string;
  source: string;
  destination: string;
  sourceIp: string;
  destinationIp: string;
  sourcePort: number;
  destinationPort: number;
  cold: string;
}

function joinEndpoint(key: string, ip: string, port: number): FlowEndpoint {
  const ep = JSON.parse(key) as FlowEndpoint;
  ep.ip = ip;
  if (port >= 0) ep.port = port;
  return ep;
}

/** The FlowRecord a row was made from (deep-equal to it). */
export function joinRecord(v: RowValues): FlowRecord {
  const rec = JSON.parse(v.meta) as FlowRecord;
  const cold = (v.cold ? JSON.parse(v.cold) : {}) as Cold;
  rec.id = cold.id ?? v.id ?? '';
  rec.time = cold.time ?? formatTime(v.ts, v.subMs);
  rec.ts = v.ts;
  rec.source = joinEndpoint(v.source, v.sourceIp, v.sourcePort);
  rec.destination = joinEndpoint(v.destination, v.destinationIp, v.destinationPort);
  if (cold.l7) rec.l7 = cold.l7;
  if (cold.summary !== undefined) rec.summary = cold.summary;
  return rec;
}
