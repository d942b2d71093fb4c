// Binary form of a sealed segment. Layout: "FSG2", u32 header length, header JSON (the
// segment's local dictionaries and bounds), then the columns, each 8-byte aligned. Local
// dictionary ids make the file independent of the process that wrote it. "FSG1" files
// (before the pair column) are still read, with no pairs.
import 'server-only';
import type { Dictionaries } from './dictionaries';
import { Segment } from './segment';

const MAGIC = 'FSG2';
const MAGIC_V1 = 'FSG1';

interface Header {
  seq: number;
  baseRow: number;
  rows: number;
  minTs: number;
  maxTs: number;
  endpoints: string[];
  strings: string[];
  metas: string[];
  /** Local L7 ids start at 1; 0 is "none" as in memory. */
  l7: string[];
  coldBytes: number;
}

type Column = Float64Array | Uint32Array | Int32Array | Uint8Array;

/** Maps global ids to dense local ids, remembering each key once. */
class LocalDict {
  readonly keys: string[] = [];
  private readonly ids = new Map<number, number>();
  constructor(
    private readonly keyOf: (id: number) => string | undefined,
    private readonly first = 0,
  ) {}

  local(id: number): number {
    if (this.first > 0 && id === 0) return 0;
    let l = this.ids.get(id);
    if (l === undefined) {
      l = this.keys.length + this.first;
      this.ids.set(id, l);
      this.keys.push(this.keyOf(id) ?? '');
    }
    return l;
  }
}

function remap(src: Uint32Array, rows: number, dict: LocalDict): Uint32Array {
  const out = new Uint32Array(rows);
  for (let i = 0; i < rows; i++) out[i] = dict.local(src[i]!);
  return out;
}

const align8 = (n: number): number => (n + 7) & ~7;

/** Column index of the flags, the cold offsets and (in FSG2) the pair column. */
const FLAGS = 11;
const COLD_OFF = 12;
const PAIR = 13;

export function layoutOf(rows: number, headerBytes: number, withPair = true): number[] {
  const sizes = [8, 4, 16, 4, 4, 4, 4, 4, 4, 4, 4, 1].map((b) => b * rows);
  sizes.push((rows + 1) * 4);
  if (withPair) sizes.push(rows * 4);
  const offsets: number[] = [];
  let at = align8(8 + headerBytes);
  for (const size of sizes) {
    offsets.push(at);
    at = align8(at + size);
  }
  offsets.push(at);
  return offsets;
}

function localColumns(seg: Segment, d: Dictionaries, h: Header): Column[] {
  const n = seg.length;
  const eps = new LocalDict((id) => d.endpoints.key(id));
  const strs = new LocalDict((id) => d.strings.key(id));
  const metas = new LocalDict((id) => d.metas.key(id));
  const l7 = new LocalDict((id) => d.l7.key(id), 1);
  const cols: Column[] = [
    seg.ts.subarray(0, n),
    seg.subMs.subarray(0, n),
    seg.ids.subarray(0, n * 4),
    remap(seg.srcEp, n, eps),
    remap(seg.dstEp, n, eps),
    remap(seg.srcIp, n, strs),
    remap(seg.dstIp, n, strs),
    seg.srcPort.subarray(0, n),
    seg.dstPort.subarray(0, n),
    remap(seg.meta, n, metas),
    remap(seg.l7, n, l7),
    seg.flags.subarray(0, n),
    seg.coldOff,
    seg.pair.subarray(0, n),
  ];
  Object.assign(h, { endpoints: eps.keys, strings: strs.keys, metas: metas.keys, l7: l7.keys });
  return cols;
}

export function serializeSegment(
  seg: Segment,
  d: Dictionaries,
): { bytes: Uint8Array; flagsOffset: number; pairOffset: number } {
  const h: Header = {
    seq: seg.seq,
    baseRow: seg.baseRow,
    rows: seg.length,
    minTs: seg.minTs,
    maxTs: seg.maxTs,
    endpoints: [],
    strings: [],
    metas: [],
    l7: [],
    coldBytes: seg.coldBuf.byteLength,
  };
  const cols = localColumns(seg, d, h);
  const head = new TextEncoder().encode(JSON.stringify(h));
  const offsets = layoutOf(seg.length, head.byteLength);
  const end = offsets[offsets.length - 1]!;
  const out = new Uint8Array(end + seg.coldBuf.byteLength);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(4, head.byteLength, true);
  out.set(head, 8);
  cols.forEach((c, i) =>
    out.set(new Uint8Array(c.buffer, c.byteOffset, c.byteLength), offsets[i]!),
  );
  out.set(seg.coldBuf, end);
  return { bytes: out, flagsOffset: offsets[FLAGS]!, pairOffset: offsets[PAIR]! };
}

