// Reads rows back as FlowRecords: one by position, or a filtered scan over a time window.
// Filters that depend only on a dictionary entry (namespace, policy) are decided once per
// entry, so only rows that can match are decoded.
import type { FlowRecord, PolicyRef } from '@/lib/flow-record';
import { matchesQuery } from '@/lib/filter/match-flow';
import { edgeIdOf } from '@/server/aggregate/edge-id';
import type { Dictionaries } from './dictionaries';
import { decodeId } from './flow-id';
import type { FlowScan } from './flow-store';
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

/** Matching flows in arrival order (or its reverse), at most `limit`. */
export function scanRows(
  d: Dictionaries,
  blocks: readonly Segment[],
  s: FlowScan,
): { flows: FlowRecord[]; truncated: boolean } {
  const tests = rowTests(d, s);
  const flows: FlowRecord[] = [];
  const newest = s.order === 'newest';
  const order = newest ? [...blocks].reverse() : blocks;
  for (const seg of order) {
    if (seg.length === 0 || seg.maxTs < s.from || seg.minTs >= s.to) continue;
    for (let k = 0; k < seg.length; k++) {
      const i = newest ? seg.length - 1 - k : k;
      const t = seg.ts[i]!;
      if (t < s.from || t >= s.to || !rowPasses(tests, seg, i)) continue;
      const rec = readRow(d, seg, i);
      if (s.query && !matchesQuery(rec, s.query)) continue;
      if (flows.length === s.limit) return { flows, truncated: true };
      flows.push(rec);
    }
  }
  return { flows, truncated: false };
}
