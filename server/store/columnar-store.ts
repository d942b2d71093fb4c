// The embedded FlowStore: columnar segments over shared dictionaries, policy-verdict/drop
// pairing at append, eviction of whole oldest segments, optional files for restarts.
import 'server-only';
import type { FlowRecord } from '@/lib/api/flow-record';
import type { FlowRow } from '@/lib/api/types';
import { pairedEventOf } from '@/lib/flows/flow-pairing';
import { l7Digest } from '@/server/aggregate/l7-digest';
import { ROW_COUNTS } from '@/server/aggregate/map-source';
import { DEFAULT_NODE_OPTIONS } from '@/server/aggregate/node-identity';
import { PolicyPairer } from '@/server/aggregate/policy-pairing';
import { buildServiceMap } from '@/server/aggregate/service-map';
import { buildTimeline } from '@/server/aggregate/timeline';
import type {
  MapQuery,
  ServiceMap,
  Timeline,
  TimelineQuery,
  VerdictCounts,
} from '@/lib/api/aggregate';
import { VERDICT_KEYS } from '@/lib/api/aggregate';
import { Dictionaries } from './dictionaries';
import { encodeId, encodeIdInto, ID_OTHER } from './flow-id';
import type {
  EndpointQuery,
  FlowScan,
  FlowScanResult,
  FlowStore,
  OpenStoreOptions,
  SeenEndpoint,
  StoreLimits,
  StoreStats,
} from './flow-store';
import { readRow, rowOf, scanRows } from './row-reader';
import { coldText, subMsOf } from './row-codec';
import { ROW_BYTES, Segment } from './segment';
import { SegmentFiles } from './segment-files';

const MAX_SEGMENT_ROWS = 16384;

function segmentRowsFor(opts: OpenStoreOptions): number {
  if (opts.segmentRows) return opts.segmentRows;
  return Math.max(16, Math.min(MAX_SEGMENT_ROWS, Math.floor(opts.limits.maxFlows / 8)));
}

export class ColumnarStore implements FlowStore {
  private readonly segs: Segment[] = [];
  private open: Segment;
  private readonly pairer = new PolicyPairer();
  private rows = 0;
  private evicted = 0;
  private sealedBytes = 0;
  private openColdBytes = 0;
  private newestTs = -Infinity;
  /** Scratch for the id words of the flow being appended (no array per flow). */
  private readonly idWords = [0, 0, 0, 0];

  private constructor(
    private readonly limits: StoreLimits,
    readonly dict: Dictionaries,
    private readonly segmentRows: number,
    private readonly files: SegmentFiles | undefined,
  ) {
    this.open = this.newSegment(0, 0);
  }

  static async open(opts: OpenStoreOptions): Promise<ColumnarStore> {
    const dict = new Dictionaries({ ...DEFAULT_NODE_OPTIONS, ...opts.mapOptions });
    const files = opts.dataDir ? await SegmentFiles.open(opts.dataDir) : undefined;
    const store = new ColumnarStore(opts.limits, dict, segmentRowsFor(opts), files);
    if (files) store.restore(files);
    return store;
  }

  private restore(files: SegmentFiles): void {
    for (const seg of files.loadSegments(this.dict)) this.adoptSealed(seg);
    const last = this.segs[this.segs.length - 1];
    this.open = this.newSegment(last ? last.seq + 1 : 0, this.rows);
    for (const rec of files.loadWal(this.open.seq)) this.appendRow(rec);
    this.relinkOpenRows();
    // Written anew: log-local dictionary ids are this process's, and a torn tail is dropped.
    files.startWal(this.open.seq);
    for (let i = 0; i < this.open.length; i++) files.logRow(this.open, i, this.dict);
    files.flush();
    this.enforceLimits();
  }

  // The log holds no pairs: replay pairs its rows again, but a partner in a sealed segment
  // is not in the fresh pairer. Such rows take their link (and counted-once flag) from it.
  private relinkOpenRows(): void {
    const open = this.open;
    for (const seg of this.segs) {
      for (let i = 0; i < seg.length; i++) {
        const d = seg.pair[i]!;
        const j = seg.baseRow + i + d - open.baseRow;
        if (d <= 0 || j < 0 || j >= open.length) continue;
        open.pair[j] = -d;
        const counted = (seg.flags[i]! & ROW_COUNTS) !== 0;
        open.flags[j] = counted ? open.flags[j]! & ~ROW_COUNTS : open.flags[j]! | ROW_COUNTS;
      }
    }
  }

