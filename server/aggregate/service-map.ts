// Builds the service map for a window by one pass over the rows in it. Rows carry numeric
// keys computed at append; per query, every per-row decision is first turned into a typed
// array lookup (edge included? meta's verdict?), so the pass is integer work on flat arrays
// and strings appear only when the resulting edges are turned into JSON.
import 'server-only';
import { edgeIdOf } from './edge-id';
import { bucketCount, chooseBucketMs } from './buckets';
import { EdgeFilter } from './edge-filter';
import { ROW_COUNTS, type MapSource, type RowBlock } from './map-source';
import { summariseL7 } from './l7-summary';
import { collectNodes, mapTotals } from './map-nodes';
import { VERDICT_KEYS, type MapEdge, type MapQuery, type ServiceMap } from '@/lib/api/aggregate';

const NV = VERDICT_KEYS.length;
const DROPPED = VERDICT_KEYS.indexOf('dropped');
/** Per edge: one slot per verdict, then replies. */
const SLOTS = NV + 1;
const REPLY_SLOT = NV;
/** Pair keys edge * KEY_SPAN + id fit a double exactly for edges < 2^27. */
const KEY_SPAN = 2 ** 26;

interface Pass {
  q: MapQuery;
  bucketMs: number;
  /** Per edge id: 1 included. */
  edgeOk: Uint8Array;
  /** Per meta id: counter slot, or -1 when the verdict filter excludes it. */
  metaSlot: Int8Array;
  /** Per meta id: 1 when the flow is a drop with a reason. */
  metaDrop: Uint8Array;
  counts: Float64Array;
  first: Float64Array;
  last: Float64Array;
  l7: Map<number, number>;
  drops: Map<number, number>;
  runs: (number[] | undefined)[] | undefined;
}

function edgeMask(src: MapSource, q: MapQuery): Uint8Array {
  const filter = new EdgeFilter(src, q);
  const ok = new Uint8Array(src.edges.length);
  for (let e = 0; e < ok.length; e++) ok[e] = filter.includes(e) ? 1 : 0;
  return ok;
}

function metaMasks(src: MapSource, verdicts: string[] | undefined): [Int8Array, Uint8Array] {
  const upper = verdicts?.length ? verdicts.map((v) => v.toUpperCase()) : undefined;
  const slot = new Int8Array(src.facts.length).fill(-1);
  const drop = new Uint8Array(src.facts.length);
  src.facts.forEach((f, m) => {
    if (!f) return;
    if (upper && !upper.includes(VERDICT_KEYS[f.verdict]!.toUpperCase())) return;
    // A dropped reply is a drop of its connection (the store keys it on the connection's
    // edge); other replies are counted apart.
    const apart = f.reply && f.verdict !== DROPPED;
    slot[m] = apart ? REPLY_SLOT : f.verdict;
    drop[m] = !apart && f.dropReason ? 1 : 0;
  });
  return [slot, drop];
}

function bump(m: Map<number, number>, key: number): void {
  m.set(key, (m.get(key) ?? 0) + 1);
}

function addToRun(p: Pass, e: number, bucket: number, verdict: number): void {
  const all = p.runs!;
  const runs = (all[e] ??= []);
  let at = runs.length - SLOTS;
  if (at < 0 || runs[at] !== bucket) {
    at = runs.length;
    runs.push(bucket, 0, 0, 0, 0, 0, 0);
  }
  runs[at + 1 + verdict]! += 1;
}

function scanBlock(p: Pass, b: RowBlock): void {
  const { from, to } = p.q;
  const { ts, edge, meta, l7, flags } = b;
  const { edgeOk, metaSlot, metaDrop, counts, first, last } = p;
  for (let i = 0; i < b.length; i++) {
    const t = ts[i]!;
    if (t < from || t >= to || (flags[i]! & ROW_COUNTS) === 0) continue;
    const e = edge[i]!;
    if (edgeOk[e] !== 1) continue;
    const m = meta[i]!;
    const slot = metaSlot[m]!;
    if (slot < 0) continue;
    counts[e * SLOTS + slot]! += 1;
    if (t < first[e]!) first[e] = t;
    if (t > last[e]!) last[e] = t;
    const d = l7[i]!;
    if (d !== 0) bump(p.l7, e * KEY_SPAN + d);
    if (metaDrop[m] === 1) bump(p.drops, e * KEY_SPAN + m);
    if (p.runs && slot !== REPLY_SLOT) addToRun(p, e, Math.floor((t - from) / p.bucketMs), slot);
  }
}

