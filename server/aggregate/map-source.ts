// The columnar view the aggregators read: blocks of rows holding numeric keys computed once
// at append (edge id, meta id, L7 digest id), plus the dictionaries those ids point into.
// The store owns the data; aggregation only reads it, so both stay independent.
import 'server-only';
import type { FlowRecord } from '@/lib/api/flow-record';
import type { L7Digest } from './l7-digest';
import type { NodeInfo } from './node-identity';
import { VERDICT_KEYS } from '@/lib/api/aggregate';

/** Row flag: the row counts in aggregates (not the second report of a paired drop). */
export const ROW_COUNTS = 1;

export interface RowBlock {
  length: number;
  minTs: number;
  maxTs: number;
  ts: Float64Array;
  edge: Uint32Array;
  meta: Uint32Array;
  l7: Uint32Array;
  flags: Uint8Array;
}

export interface EdgeDef {
  source: number;
  target: number;
  port: number;
  protocol: string;
}

/** What aggregation needs from the flow's categorical fields, keyed by the row's meta id. */
export interface RowFacts {
  /** Index into VERDICT_KEYS. */
  verdict: number;
  reply: boolean;
  dropReason: string;
  /** Deciding policy `kind/namespace/name`, `default-deny`, or `reason:<DROP_REASON>`. */
  policy: string;
}

export interface MapSource {
  /** Oldest first. */
  blocks: readonly RowBlock[];
  nodes: readonly (NodeInfo | undefined)[];
  edges: readonly (EdgeDef | undefined)[];
  facts: readonly (RowFacts | undefined)[];
  l7: readonly (L7Digest | undefined)[];
}

const VERDICT_INDEX: Record<string, number> = {
  FORWARDED: 0,
  DROPPED: 1,
  ERROR: 2,
  AUDIT: 3,
  REDIRECTED: 4,
};
const OTHER = VERDICT_KEYS.indexOf('other');

export function verdictIndex(verdict: string): number {
  return VERDICT_INDEX[verdict] ?? OTHER;
}

function decidingPolicy(r: FlowRecord): string {
  const named =
    r.ingressDeniedBy[0] ?? r.egressDeniedBy[0] ?? r.ingressAllowedBy[0] ?? r.egressAllowedBy[0];
  if (named) return `${named.kind}/${named.namespace}/${named.name}`;
  if (r.dropReason === 'POLICY_DENIED') return 'default-deny';
  return `reason:${r.dropReason ?? 'UNKNOWN'}`;
}

/** Facts of a flow's categorical fields; equal for every flow sharing a meta id. */
export function rowFacts(r: FlowRecord): RowFacts {
  return {
    verdict: verdictIndex(r.verdict),
    reply: r.isReply === true,
    dropReason: r.dropReason ?? '',
    policy: r.verdict === 'DROPPED' ? decidingPolicy(r) : '',
  };
}
