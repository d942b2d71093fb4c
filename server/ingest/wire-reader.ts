// A minimal protobuf wire-format cursor for the hand-written flow decoder. It mirrors the
// value semantics of protobuf-es's BinaryReader (so results compare equal with the
// reference path) but is stricter about malformed input: every length is checked against
// the buffer before it is used, so a hostile or truncated message throws instead of
// reading garbage, and no loop can run without consuming bytes.
import 'server-only';

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

// protobuf-es decodes proto3 strings with a fatal, BOM-preserving TextDecoder: invalid
// UTF-8 throws and a leading U+FEFF stays text. We use the same settings for non-ASCII.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// Strings up to this length are built in JS; longer ones go to the native decoder, whose
// per-call cost is then small next to the copy.
const SHORT_STRING = 128;

// Direct-mapped cache of recently decoded ASCII strings; a collision just replaces the entry.
const INTERN_MASK = 4095;
const internTable: (string | undefined)[] = new Array<string | undefined>(INTERN_MASK + 1).fill(
  undefined,
);

const TWO_32 = 4294967296;

export class WireError extends Error {
  constructor(message: string) {
    super(`wire decode: ${message}`);
    this.name = 'WireError';
  }
}

export class WireReader {
  buf: Uint8Array;
  pos = 0;
  /** Low and high 32 bits of the last varint64 (both as unsigned numbers). */
  lo = 0;
  hi = 0;
  /** One scratch array per short length: resizing a single array is a slow runtime call. */
  private readonly codes: number[][] = Array.from({ length: SHORT_STRING + 1 }, (_, n) =>
    new Array<number>(n).fill(0),
  );

  constructor(buf: Uint8Array) {
    this.buf = buf;
  }

  reset(buf: Uint8Array): void {
    this.buf = buf;
    this.pos = 0;
  }

  /**
   * An unsigned 32-bit varint, keeping the low 32 bits of longer encodings (negative int32
   * values are sign-extended to 10 bytes on the wire), like protobuf-es's varint32read.
   */
  uint32(): number {
    const buf = this.buf;
    let pos = this.pos;
    // Reads past the end yield undefined, which bit operations treat as 0; the single
    // bounds check at the end then rejects the varint, and the loop still terminates.
    let b = buf[pos++] as number;
    if (b < 0x80) {
      this.pos = pos;
      if (pos > buf.length) throw new WireError('truncated varint');
      return b;
    }
    let v = b & 0x7f;
    b = buf[pos++] as number;
    v |= (b & 0x7f) << 7;
    if (b >= 0x80) {
      b = buf[pos++] as number;
      v |= (b & 0x7f) << 14;
      if (b >= 0x80) {
        b = buf[pos++] as number;
        v |= (b & 0x7f) << 21;
        if (b >= 0x80) {
          b = buf[pos++] as number;
          v |= (b & 0x0f) << 28;
          // Bytes 6..10 only carry bits above 32: skip them, but never more than 10 in all.
          let n = 5;
          while (b >= 0x80 && n < 10) {
            b = buf[pos++] as number;
            n++;
          }
          if (b >= 0x80) throw new WireError('varint longer than 10 bytes');
        }
      }
    }
    this.pos = pos;
    if (pos > buf.length) throw new WireError('truncated varint');
    return v >>> 0;
  }

  /** A signed 32-bit varint (int32 and open enums). */
  int32(): number {
    return this.uint32() | 0;
  }

  /** A bool varint: any non-zero 64-bit value is true, as in protobuf-es. */
  bool(): boolean {
    const b = this.buf[this.pos];
    if (b !== undefined && b < 0x80) {
      this.pos++;
      return b !== 0;
    }
    this.varint64();
    return this.lo !== 0 || this.hi !== 0;
  }

