// The drop timeline: counts per time bucket stacked by verdict, drops split by reason or by
// deciding policy. A dropped reply is a drop here as on the map (on its connection's edge).
import 'server-only';
import { bucketCount } from './buckets';
import { DropGroupCollector, type DropGroupsQuery, type TimelineWithGroups } from './drop-groups';
import { EdgeFilter } from './edge-filter';
import { ROW_COUNTS, type MapSource, type RowBlock, type RowFacts } from './map-source';
import { resolveBucketMs } from './service-map';
import { VERDICT_KEYS, type VerdictKey } from '@/lib/api/aggregate';

const NV = VERDICT_KEYS.length;
const DROPPED = VERDICT_KEYS.indexOf('dropped');

interface Pass {
  src: MapSource;
  q: DropGroupsQuery;
  bucketMs: number;
  filter: EdgeFilter;
  counts: Float64Array;
  drops: Map<string, Float64Array>;
  buckets: number;
  /** Set when the query asks for the dropped-edge groups (the /drops table). */
  groups?: DropGroupCollector;
}

function dropKey(p: Pass, f: RowFacts): string {
  return p.q.breakdown === 'policy' ? f.policy : f.dropReason || 'UNKNOWN';
}

function scanBlock(p: Pass, b: RowBlock): void {
  const { from, to } = p.q;
  const { ts, edge, meta, flags, l7 } = b;
  for (let i = 0; i < b.length; i++) {
    const t = ts[i]!;
    if (t < from || t >= to || (flags[i]! & ROW_COUNTS) === 0) continue;
    if (!p.filter.includes(edge[i]!)) continue;
    const f = p.src.facts[meta[i]!];
    if (!f) continue;
    const bucket = Math.floor((t - from) / p.bucketMs);
    p.counts[bucket * NV + f.verdict]! += 1;
    if (f.verdict !== DROPPED) continue;
    const key = dropKey(p, f);
    let series = p.drops.get(key);
    if (!series) p.drops.set(key, (series = new Float64Array(p.buckets)));
    series[bucket]! += 1;
    p.groups?.add(edge[i]!, f, l7[i]!, t);
  }
}

export function buildTimeline(src: MapSource, q: DropGroupsQuery): TimelineWithGroups {
  const bucketMs = resolveBucketMs(q.from, q.to, q.bucketMs);
  const buckets = bucketCount(q.from, q.to, bucketMs);
  const p: Pass = {
    src,
    q,
    bucketMs,
    buckets,
    filter: new EdgeFilter(src, q),
    counts: new Float64Array(buckets * NV),
    drops: new Map(),
  };
  if (q.dropGroups) p.groups = new DropGroupCollector(src);
  for (const b of src.blocks)
    if (b.length > 0 && b.maxTs >= q.from && b.minTs < q.to) scanBlock(p, b);
  const verdicts = {} as Record<VerdictKey, number[]>;
  VERDICT_KEYS.forEach((k, v) => {
    verdicts[k] = Array.from({ length: buckets }, (_, b) => p.counts[b * NV + v]!);
  });
  const drops: Record<string, number[]> = {};
  for (const [key, series] of [...p.drops].sort((a, b) => a[0].localeCompare(b[0]))) {
    drops[key] = Array.from(series);
  }
  const out: TimelineWithGroups = {
    window: { from: q.from, to: q.to },
    bucketMs,
    times: Array.from({ length: buckets }, (_, b) => q.from + b * bucketMs),
    verdicts,
    breakdown: q.breakdown ?? 'reason',
    drops,
  };
  if (p.groups) out.dropGroups = p.groups.result();
  return out;
}
