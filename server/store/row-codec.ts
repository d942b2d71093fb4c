// Splits a FlowRecord into the parts a row stores and joins them back. Low-cardinality parts
// become dictionary keys (canonical JSON text): the endpoint without ip/port, and "meta" =
// every categorical field of the flow. What is unique per flow (L7 details, an L7 summary,
// an unusual time or id) goes into a per-row "cold" JSON text, empty for most flows.
import 'server-only';
import type { FlowEndpoint, FlowL7, FlowRecord } from '@/lib/api/flow-record';

interface Cold {
  l7?: FlowL7;
  summary?: string;
  time?: string;
  id?: string;
}

// `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`: the fixed character per position, 0 where a digit goes.
const SHAPE = new Uint8Array(30);
for (const [at, ch] of [
  [4, '-'],
  [7, '-'],
  [10, 'T'],
  [13, ':'],
  [16, ':'],
  [19, '.'],
  [29, 'Z'],
]) {
  SHAPE[at as number] = (ch as string).charCodeAt(0);
}

function shaped(time: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = time.charCodeAt(i);
    const p = SHAPE[i]!;
    if (p === 0 ? c < 48 || c > 57 : c !== p) return false;
  }
  return true;
}

// The last seconds prefix seen, already checked against SHAPE (it never matches at first).
let lastPrefix = '\0'.repeat(19);
let lastSecondMs = NaN;

function digits(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + s.charCodeAt(i) - 48;
  return v;
}

/** Sub-millisecond nanoseconds when `time` is exactly what `ts` + those nanos print as; else -1. */
export function subMsOf(time: string, ts: number): number {
  // Checked by hand, not by a regular expression (its match array and captures were a
  // per-flow cost). Consecutive flows nearly always share the seconds prefix, so it is
  // checked and parsed (Date.parse is the expensive step) only when it changes.
  if (typeof time !== 'string' || time.length !== 30) return -1;
  if (!time.startsWith(lastPrefix)) {
    if (!shaped(time, 0, 19)) return -1;
    lastPrefix = time.slice(0, 19);
    lastSecondMs = Date.parse(lastPrefix + 'Z');
  }
  if (!shaped(time, 19, 30)) return -1;
  if (lastSecondMs + digits(time, 20, 23) !== ts) return -1;
  return digits(time, 23, 29);
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

/**
 * The meta key: every field of the flow but id, time, ts, endpoints and L7 (and the summary
 * when there is an L7 record; otherwise it goes last). Built only for a meta not seen before
 * (see MetaIndex), since serialising every flow was the largest cost of append.
 */
export function metaKey(r: FlowRecord): string {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { id, time, ts, source, destination, l7, summary, ...rest } = r;
  if (!l7 && summary !== undefined) (rest as Partial<FlowRecord>).summary = summary;
  return JSON.stringify(rest);
}

/**
 * The per-row cold text: the L7 record and its summary, a time that `ts` + `subMs` cannot
 * print, an id the words cannot hold. Empty (no allocation) for most flows.
 */
export function coldText(r: FlowRecord, subMs: number, idIsText: boolean): string {
  const l7 = r.l7;
  if (!l7 && subMs >= 0 && !idIsText) return '';
  const cold: Cold = {};
  if (l7) {
    cold.l7 = l7;
    if (r.summary !== undefined) cold.summary = r.summary;
  }
  if (subMs < 0) cold.time = r.time;
  if (idIsText) cold.id = r.id;
  return JSON.stringify(cold);
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
