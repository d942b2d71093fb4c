// A flow query as Hubble's GetFlowsRequest expresses it: a flow matches when it matches
// any whitelist filter (or the whitelist is empty) and no blacklist filter. Inside one
// filter every set field must match; inside one field any listed value may match.
// Field names mirror flow.FlowFilter in camelCase, so the query converts 1:1 to the wire.
import 'server-only';
import type { FlowDecision } from '@/lib/api/decisions';
import type { FlowRecord } from '@/lib/api/flow-record';

export interface WorkloadSelector {
  name?: string;
  kind?: string;
}

export interface EventTypeSelector {
  type: number;
  subType?: number;
}

/**
 * A policy that decided a flow, as its `decidedBy` names it (server/policies/attribution.ts),
 * optionally one of its rules. Flowscope's own filter: Hubble's FlowFilter has no such
 * field, so it is never sent to a relay.
 */
export interface PolicySelector {
  /** Full kind name; absent: any kind. */
  kind?: string;
  /** '' for cluster-wide policies; absent: any namespace. */
  namespace?: string;
  name: string;
  /** A rule id such as `ingress[0]` or `egressDeny[1]`; absent: any rule. */
  rule?: string;
}

export interface FlowFilterSpec {
  uuid?: string[];
  sourceIp?: string[];
  sourcePod?: string[];
  sourceFqdn?: string[];
  sourceLabel?: string[];
  sourceService?: string[];
  sourceWorkload?: WorkloadSelector[];
  sourceIdentity?: number[];
  destinationIp?: string[];
  destinationPod?: string[];
  destinationFqdn?: string[];
  destinationLabel?: string[];
  destinationService?: string[];
  destinationWorkload?: WorkloadSelector[];
  destinationIdentity?: number[];
  trafficDirection?: string[];
  verdict?: string[];
  dropReasonDesc?: string[];
  eventType?: EventTypeSelector[];
  httpStatusCode?: string[];
  httpMethod?: string[];
  httpPath?: string[];
  httpUrl?: string[];
  protocol?: string[];
  sourcePort?: string[];
  destinationPort?: string[];
  reply?: boolean[];
  dnsQuery?: string[];
  nodeName?: string[];
  /** Flowscope's own: decided by one of these policies (or rules). */
  policy?: PolicySelector[];
  /** Flowscope's own: a decision kind (FlowDecision.kind), or `none`: no policy rule decided. */
  decision?: string[];
}

export interface FlowQuery {
  whitelist: FlowFilterSpec[];
  blacklist: FlowFilterSpec[];
  /**
   * The decision of a flow under the policies in force, for `policy` and `decision` filters. Routes
   * attach it (server/http/flow-params.ts withDecisions); without it such a filter matches
   * nothing.
   */
  decide?: (rec: FlowRecord) => FlowDecision;
}

export const EMPTY_QUERY: FlowQuery = Object.freeze({ whitelist: [], blacklist: [] });
