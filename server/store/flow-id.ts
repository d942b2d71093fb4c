// Flow ids as four 32-bit words instead of a JS string per flow. Hubble uuids and our derived
// `fs-` ids are both 128 bits of hex; any other id is kept verbatim elsewhere and only its
// hash lands in the words (lookups then confirm against the text).

export const ID_OTHER = 0;
export const ID_UUID = 1;
export const ID_DERIVED = 2;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DERIVED_RE = /^fs-[0-9a-f]{32}$/;

export interface IdWords {
  kind: number;
  w: [number, number, number, number];
}

function hexWords(hex: string): [number, number, number, number] {
  return [
    parseInt(hex.slice(0, 8), 16),
    parseInt(hex.slice(8, 16), 16),
    parseInt(hex.slice(16, 24), 16),
    parseInt(hex.slice(24, 32), 16),
  ];
}

// FNV-1a with four seeds: enough spread for an in-segment index; equality is re-checked.
function hashWords(text: string): [number, number, number, number] {
  const seeds = [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x7f4a7c15];
  return seeds.map((seed) => {
    let h = seed >>> 0;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
    return h;
  }) as [number, number, number, number];
}

export function encodeId(id: string): IdWords {
  if (UUID_RE.test(id)) return { kind: ID_UUID, w: hexWords(id.replace(/-/g, '')) };
  if (DERIVED_RE.test(id)) return { kind: ID_DERIVED, w: hexWords(id.slice(3)) };
  return { kind: ID_OTHER, w: hashWords(id) };
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
