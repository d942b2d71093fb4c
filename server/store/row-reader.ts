// Reads rows back as FlowRecords: one by position, or a filtered scan over a time window.
// Filters that depend only on a dictionary entry (namespace, policy) are decided once per
// entry, so only rows that can match are decoded.
import 'server-only';
import type { FlowRecord, PolicyRef } from '@/lib/api/flow-record';
import type { FlowRow } from '@/lib/api/types';
import type { FlowFilterSpec, FlowQuery } from '@/server/filter/filter-types';
import { matchesQuery } from '@/server/filter/match-flow';
import { pairedEventOf } from '@/lib/flows/flow-pairing';
import { edgeIdOf } from '@/server/aggregate/edge-id';
import { ROW_COUNTS } from '@/server/aggregate/map-source';
import type { Dictionaries } from './dictionaries';
import { decodeId } from './flow-id';
import type { FlowScan, FlowScanResult } from './flow-store';
import { joinRecord } from './row-codec';
import type { Segment } from './segment';

export function readRow(d: Dictionaries, seg: Segment, i: number): FlowRecord {
  return joinRecord({
    id: decodeId(seg.idKind(i), seg.ids.subarray(i * 4, i * 4 + 4)),
    ts: seg.ts[i]!,
    subMs: seg.subMs[i]!,
    meta: d.metas.key(seg.meta[i]!)!,
    source: d.endpoints.key(seg.srcEp[i]!)!,
    destination: d.endpoints.key(seg.dstEp[i]!)!,
    sourceIp: d.strings.key(seg.srcIp[i]!)!,
    destinationIp: d.strings.key(seg.dstIp[i]!)!,
    sourcePort: seg.srcPort[i]!,
    destinationPort: seg.dstPort[i]!,
    cold: seg.cold(i),
  });
}

type Test = (id: number) => boolean;

/** A per-id predicate that runs `decide` once per distinct id. */
function cached(decide: (id: number) => boolean): Test {
  const seen = new Map<number, boolean>();
  return (id) => {
    let v = seen.get(id);
    if (v === undefined) seen.set(id, (v = decide(id)));
    return v;
  };
}

type PolicyLists = Pick<
  FlowRecord,
  'ingressAllowedBy' | 'egressAllowedBy' | 'ingressDeniedBy' | 'egressDeniedBy'
>;

function namesPolicy(lists: PolicyLists, p: NonNullable<FlowScan['policy']>): boolean {
  const all: PolicyRef[] = [
    ...lists.ingressAllowedBy,
    ...lists.egressAllowedBy,
    ...lists.ingressDeniedBy,
    ...lists.egressDeniedBy,
  ];
  return all.some(
    (r) => r.name === p.name && r.namespace === p.namespace && (!p.kind || r.kind === p.kind),
  );
}

interface RowTests {
  endpoint?: Test;
  meta?: Test;
  edge?: Test;
  scope?: Test;
}

/** The edge id as the service map names it. */
function edgeId(d: Dictionaries, id: number): string | undefined {
  const e = d.edges.values[id];
  if (!e) return undefined;
  return edgeIdOf(
    d.nodes.values[e.source]?.id ?? '',
    d.nodes.values[e.target]?.id ?? '',
    e.port,
    e.protocol,
  );
}

function edgeTest(d: Dictionaries, s: FlowScan): Test | undefined {
  const { node, edge } = s;
  if (!node && !edge) return undefined;
  return cached((id) => {
    const e = d.edges.values[id];
    if (!e) return false;
    if (edge && edgeId(d, id) !== edge) return false;
    if (node && d.nodes.values[e.source]?.id !== node && d.nodes.values[e.target]?.id !== node) {
      return false;
    }
    return true;
  });
}

function rowTests(d: Dictionaries, s: FlowScan): RowTests {
  const out: RowTests = {};
  const edge = edgeTest(d, s);
  if (edge) out.edge = edge;
  if (s.namespaces?.length) {
    const ns = new Set(s.namespaces);
    out.endpoint = cached((id) => ns.has(d.endpoints.values[id]?.namespace ?? ''));
  }
  if (s.scope) {
    const scope = new Set(s.scope);
    out.scope = cached((id) => scope.has(d.endpoints.values[id]?.namespace ?? ''));
  }
  const policy = s.policy;
  if (policy) {
    out.meta = cached((id) => namesPolicy(JSON.parse(d.metas.key(id)!) as PolicyLists, policy));
  }
  return out;
}

function rowPasses(t: RowTests, seg: Segment, i: number): boolean {
  if (t.edge && !t.edge(seg.edge[i]!)) return false;
  if (t.endpoint && !t.endpoint(seg.srcEp[i]!) && !t.endpoint(seg.dstEp[i]!)) return false;
  if (t.scope && !t.scope(seg.srcEp[i]!) && !t.scope(seg.dstEp[i]!)) return false;
  return !t.meta || t.meta(seg.meta[i]!);
}

/** The block holding global row `row`, searched from block `near` (partners are close). */
function findRow(
  blocks: readonly Segment[],
  near: number,
  row: number,
): { seg: Segment; i: number } | undefined {
  for (let s = near; s >= 0 && s < blocks.length;) {
    const seg = blocks[s]!;
    if (row < seg.baseRow) s -= 1;
    else if (row >= seg.baseRow + seg.length) s += 1;
    else return { seg, i: row - seg.baseRow };
    if (s === near) break;
  }
  return undefined;
}

