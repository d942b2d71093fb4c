// Pieces both FlowRecord producers (the protobuf-es path in to-flow-record.ts and the
// wire decoder) must compute identically, or the same flow would get two different ids
// or times depending on which path decoded it.
import 'server-only';
import { createHash } from 'node:crypto';

/**
 * The content-derived id for flows without a uuid. `parts` are, in order: RFC 3339 time,
 * node name, source IP, destination IP, L4 protocol, source port, destination port,
 * verdict number, event type, event sub-type, source identity, destination identity,
 * L7 type number, Summary; absent optional values are ''.
 */
export function derivedIdFromParts(parts: readonly (string | number)[]): string {
  return 'fs-' + createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 32);
}

/** RFC 3339 UTC with exactly nine fraction digits, as timestampToRfc3339 prints it. */
export function rfc3339(seconds: number, nanos: number): string {
  const base = new Date(seconds * 1000).toISOString().slice(0, 19);
  return `${base}.${String(nanos).padStart(9, '0')}Z`;
}
