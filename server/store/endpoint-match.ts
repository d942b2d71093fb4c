// Finds an interned endpoint without serialising the incoming one: a hash picks candidates,
// a walk over its fields confirms one against the parsed key (all but ip and port), with the
// same outcome as comparing JSON texts (see json-match.ts). Serialising every endpoint of
// every flow was once the largest cost of append.
import 'server-only';
import type { FlowEndpoint } from '@/lib/api/flow-record';
import {
  adopt,
  finish,
  HASH_SEED,
  mix,
  mixShallow,
  sameKeyFields,
  type KeyShape,
} from './json-match';

function outsideKey(k: string): boolean {
  const n = k.length;
  return (n === 2 && k === 'ip') || (n === 4 && k === 'port');
}

/** Hash of an endpoint's key fields; equal for an endpoint and its parsed key. */
export function endpointHash(ep: FlowEndpoint): number {
  const b = ep as unknown as Record<string, unknown>;
  let h = HASH_SEED;
  for (const k in b) {
    const v = b[k];
    if (v === undefined || outsideKey(k)) continue;
    h = mix(h, k.length);
    h = mixShallow(h, v);
  }
  return finish(h);
}

/** The shape of endpoint key `parsed`, taking string objects from `from` when given. */
export function endpointShape(parsed: FlowEndpoint, from?: FlowEndpoint): KeyShape {
  const p = parsed as unknown as Record<string, unknown>;
  const f = from as unknown as Record<string, unknown> | undefined;
  const keys = Object.keys(p).filter((k) => !outsideKey(k));
  const values = keys.map((k) => (f ? adopt(p[k], f[k]) : p[k]));
  return { keys, values, hash: endpointHash(parsed) };
}

/** Whether `ep`'s key (JSON without ip and port) equals the key `s` was parsed from. */
export function sameEndpoint(s: KeyShape, ep: FlowEndpoint): boolean {
  return sameKeyFields(s, ep, outsideKey);
}