/** Non-empty buckets as [bucket, ...counts], merging runs split by out-of-order rows. */
function seriesRows(runs: number[]): number[][] {
  const byBucket = new Map<number, number[]>();
  for (let at = 0; at < runs.length; at += SLOTS) {
    const b = runs[at]!;
    const row = byBucket.get(b);
    if (!row) byBucket.set(b, runs.slice(at, at + SLOTS));
    else for (let v = 1; v < SLOTS; v++) row[v]! += runs[at + v]!;
  }
  return [...byBucket.values()].sort((x, y) => x[0]! - y[0]!);
}

/** Splits pair-keyed counts into per-edge maps of the second id. */
function byEdge(pairs: Map<number, number>): Map<number, Map<number, number>> {
  const out = new Map<number, Map<number, number>>();
  for (const [key, n] of pairs) {
    const e = Math.floor(key / KEY_SPAN);
    let m = out.get(e);
    if (!m) out.set(e, (m = new Map()));
    m.set(key - e * KEY_SPAN, n);
  }
  return out;
}

function dropReasons(
  src: MapSource,
  metas: Map<number, number> | undefined,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [m, n] of metas ?? []) {
    const reason = src.facts[m]?.dropReason ?? 'UNKNOWN';
    out[reason] = (out[reason] ?? 0) + n;
  }
  return out;
}

function toEdges(src: MapSource, p: Pass): MapEdge[] {
  const l7 = byEdge(p.l7);
  const drops = byEdge(p.drops);
  const out: MapEdge[] = [];
  for (let e = 0; e < p.edgeOk.length; e++) {
    if (p.last[e] === -Infinity) continue;
    const def = src.edges[e]!;
    const source = src.nodes[def.source]!.id;
    const target = src.nodes[def.target]!.id;
    const c = p.counts.subarray(e * SLOTS, e * SLOTS + SLOTS);
    const edge: MapEdge = {
      id: edgeIdOf(source, target, def.port, def.protocol),
      source,
      target,
      port: def.port,
      protocol: def.protocol,
      counts: {
        forwarded: c[0]!,
        dropped: c[1]!,
        error: c[2]!,
        audit: c[3]!,
        redirected: c[4]!,
        other: c[5]!,
        replies: c[REPLY_SLOT]!,
      },
      dropReasons: dropReasons(src, drops.get(e)),
      l7: summariseL7(src.l7, l7.get(e)),
      firstSeen: p.first[e]!,
      lastSeen: p.last[e]!,
    };
    if (p.runs) edge.series = seriesRows(p.runs[e] ?? []);
    out.push(edge);
  }
  return out;
}

/** Bucket size for a query: the caller's (bounded to 2,000 buckets) or a round one. */
export function resolveBucketMs(from: number, to: number, asked: number | undefined): number {
  if (asked && asked > 0) return Math.max(asked, Math.ceil((to - from) / 2000));
  return chooseBucketMs(from, to);
}

export function buildServiceMap(src: MapSource, q: MapQuery): ServiceMap {
  const bucketMs = resolveBucketMs(q.from, q.to, q.bucketMs);
  const n = src.edges.length;
  const [metaSlot, metaDrop] = metaMasks(src, q.verdicts);
  const p: Pass = {
    q,
    bucketMs,
    edgeOk: edgeMask(src, q),
    metaSlot,
    metaDrop,
    counts: new Float64Array(n * SLOTS),
    first: new Float64Array(n).fill(Infinity),
    last: new Float64Array(n).fill(-Infinity),
    l7: new Map(),
    drops: new Map(),
    runs: q.series ? [] : undefined,
  };
  for (const b of src.blocks)
    if (b.length > 0 && b.maxTs >= q.from && b.minTs < q.to) scanBlock(p, b);
  const edges = toEdges(src, p);
  return {
    window: { from: q.from, to: q.to },
    bucketMs,
    buckets: bucketCount(q.from, q.to, bucketMs),
    nodes: collectNodes(src, edges),
    edges,
    totals: mapTotals(edges),
  };
}