  /** A 64-bit varint split into `lo` and `hi` (unsigned 32-bit halves). */
  varint64(): void {
    const buf = this.buf;
    let pos = this.pos;
    let lo = 0;
    let hi = 0;
    let b = 0x80;
    for (let shift = 0; shift < 28 && b >= 0x80; shift += 7) {
      b = buf[pos++] as number;
      lo |= (b & 0x7f) << shift;
    }
    if (b >= 0x80) {
      b = buf[pos++] as number;
      lo |= (b & 0x0f) << 28;
      hi = (b & 0x70) >> 4;
      for (let shift = 3; shift <= 31 && b >= 0x80; shift += 7) {
        b = buf[pos++] as number;
        hi |= (b & 0x7f) << shift;
      }
      if (b >= 0x80) throw new WireError('varint longer than 10 bytes');
    }
    this.pos = pos;
    if (pos > buf.length) throw new WireError('truncated varint');
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  /** The last varint64 as an unsigned decimal string (uint64 fields as Hubble prints them). */
  uint64String(): string {
    if (this.hi === 0) return String(this.lo);
    const v = this.hi * TWO_32 + this.lo;
    if (v <= Number.MAX_SAFE_INTEGER) return String(v);
    return ((BigInt(this.hi) << 32n) | BigInt(this.lo)).toString();
  }

  /** The last varint64 as a signed number (int64 fields), rounded like Number(bigint). */
  int64Number(): number {
    return (this.hi | 0) * TWO_32 + this.lo;
  }

  /**
   * A field tag as `fieldNo << 3 | wireType`. Groups (3, 4) and the undefined wire types
   * (6, 7) are rejected: Hubble's proto3 messages never contain them.
   */
  tag(): number {
    const start = this.pos;
    const t = this.uint32();
    if (this.pos - start > 5) throw new WireError('tag overflows uint32');
    const wt = t & 7;
    if (t >>> 3 === 0) throw new WireError('field number 0');
    if (wt === 3 || wt === 4 || wt > 5) {
      throw new WireError(`unsupported wire type ${wt} for field ${t >>> 3}`);
    }
    return t;
  }

  /** Reads a length prefix and returns the end offset of the payload it announces. */
  lenEnd(): number {
    const len = this.uint32();
    const end = this.pos + len;
    if (end > this.buf.length) throw new WireError('length beyond end of buffer');
    return end;
  }

  /** Skips one field's value by wire type (unknown and unneeded fields). */
  skip(tag: number): void {
    switch (tag & 7) {
      case WIRE_VARINT:
        this.varint64();
        return;
      case WIRE_FIXED64:
        this.advance(8);
        return;
      case WIRE_LEN:
        this.pos = this.lenEnd();
        return;
      case WIRE_FIXED32:
        this.advance(4);
        return;
      default:
        throw new WireError(`cannot skip wire type ${tag & 7}`);
    }
  }

  private advance(n: number): void {
    if (this.pos + n > this.buf.length) throw new WireError('truncated fixed-width field');
    this.pos += n;
  }

  /** A length-delimited UTF-8 string. */
  string(): string {
    const end = this.lenEnd();
    const start = this.pos;
    this.pos = end;
    const len = end - start;
    if (len === 0) return '';
    const buf = this.buf;
    if (len <= SHORT_STRING) {
      // Flow strings are mostly short ASCII that repeats from flow to flow (labels, names,
      // namespaces): hand out the string decoded the last time these bytes were seen. The
      // slot hash samples a few bytes only (a full hash is a serial multiply chain per byte);
      // the full comparison below decides, and cached strings are ASCII, so a match is too.
      // For 1- and 2-byte strings the samples include the tag and length bytes just before
      // `start` (always present): that only moves the slot, never the result.
      const last = end - 1;
      const h =
        Math.imul(len ^ ((buf[start] as number) << 8) ^ ((buf[last] as number) << 16), 0x9e3779b1) ^
        Math.imul(
          (buf[start + (len >> 1)] as number) ^
            ((buf[last - 1] as number) << 8) ^
            ((buf[last - 2] as number) << 16) ^
            ((buf[start + (len >> 2)] as number) << 24),
          0x85ebca6b,
        );
      const slot = (h ^ (h >>> 16)) & INTERN_MASK;
      const cached = internTable[slot];
      if (cached !== undefined && cached.length === len) {
        let i = 0;
        while (i < len && cached.charCodeAt(i) === buf[start + i]) i++;
        if (i === len) return cached;
      }
      const codes = this.codes[len] as number[];
      let any = 0;
      for (let i = 0; i < len; i++) {
        const c = buf[start + i] as number;
        any |= c;
        codes[i] = c;
      }
      if (any >= 0x80) return utf8.decode(buf.subarray(start, end));
      const str = String.fromCharCode.apply(null, codes);
      internTable[slot] = str;
      return str;
    }
    return utf8.decode(buf.subarray(start, end));
  }

  /** Throws unless a message body ended exactly where its length prefix said. */
  expectEnd(end: number): void {
    if (this.pos !== end) throw new WireError('field overruns its enclosing message');
  }
}

/** Rejects a known field that arrived with a wire type its declared type cannot have. */
export function wireTypeMismatch(tag: number): WireError {
  return new WireError(`field ${tag >>> 3} has wrong wire type ${tag & 7}`);
}
