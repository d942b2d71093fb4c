// Finds the interned meta of an incoming flow without serialising it. Building the meta key
// (JSON of every categorical field) for every flow was the largest cost of append; now a hash
// of the same fields picks candidates and a walk confirms one against the parsed key, with
// the same outcome as comparing the JSON texts (see json-match.ts).
import 'server-only';
import type { FlowRecord } from '@/lib/api/flow-record';
import {
  adopt,
  finish,
  HASH_SEED,
  mix,
  mixShallow,
  sameKeyFields,
  type KeyShape,
} from './json-match';

/** A meta key, parsed once when the entry is created. */
export interface MetaShape extends KeyShape {
  /** JSON.parse of the key. */
  parsed: Record<string, unknown>;
  /** The summary, which the key holds last when the flow has no L7 record. */
  summary: unknown;
}

/**
 * Fields that never enter the meta key (`summary` is decided separately). Switched on length
 * first: most keys are then told apart without a string comparison, which was a large part
 * of the walk's cost.
 */
function outsideMeta(k: string): boolean {
  switch (k.length) {
    case 2:
      return k === 'id' || k === 'ts' || k === 'l7';
    case 4:
      return k === 'time';
    case 6:
      return k === 'source';
    case 7:
      return k === 'summary';
    case 11:
      return k === 'destination';
    default:
      return false;
  }
}

/** The summary as the meta key holds it: only without an L7 record. */
function metaSummary(r: FlowRecord): unknown {
  return r.l7 ? undefined : r.summary;
}

/** Hash of a flow's meta fields; equal for a flow and the parsed key of an equal meta. */
export function metaHash(r: FlowRecord): number {
  const b = r as unknown as Record<string, unknown>;
  let h = HASH_SEED;
  for (const k in b) {
    const v = b[k];
    if (v === undefined || outsideMeta(k)) continue;
    h = mix(h, k.length);
    h = mixShallow(h, v);
  }
  const s = metaSummary(r);
  return finish(s === undefined ? h : mixShallow(mix(h, 7), s));
}

/** The shape of meta `key`, taking string objects from `rec` (the flow it came from). */
export function metaShape(key: string, rec?: FlowRecord): MetaShape {
  const parsed = JSON.parse(key) as Record<string, unknown>;
  const keys = Object.keys(parsed).filter((k) => k !== 'summary');
  const from = rec as unknown as Record<string, unknown> | undefined;
  const values = keys.map((k) => (from ? adopt(parsed[k], from[k]) : parsed[k]));
  const r = parsed as unknown as FlowRecord;
  const summary = from ? adopt(parsed.summary, metaSummary(rec!)) : parsed.summary;
  return { parsed, keys, values, summary, hash: metaHash(r) };
}

/** Whether `r`'s meta key would equal the key `m` was parsed from. */
export function sameMeta(m: MetaShape, r: FlowRecord): boolean {
  return sameKeyFields(m, r, outsideMeta) && metaSummary(r) === m.summary;
}