function copyOut<T extends Column>(
  buf: Uint8Array,
  at: number,
  count: number,
  make: new (b: ArrayBuffer) => T,
  width: number,
): T {
  // A copy, not a view: Buffer#slice shares the file's memory and its offset may be unaligned.
  const bytes = new Uint8Array(count * width);
  bytes.set(buf.subarray(at, at + count * width));
  return new make(bytes.buffer);
}

/** Counts how many rows use each local id, so dictionaries take that many references. */
function usage(cols: Uint32Array[], size: number): number[] {
  const n = new Array<number>(size).fill(0);
  for (const c of cols) for (const id of c) n[id] = (n[id] ?? 0) + 1;
  return n;
}

function toGlobal(col: Uint32Array, map: number[]): void {
  for (let i = 0; i < col.length; i++) col[i] = map[col[i]!] ?? 0;
}

export function readSegmentFile(buf: Uint8Array, file: string, d: Dictionaries): Segment {
  const magic = new TextDecoder().decode(buf.subarray(0, 4));
  if (magic !== MAGIC && magic !== MAGIC_V1) throw new Error('not a segment');
  const withPair = magic === MAGIC;
  const headLen = new DataView(buf.buffer, buf.byteOffset).getUint32(4, true);
  const h = JSON.parse(new TextDecoder().decode(buf.subarray(8, 8 + headLen))) as Header;
  const n = h.rows;
  const o = layoutOf(n, headLen, withPair);
  const seg = new Segment(h.seq, h.baseRow, n);
  seg.ts = copyOut(buf, o[0]!, n, Float64Array, 8);
  seg.subMs = copyOut(buf, o[1]!, n, Uint32Array, 4);
  seg.ids = copyOut(buf, o[2]!, n * 4, Uint32Array, 4);
  const u32 = (k: number): Uint32Array => copyOut(buf, o[k]!, n, Uint32Array, 4);
  [seg.srcEp, seg.dstEp, seg.srcIp, seg.dstIp] = [u32(3), u32(4), u32(5), u32(6)];
  seg.srcPort = copyOut(buf, o[7]!, n, Int32Array, 4);
  seg.dstPort = copyOut(buf, o[8]!, n, Int32Array, 4);
  [seg.meta, seg.l7] = [u32(9), u32(10)];
  seg.flags = copyOut(buf, o[FLAGS]!, n, Uint8Array, 1);
  const coldOff = copyOut(buf, o[COLD_OFF]!, n + 1, Uint32Array, 4);
  if (withPair) seg.pair = copyOut(buf, o[PAIR]!, n, Int32Array, 4);
  const end = o[o.length - 1]!;
  internColumns(seg, h, d);
  seg.length = n;
  seg.minTs = h.minTs;
  seg.maxTs = h.maxTs;
  seg.setCold(copyOut(buf, end, h.coldBytes, Uint8Array, 1), coldOff);
  seg.file = withPair
    ? { path: file, flagsOffset: o[FLAGS]!, pairOffset: o[PAIR]! }
    : { path: file, flagsOffset: o[FLAGS]! };
  return seg;
}

function internColumns(seg: Segment, h: Header, d: Dictionaries): void {
  const epUse = usage([seg.srcEp, seg.dstEp], h.endpoints.length);
  const epMap = h.endpoints.map((k, i) => d.endpoint(k, epUse[i]));
  const strUse = usage([seg.srcIp, seg.dstIp], h.strings.length);
  const strMap = h.strings.map((k, i) => d.string(k, strUse[i]));
  const metaUse = usage([seg.meta], h.metas.length);
  const metaMap = h.metas.map((k, i) => d.meta(k, metaUse[i]));
  const l7Use = usage([seg.l7], h.l7.length + 1);
  const l7Map = [0, ...h.l7.map((k, i) => d.digestFromKey(k, l7Use[i + 1]))];
  toGlobal(seg.srcEp, epMap);
  toGlobal(seg.dstEp, epMap);
  toGlobal(seg.srcIp, strMap);
  toGlobal(seg.dstIp, strMap);
  toGlobal(seg.meta, metaMap);
  toGlobal(seg.l7, l7Map);
  for (let i = 0; i < h.rows; i++) {
    seg.edge[i] = d.edge(
      seg.srcEp[i]!,
      seg.dstEp[i]!,
      seg.srcPort[i]!,
      seg.dstPort[i]!,
      seg.meta[i]!,
    );
  }
}