  private adoptSealed(seg: Segment): void {
    this.segs.push(seg);
    this.rows = seg.baseRow + seg.length;
    this.sealedBytes += seg.bytes;
    if (seg.maxTs > this.newestTs) this.newestTs = seg.maxTs;
  }

  private newSegment(seq: number, baseRow: number): Segment {
    this.openColdBytes = 0;
    return new Segment(seq, baseRow, this.segmentRows);
  }

  append(rec: FlowRecord): FlowRow {
    const partner = this.appendRow(rec);
    // The row the list shows for this event (read before sealing or eviction moves it).
    const row = this.listRow(rec, partner);
    this.files?.logRow(this.open, this.open.length - 1, this.dict);
    if (this.open.full) this.seal();
    this.enforceLimits();
    return row;
  }

  private listRow(rec: FlowRecord, partner: number | undefined): FlowRow {
    if (partner === undefined) return rec;
    const at = this.locate(partner);
    if (!at) return rec;
    const other = readRow(this.dict, at.seg, at.i);
    const counts = (this.open.flags[this.open.length - 1]! & ROW_COUNTS) !== 0;
    return counts
      ? { ...rec, paired: pairedEventOf(other) }
      : { ...other, paired: pairedEventOf(rec) };
  }

  /** Appends a row; answers the row number of its partner when it completes a pair. */
  private appendRow(rec: FlowRecord): number | undefined {
    const d = this.dict;
    const idKind = encodeIdInto(rec.id, this.idWords, 0);
    const subMs = subMsOf(rec.time, rec.ts);
    const cold = coldText(rec, subMs, idKind === ID_OTHER);
    const srcEp = d.endpointOf(rec.source);
    const dstEp = d.endpointOf(rec.destination);
    const meta = d.metaOf(rec);
    const dstPort = rec.destination.port ?? -1;
    const decision = this.pairer.offer(rec, this.rows);
    if (decision.uncount !== undefined) this.uncount(decision.uncount);
    if (decision.partner !== undefined) this.link(decision.partner, this.rows);
    this.open.push({
      ts: rec.ts,
      subMs: Math.max(0, subMs),
      idWords: this.idWords,
      idKind,
      counts: decision.counts,
      srcEp,
      dstEp,
      srcIp: d.string(rec.source.ip),
      dstIp: d.string(rec.destination.ip),
      srcPort: rec.source.port ?? -1,
      dstPort,
      meta,
      l7: rec.l7 ? d.digest(l7Digest(rec.l7)) : 0,
      edge: d.edge(srcEp, dstEp, rec.source.port ?? -1, dstPort, meta),
      pair: decision.partner === undefined ? 0 : decision.partner - this.rows,
      cold,
    });
    this.rows += 1;
    this.openColdBytes += cold.length + 16;
    if (rec.ts > this.newestTs) this.newestTs = rec.ts;
    return decision.partner;
  }

  // The earlier row of a pair learns its partner (the later one links at push).
  private link(row: number, partner: number): void {
    const at = this.locate(row);
    if (!at) return;
    at.seg.pair[at.i] = partner - row;
    if (at.seg.file) this.files?.patchPair(at.seg, at.i);
  }

  private locate(row: number): { seg: Segment; i: number } | undefined {
    const seg = this.segmentOfRow(row);
    if (!seg || row - seg.baseRow >= seg.length) return undefined;
    return { seg, i: row - seg.baseRow };
  }

  // The partner of a paired drop may sit in an older (even sealed, even written) segment.
  private uncount(row: number): void {
    const seg = this.segmentOfRow(row);
    if (!seg) return;
    const i = row - seg.baseRow;
    seg.flags[i] = seg.flags[i]! & ~ROW_COUNTS;
    if (seg.file) this.files?.patchFlag(seg, i);
  }

