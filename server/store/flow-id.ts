// Flow ids as four 32-bit words instead of a JS string per flow. Hubble uuids and our derived
// `fs-` ids are both 128 bits of hex; any other id is kept verbatim elsewhere and only its
// hash lands in the words (lookups then confirm against the text).
import 'server-only';

export const ID_OTHER = 0;
export const ID_UUID = 1;
export const ID_DERIVED = 2;

export interface IdWords {
  kind: number;
  w: [number, number, number, number];
}

/** Where words are written: a plain array or a segment's id column. */
export interface WordSink {
  [i: number]: number;
}

// Value of each lowercase hex digit, -1 for anything else. Uppercase is not accepted: the id
// text is rebuilt from the words in lowercase, so only lowercase ids round-trip.
const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) HEX['0123456789abcdef'.charCodeAt(i)] = i;

function hexDigit(c: number): number {
  return c < 128 ? HEX[c]! : -1;
}

/** 4n hex digits from `at` (skipping dashes at `skip`, if any) as one word; -1 if not hex. */
function hexWord(s: string, at: number, skip: number): number {
  let v = 0;
  for (let i = at, n = 0; n < 8; i++) {
    if (i === skip) continue;
    const d = hexDigit(s.charCodeAt(i));
    if (d < 0) return -1;
    v = v * 16 + d;
    n++;
  }
  return v;
}

/** Writes the four words at `out[at..at+3]`; false, writing nothing, if any was not hex. */
function wordsInto(a: number, b: number, c: number, d: number, out: WordSink, at: number): boolean {
  if (a < 0 || b < 0 || c < 0 || d < 0) return false;
  out[at] = a;
  out[at + 1] = b;
  out[at + 2] = c;
  out[at + 3] = d;
  return true;
}

// Parsed by hand: the regular expressions, slices and parseInt calls this replaces were a
// tenth of append's time.
function uuidInto(id: string, out: WordSink, at: number): boolean {
  if (id.length !== 36) return false;
  const dash = 45;
  if (id.charCodeAt(8) !== dash || id.charCodeAt(13) !== dash) return false;
  if (id.charCodeAt(18) !== dash || id.charCodeAt(23) !== dash) return false;
  const a = hexWord(id, 0, -1);
  const b = hexWord(id, 9, 13);
  const c = hexWord(id, 19, 23);
  const d = hexWord(id, 28, -1);
  return wordsInto(a, b, c, d, out, at);
}

function derivedInto(id: string, out: WordSink, at: number): boolean {
  if (id.length !== 35 || !id.startsWith('fs-')) return false;
  const a = hexWord(id, 3, -1);
  const b = hexWord(id, 11, -1);
  const c = hexWord(id, 19, -1);
  const d = hexWord(id, 27, -1);
  return wordsInto(a, b, c, d, out, at);
}

const SEEDS = [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x7f4a7c15];

// FNV-1a with four seeds: enough spread for an in-segment index; equality is re-checked.
function hashInto(text: string, out: WordSink, at: number): void {
  for (let k = 0; k < 4; k++) {
    let h = SEEDS[k]! >>> 0;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
    out[at + k] = h;
  }
}

/** Writes the id's four words at `out[at..at+3]` and returns its kind. */
export function encodeIdInto(id: string, out: WordSink, at: number): number {
  if (uuidInto(id, out, at)) return ID_UUID;
  if (derivedInto(id, out, at)) return ID_DERIVED;
  hashInto(id, out, at);
  return ID_OTHER;
}

export function encodeId(id: string): IdWords {
  const w: [number, number, number, number] = [0, 0, 0, 0];
  return { kind: encodeIdInto(id, w, 0), w };
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

/** The id text for hex kinds; undefined for ID_OTHER (stored verbatim by the caller). */
export function decodeId(kind: number, w: ArrayLike<number>): string | undefined {
  const hex = hex8(w[0]!) + hex8(w[1]!) + hex8(w[2]!) + hex8(w[3]!);
  if (kind === ID_UUID) {
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  if (kind === ID_DERIVED) return 'fs-' + hex;
  return undefined;
}
