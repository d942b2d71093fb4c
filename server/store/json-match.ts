// Compares an incoming object with a dictionary key (JSON text) without serialising the
// object: a hash picks candidates, a walk confirms one, with the same outcome as comparing
// JSON texts. Objects are read with for-in, which V8 serves from the object's enum cache;
// named property reads were the larger cost, because flows come in many hidden classes.
import 'server-only';

/** A parsed key, laid out for the walk: top-level keys in order and their values. */
export interface KeyShape {
  keys: string[];
  values: unknown[];
  hash: number;
}

export const HASH_SEED = 0x811c9dc5;

export function mix(h: number, v: number): number {
  return Math.imul(h ^ v, 0x01000193);
}

/** Kept within V8's small integers, which Map keys handle without allocating. */
export function finish(h: number): number {
  return h & 0x3fffffff;
}

// Length and three characters: the walk compares whole strings anyway, and hashing every
// character cost more than the comparison.
export function mixString(h: number, s: string): number {
  const n = s.length;
  h = mix(h, n);
  if (n === 0) return h;
  h = mix(h, s.charCodeAt(0));
  h = mix(h, s.charCodeAt(n >> 1));
  return mix(h, s.charCodeAt(n - 1));
}

/**
 * Mixes a top-level value as its JSON text would read: equal JSON gives an equal hash. Arrays
 * mix their length and first and last elements, objects only a marker: the walk compares
 * everything, and a deeper hash cost more than it saved.
 */
export function mixShallow(h: number, v: unknown): number {
  if (typeof v === 'string') return mixString(h, v);
  if (typeof v === 'number') return mix(h, v | 0);
  if (typeof v === 'boolean') return mix(h, v ? 1 : 2);
  if (!Array.isArray(v)) return mix(h, v === null ? 3 : 4);
  const n = v.length;
  h = mix(h, n);
  if (n === 0) return h;
  return mixElement(mixElement(h, v[0]), v[n - 1]);
}

// An array element: undefined reads as null in JSON, so both mix the same marker.
function mixElement(h: number, x: unknown): number {
  if (typeof x === 'string') return mixString(h, x);
  if (typeof x === 'number') return mix(h, x | 0);
  return mix(h, x === undefined || x === null ? 3 : 4);
}

// Own keys of parsed objects below the top level, in order, computed once per object.
const nestedKeys = new WeakMap<object, string[]>();

function keysOf(o: object): string[] {
  let k = nestedKeys.get(o);
  if (!k) nestedKeys.set(o, (k = Object.keys(o)));
  return k;
}

/**
 * Whether `b` serialises to the same JSON as `a`, which came from JSON.parse. Only says yes
 * when sure; what it does not model (NaN, undefined in an array, a toJSON method, inherited
 * members) answers no or never arises in a FlowRecord, and the caller then compares keys.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof b !== 'object') return false;
  if (typeof b !== 'object' || b === null || typeof a !== 'object' || a === null) return false;
  if (Array.isArray(b)) {
    if (!Array.isArray(a) || a.length !== b.length) return false;
    for (let i = 0; i < b.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(a)) return false;
  const keys = keysOf(a);
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let at = 0;
  // Key order counts: JSON texts with the same members in another order are different keys.
  for (const k in bo) {
    const v = bo[k];
    if (v === undefined) continue;
    if (k !== keys[at] || !sameJson(ao[k], v)) return false;
    at++;
  }
  return at === keys.length;
}

/**
 * Makes a stored value hold the incoming value's strings where the text is equal. Ingest
 * that reuses string objects (enum names, a decoder's table, the benchmark generator) then
 * compares by pointer instead of reading both texts on every flow.
 */
export function adopt(stored: unknown, incoming: unknown): unknown {
  if (typeof stored === 'string') return stored === incoming ? incoming : stored;
  if (Array.isArray(stored) && Array.isArray(incoming) && stored.length === incoming.length) {
    for (let i = 0; i < stored.length; i++) stored[i] = adopt(stored[i], incoming[i]);
  }
  return stored;
}

/**
 * Whether `obj`, walked in its own key order, has exactly `shape`'s keys with equal values,
 * ignoring keys `outside` says are not part of the key (and undefined values). The order must
 * match too: keys are compared as the JSON text they would produce.
 */
export function sameKeyFields(
  shape: KeyShape,
  obj: object,
  outside: (key: string) => boolean,
): boolean {
  const { keys, values } = shape;
  const b = obj as Record<string, unknown>;
  let at = 0;
  for (const k in b) {
    const v = b[k];
    if (v === undefined) continue;
    if (k === keys[at]) {
      const a = values[at];
      if (a !== v && !sameJson(a, v)) return false;
      at++;
    } else if (!outside(k)) {
      return false;
    }
  }
  return at === keys.length;
}