/**
 * The list row of stored row `i` of block `s` (already read as `rec`): a counted row with its
 * partner attached, or, for a paired drop notification, its decision (the partner).
 */
export function rowOf(
  d: Dictionaries,
  blocks: readonly Segment[],
  s: number,
  i: number,
  rec: FlowRecord,
): FlowRow {
  const seg = blocks[s]!;
  const delta = seg.pair[i]!;
  if (delta === 0) return rec;
  const at = findRow(blocks, s, seg.baseRow + i + delta);
  if (!at) return rec; // the partner was evicted
  const other = readRow(d, at.seg, at.i);
  return (seg.flags[i]! & ROW_COUNTS) !== 0
    ? { ...rec, paired: pairedEventOf(other) }
    : { ...other, paired: pairedEventOf(rec) };
}

/** Which row columns decide a query, or undefined when only the whole record can. */
function queryColumns(q: FlowQuery): { ips: boolean; ports: boolean; l7: boolean } | undefined {
  const specs: FlowFilterSpec[] = [...q.whitelist, ...q.blacklist];
  const set = (f: FlowFilterSpec, k: keyof FlowFilterSpec) => (f[k]?.length ?? 0) > 0;
  const out = { ips: false, ports: false, l7: false };
  for (const f of specs) {
    for (const k of [
      'uuid',
      'httpStatusCode',
      'httpMethod',
      'httpPath',
      'httpUrl',
      'dnsQuery',
      // A decision depends on the whole flow and on DNS answers seen before it.
      'policy',
      'decision',
    ] as const) {
      if (set(f, k)) return undefined;
    }
    if (f.protocol?.some((p) => p.toLowerCase() === 'kafka')) return undefined;
    if (set(f, 'sourceIp') || set(f, 'destinationIp')) out.ips = true;
    if (set(f, 'sourcePort') || set(f, 'destinationPort')) out.ports = true;
    if (set(f, 'protocol')) out.l7 = true;
  }
  return out;
}

type RowMatch = (seg: Segment, i: number, read: () => FlowRecord) => boolean;

/**
 * The query as a test of a stored row. Counting a window's total tests every row in it, so
 * the answer is cached by the row's dictionary ids (plus IPs, ports or L7 digest when the
 * query looks at them): most rows then cost one map lookup, not a decode.
 */
function queryMatch(q: FlowQuery | undefined): RowMatch | undefined {
  if (!q || (q.whitelist.length === 0 && q.blacklist.length === 0)) return undefined;
  const cols = queryColumns(q);
  if (!cols) return (_seg, _i, read) => matchesQuery(read(), q);
  const seen = new Map<string, boolean>();
  return (seg, i, read) => {
    let key = `${seg.meta[i]},${seg.srcEp[i]},${seg.dstEp[i]}`;
    if (cols.ips) key += `,${seg.srcIp[i]},${seg.dstIp[i]}`;
    if (cols.ports) key += `,${seg.srcPort[i]},${seg.dstPort[i]}`;
    if (cols.l7) key += `,${seg.l7[i]}`;
    let v = seen.get(key);
    if (v === undefined) {
      v = matchesQuery(read(), q);
      if (seen.size < 100_000) seen.set(key, v);
    }
    return v;
  };
}

/** A row's id from its id words, when it is a uuid or a derived id (else in its cold text). */
function rowId(seg: Segment, i: number): string | undefined {
  return decodeId(seg.idKind(i), seg.ids.subarray(i * 4, i * 4 + 4));
}

/**
 * Matching rows in arrival order (or its reverse), at most `limit`; with `total`, the
 * count of all matching rows of the window too. One row per decision unless `rows` is
 * `events`: a row whose "counts" flag is clear is the drop notification of a pair, shown on
 * its policy-verdict row. Filters test the decision row, as the map and timeline count it.
 */
export function scanRows(d: Dictionaries, blocks: readonly Segment[], s: FlowScan): FlowScanResult {
  const tests = rowTests(d, s);
  const match = queryMatch(s.query);
  const decisions = s.rows !== 'events';
  const flows: FlowRow[] = [];
  let total = 0;
  let truncated = false;
  const newest = s.order === 'newest';
  const order = newest ? blocks.map((_, k) => blocks.length - 1 - k) : blocks.map((_, k) => k);
  for (const b of order) {
    const seg = blocks[b]!;
    if (seg.length === 0 || seg.maxTs < s.from || seg.minTs >= s.to) continue;
    for (let k = 0; k < seg.length; k++) {
      const i = newest ? seg.length - 1 - k : k;
      const t = seg.ts[i]!;
      if (t < s.from || t >= s.to) continue;
      if (decisions && (seg.flags[i]! & ROW_COUNTS) === 0) continue;
      if (!rowPasses(tests, seg, i)) continue;
      let rec: FlowRecord | undefined;
      const read = () => (rec ??= readRow(d, seg, i));
      if (s.flowIds && !s.flowIds.has(rowId(seg, i) ?? read().id)) continue;
      if (match && !match(seg, i, read)) continue;
      total += 1;
      if (flows.length === s.limit) {
        truncated = true;
        if (!s.total) return { flows, truncated };
        continue;
      }
      flows.push(decisions ? rowOf(d, blocks, b, i, read()) : read());
    }
  }
  return s.total ? { flows, truncated, total } : { flows, truncated };
}
