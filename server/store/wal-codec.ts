// Binary rows for the write-ahead log of the open segment. A row is its ids, as in the
// segment's columns, but into dictionaries local to the log: an entry's key text is written
// once, the first time a row of this log uses it. JSON per flow was the cost of persistence.
//
// Layout: "FWL1", u32 segment seq, then records. Define: 'D', u8 kind, u32 length, key text.
// Row: 'R', f64 ts, u32 subMs, 4 x u32 id words, u8 id kind, u32 source and destination
// endpoint, u32 source and destination ip, i32 source and destination port, u32 meta, u32 L7
// (0 none), u32 length, cold text. Little-endian. A torn tail (crash mid-write) is ignored.
import 'server-only';
import type { FlowRecord } from '@/lib/api/flow-record';
import type { Dictionaries } from './dictionaries';
import { decodeId } from './flow-id';
import { joinRecord } from './row-codec';
import type { Segment } from './segment';

const MAGIC = 0x314c5746; // "FWL1"
const DEFINE = 0x44;
const ROW = 0x52;
/** A row's fixed part, up to and with the cold text's length. */
const ROW_BYTES = 1 + 8 + 4 + 16 + 1 + 4 * 4 + 4 * 2 + 4 * 2 + 4;
const ENDPOINT = 0;
const STRING = 1;
const META = 2;
const L7 = 3;

/** Encodes rows of one log; local ids stay valid while the open segment holds the rows. */
export class WalWriter {
  private buf = Buffer.allocUnsafeSlow(1 << 16);
  private view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  private at = 0;
  private readonly local = [new Map<number, number>(), new Map(), new Map(), new Map()];
  rows = 0;

  constructor(seq: number) {
    this.view.setUint32(0, MAGIC, true);
    this.view.setUint32(4, seq, true);
    this.at = 8;
  }

  get pending(): boolean {
    return this.at > 0;
  }

  /** Takes the bytes written so far. */
  take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.at));
    this.at = 0;
    this.rows = 0;
    return out;
  }

  private reserve(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.byteLength);
  }

  private text(s: string): void {
    this.reserve(4 + s.length * 3);
    const n = this.buf.write(s, this.at + 4, 'utf8');
    this.view.setUint32(this.at, n, true);
    this.at += 4 + n;
  }

  private id(kind: number, global: number, key: (id: number) => string | undefined): number {
    const map = this.local[kind]!;
    let l = map.get(global);
    if (l === undefined) {
      l = map.size + (kind === L7 ? 1 : 0);
      map.set(global, l);
      this.reserve(2);
      this.buf[this.at++] = DEFINE;
      this.buf[this.at++] = kind;
      this.text(key(global) ?? '');
    }
    return l;
  }

  row(seg: Segment, i: number, d: Dictionaries): void {
    const src = this.id(ENDPOINT, seg.srcEp[i]!, (x) => d.endpoints.key(x));
    const dst = this.id(ENDPOINT, seg.dstEp[i]!, (x) => d.endpoints.key(x));
    const srcIp = this.id(STRING, seg.srcIp[i]!, (x) => d.strings.key(x));
    const dstIp = this.id(STRING, seg.dstIp[i]!, (x) => d.strings.key(x));
    const meta = this.id(META, seg.meta[i]!, (x) => d.metas.key(x));
    const l7 = seg.l7[i]! === 0 ? 0 : this.id(L7, seg.l7[i]!, (x) => d.l7.key(x));
    this.reserve(ROW_BYTES);
    const v = this.view;
    let at = this.at;
    this.buf[at++] = ROW;
    v.setFloat64(at, seg.ts[i]!, true);
    v.setUint32(at + 8, seg.subMs[i]!, true);
    for (let k = 0; k < 4; k++) v.setUint32(at + 12 + k * 4, seg.ids[i * 4 + k]!, true);
    this.buf[at + 28] = seg.idKind(i);
    at += 29;
    for (const x of [src, dst, srcIp, dstIp]) {
      v.setUint32(at, x, true);
      at += 4;
    }
    v.setInt32(at, seg.srcPort[i]!, true);
    v.setInt32(at + 4, seg.dstPort[i]!, true);
    v.setUint32(at + 8, meta, true);
    v.setUint32(at + 12, l7, true);
    this.at = at + 16;
    this.text(seg.cold(i));
    this.rows += 1;
  }
}

/** The flows of a log written for open segment `seq`; [] for another segment or format. */
export function readWal(bytes: Buffer, seq: number): FlowRecord[] {
  if (bytes.length < 8 || bytes.readUInt32LE(0) !== MAGIC || bytes.readUInt32LE(4) !== seq) {
    return [];
  }
  const keys: string[][] = [[], [], [], ['']];
  const out: FlowRecord[] = [];
  let at = 8;
  const text = (): string | undefined => {
    if (at + 4 > bytes.length) return undefined;
    const n = bytes.readUInt32LE(at);
    if (at + 4 + n > bytes.length) return undefined;
    const s = bytes.toString('utf8', at + 4, at + 4 + n);
    at += 4 + n;
    return s;
  };
  while (at < bytes.length) {
    const tag = bytes[at];
    if (tag === DEFINE && at + 2 <= bytes.length) {
      const kind = bytes[at + 1]!;
      at += 2;
      const key = text();
      if (key === undefined || !keys[kind]) break;
      keys[kind]!.push(key);
      continue;
    }
    if (tag !== ROW || at + ROW_BYTES > bytes.length) break;
    const u32 = (k: number): number => bytes.readUInt32LE(at + k);
    const words = [u32(13), u32(17), u32(21), u32(25)];
    const kind = bytes[at + 29]!;
    const ts = bytes.readDoubleLE(at + 1);
    const subMs = u32(9);
    const [src, dst, srcIp, dstIp] = [u32(30), u32(34), u32(38), u32(42)];
    const srcPort = bytes.readInt32LE(at + 46);
    const dstPort = bytes.readInt32LE(at + 50);
    const meta = u32(54);
    const l7 = u32(58);
    at += ROW_BYTES - 4;
    const cold = text();
    if (cold === undefined || l7 >= keys[L7]!.length) break;
    out.push(
      joinRecord({
        id: decodeId(kind, words),
        ts,
        subMs,
        meta: keys[META]![meta]!,
        source: keys[ENDPOINT]![src]!,
        destination: keys[ENDPOINT]![dst]!,
        sourceIp: keys[STRING]![srcIp]!,
        destinationIp: keys[STRING]![dstIp]!,
        sourcePort: srcPort,
        destinationPort: dstPort,
        cold,
      }),
    );
  }
  return out;
}
