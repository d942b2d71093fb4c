// One block of rows in columns (typed arrays). Rows are appended in arrival order; a full
// segment is sealed: its per-row text is packed into one buffer and an id index is built.
// Eviction and persistence work on whole segments.
import 'server-only';
import { ROW_COUNTS, type RowBlock } from '@/server/aggregate/map-source';

export const ID_KIND_SHIFT = 1;
export const ID_KIND_MASK = 0b110;

/** Everything a row holds, in ids (dictionaries live in the store). */
export interface RowInput {
  ts: number;
  subMs: number;
  idWords: readonly number[];
  idKind: number;
  counts: boolean;
  srcEp: number;
  dstEp: number;
  srcIp: number;
  dstIp: number;
  srcPort: number;
  dstPort: number;
  meta: number;
  l7: number;
  edge: number;
  /** Row number of the other event of the same packet minus this row's, or 0 (none). */
  pair: number;
  cold: string;
}

// Bytes per row of the fixed-width columns below.
export const ROW_BYTES = 8 + 4 + 16 + 4 * 4 + 4 * 2 + 4 * 3 + 1 + 4 + 2 + 4;

const decoder = new TextDecoder();

export class Segment implements RowBlock {
  length = 0;
  minTs = Infinity;
  maxTs = -Infinity;
  ts: Float64Array;
  subMs: Uint32Array;
  ids: Uint32Array;
  srcEp: Uint32Array;
  dstEp: Uint32Array;
  srcIp: Uint32Array;
  dstIp: Uint32Array;
  srcPort: Int32Array;
  dstPort: Int32Array;
  meta: Uint32Array;
  l7: Uint32Array;
  edge: Uint32Array;
  flags: Uint8Array;
  /** See RowInput.pair. */
  pair: Int32Array;
  private coldOpen: string[] | undefined = [];
  coldBuf: Uint8Array = new Uint8Array(0);
  coldOff: Uint32Array = new Uint32Array(1);
  private order: Uint16Array | Uint32Array | undefined;
  /** Set once the segment is written to a file: where its flags and pair columns start
   * (pairOffset absent in files written before pairs were kept). */
  file?: { path: string; flagsOffset: number; pairOffset?: number };

  constructor(
    readonly seq: number,
    readonly baseRow: number,
    readonly capacity: number,
  ) {
    this.ts = new Float64Array(capacity);
    this.subMs = new Uint32Array(capacity);
    this.ids = new Uint32Array(capacity * 4);
    this.srcEp = new Uint32Array(capacity);
    this.dstEp = new Uint32Array(capacity);
    this.srcIp = new Uint32Array(capacity);
    this.dstIp = new Uint32Array(capacity);
    this.srcPort = new Int32Array(capacity);
    this.dstPort = new Int32Array(capacity);
    this.meta = new Uint32Array(capacity);
    this.l7 = new Uint32Array(capacity);
    this.edge = new Uint32Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.pair = new Int32Array(capacity);
  }

  get sealed(): boolean {
    return this.coldOpen === undefined;
  }

  get full(): boolean {
    return this.length >= this.capacity;
  }

  push(r: RowInput): number {
    const i = this.length++;
    this.ts[i] = r.ts;
    this.subMs[i] = r.subMs;
    const w = r.idWords;
    const at = i * 4;
    this.ids[at] = w[0]!;
    this.ids[at + 1] = w[1]!;
    this.ids[at + 2] = w[2]!;
    this.ids[at + 3] = w[3]!;
    this.srcEp[i] = r.srcEp;
    this.dstEp[i] = r.dstEp;
    this.srcIp[i] = r.srcIp;
    this.dstIp[i] = r.dstIp;
    this.srcPort[i] = r.srcPort;
    this.dstPort[i] = r.dstPort;
    this.meta[i] = r.meta;
    this.l7[i] = r.l7;
    this.edge[i] = r.edge;
    this.pair[i] = r.pair;
    this.flags[i] = (r.counts ? ROW_COUNTS : 0) | (r.idKind << ID_KIND_SHIFT);
    this.coldOpen?.push(r.cold);
    if (r.ts < this.minTs) this.minTs = r.ts;
    if (r.ts > this.maxTs) this.maxTs = r.ts;
    return i;
  }

  idKind(i: number): number {
    return (this.flags[i]! & ID_KIND_MASK) >> ID_KIND_SHIFT;
  }

  cold(i: number): string {
    if (this.coldOpen) return this.coldOpen[i] ?? '';
    const a = this.coldOff[i]!;
    const b = this.coldOff[i + 1]!;
    return a === b ? '' : decoder.decode(this.coldBuf.subarray(a, b));
  }

  /** Packs per-row text into one buffer and builds the id index; no more rows after this. */
  seal(): void {
    const cold = this.coldOpen;
    if (!cold) return;
    // One pass into one buffer: an encoded array per row (most of them empty) made sealing
    // cost half a microsecond per flow.
    let chars = 0;
    for (const c of cold) chars += c.length;
    const buf = Buffer.allocUnsafeSlow(chars * 3);
    const off = new Uint32Array(this.length + 1);
    let total = 0;
    for (let i = 0; i < this.length; i++) {
      off[i] = total;
      const c = cold[i]!;
      if (c.length > 0) total += buf.write(c, total, 'utf8');
    }
    off[this.length] = total;
    const packed = new Uint8Array(total);
    packed.set(buf.subarray(0, total));
    this.setCold(packed, off);
  }

  /** Installs packed text (sealing or loading from a file). */
  setCold(buf: Uint8Array, off: Uint32Array): void {
    this.coldBuf = buf;
    this.coldOff = off;
    this.coldOpen = undefined;
    this.buildIndex();
  }

  // Row numbers sorted by the first id word: a binary search finds an id without a Map
  // entry per flow. Keys are word * 2^16 + row, exact in a double for rows < 2^16.
  private buildIndex(): void {
    const keys = new Float64Array(this.length);
    const span = this.length <= 0x10000 ? 0x10000 : 0x100000000;
    for (let i = 0; i < this.length; i++) keys[i] = this.ids[i * 4]! * span + i;
    keys.sort();
    const order =
      this.length <= 0x10000 ? new Uint16Array(this.length) : new Uint32Array(this.length);
    for (let i = 0; i < this.length; i++) order[i] = keys[i]! % span;
    this.order = order;
  }

  private wordsAt(i: number, w: readonly number[]): boolean {
    const b = i * 4;
    const ids = this.ids;
    return ids[b] === w[0] && ids[b + 1] === w[1] && ids[b + 2] === w[2] && ids[b + 3] === w[3];
  }

  /** Rows whose id words equal `w` (normally one). */
  findId(w: readonly number[]): number[] {
    const out: number[] = [];
    const order = this.order;
    if (!order) {
      for (let i = 0; i < this.length; i++) if (this.wordsAt(i, w)) out.push(i);
      return out;
    }
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ids[order[mid]! * 4]! < w[0]!) lo = mid + 1;
      else hi = mid;
    }
    for (; lo < order.length && this.ids[order[lo]! * 4] === w[0]; lo++) {
      if (this.wordsAt(order[lo]!, w)) out.push(order[lo]!);
    }
    return out;
  }

  /** Memory held: the fixed columns at capacity plus packed or pending text. */
  get bytes(): number {
    const text = this.coldOpen
      ? this.coldOpen.reduce((s, c) => s + c.length + 16, 0)
      : this.coldBuf.byteLength + this.coldOff.byteLength;
    return this.capacity * ROW_BYTES + text;
  }
}