  private segmentOfRow(row: number): Segment | undefined {
    if (row >= this.open.baseRow) return this.open;
    let lo = 0;
    let hi = this.segs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.segs[mid]!;
      if (row < s.baseRow) hi = mid - 1;
      else if (row >= s.baseRow + s.length) lo = mid + 1;
      else return s;
    }
    return undefined;
  }

  private seal(): void {
    const seg = this.open;
    seg.seal();
    this.files?.writeSegment(seg, this.dict);
    this.adoptSealed(seg);
    this.open = this.newSegment(seg.seq + 1, this.rows);
    this.files?.startWal(this.open.seq);
  }

  private get retained(): number {
    const first = this.segs[0] ?? this.open;
    return this.rows - first.baseRow;
  }

  private get bytesUsed(): number {
    const openBytes = this.open.capacity * ROW_BYTES + this.openColdBytes;
    return this.sealedBytes + openBytes + this.dict.bytes;
  }

  private overLimit(oldest: Segment): boolean {
    const { maxFlows, maxBytes, maxAgeMs } = this.limits;
    if (this.retained > maxFlows || this.bytesUsed > maxBytes) return true;
    return oldest.maxTs < this.newestTs - maxAgeMs;
  }

  // Only sealed segments are evicted; the open one is kept so ingest always has a home.
  private enforceLimits(): void {
    while (this.segs.length > 0 && this.overLimit(this.segs[0]!)) {
      const seg = this.segs.shift()!;
      this.sealedBytes -= seg.bytes;
      this.evicted += seg.length;
      this.dict.releaseRows(seg);
      this.files?.deleteSegment(seg);
    }
  }

  private get blocks(): Segment[] {
    return [...this.segs, this.open];
  }

  // A paired drop notification's id answers its decision (the policy-verdict row), so
  // both ids of a pair open the same flow.
  get(id: string): FlowRow | undefined {
    const { w, kind } = encodeId(id);
    const blocks = this.blocks;
    for (let s = blocks.length - 1; s >= 0; s--) {
      const seg = blocks[s]!;
      for (const i of seg.findId(w)) {
        if (seg.idKind(i) !== kind) continue;
        const rec = readRow(this.dict, seg, i);
        if (rec.id === id) return rowOf(this.dict, blocks, s, i, rec);
      }
    }
    return undefined;
  }

  scan(s: FlowScan): FlowScanResult {
    return scanRows(this.dict, this.blocks, s);
  }

  serviceMap(q: MapQuery): ServiceMap {
    return buildServiceMap(this.dict.source(this.blocks), q);
  }

  timeline(q: TimelineQuery): Timeline {
    return buildTimeline(this.dict.source(this.blocks), q);
  }

  // Two id columns walked, no row decoded; a mark per interned endpoint keeps each once.
  endpoints(q: EndpointQuery): SeenEndpoint[] {
    const entries = this.dict.endpoints.values;
    const nodes = this.dict.nodes.values;
    const scope = q.scope ? new Set(q.scope) : undefined;
    const namespaces = q.namespaces?.length ? new Set(q.namespaces) : undefined;
    const seen = new Uint8Array(entries.length);
    const out: SeenEndpoint[] = [];
    const take = (id: number): void => {
      if (seen[id]) return;
      seen[id] = 1;
      const entry = entries[id];
      const node = entry && nodes[entry.node];
      if (!entry || !node) return;
      if (scope && !scope.has(entry.namespace)) return;
      if (namespaces && !namespaces.has(entry.namespace)) return;
      out.push({ endpoint: entry.ep, node });
    };
    for (const seg of this.blocks) {
      if (seg.length === 0 || seg.maxTs < q.from || seg.minTs >= q.to) continue;
      const inside = seg.minTs >= q.from && seg.maxTs < q.to;
      for (let i = 0; i < seg.length; i++) {
        if (!inside) {
          const t = seg.ts[i]!;
          if (t < q.from || t >= q.to) continue;
        }
        take(seg.srcEp[i]!);
        take(seg.dstEp[i]!);
      }
    }
    return out;
  }

  // One walk of the flag and meta columns (no decoding): a few ms per million rows, paid
  // per scrape rather than per flow.
  decisions(): VerdictCounts {
    const n = VERDICT_KEYS.map(() => 0);
    const metas = this.dict.metas.values;
    for (const seg of this.blocks) {
      for (let i = 0; i < seg.length; i++) {
        if ((seg.flags[i]! & ROW_COUNTS) === 0) continue;
        const v = metas[seg.meta[i]!]?.verdict ?? VERDICT_KEYS.length - 1;
        n[v]! += 1;
      }
    }
    return Object.fromEntries(VERDICT_KEYS.map((k, i) => [k, n[i]!])) as VerdictCounts;
  }

  stats(): StoreStats {
    const blocks = this.blocks.filter((b) => b.length > 0);
    const out: StoreStats = {
      flows: this.retained,
      bytes: this.bytesUsed,
      evicted: this.evicted,
      limits: { ...this.limits },
      persistent: this.files !== undefined,
    };
    if (blocks.length > 0) {
      out.oldestTs = Math.min(...blocks.map((b) => b.minTs));
      out.newestTs = Math.max(...blocks.map((b) => b.maxTs));
    }
    return out;
  }

  async close(): Promise<void> {
    await this.files?.close();
  }
}
