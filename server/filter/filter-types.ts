// A flow query as Hubble's GetFlowsRequest expresses it: a flow matches when it matches
// any whitelist filter (or the whitelist is empty) and no blacklist filter. Inside one
// filter every set field must match; inside one field any listed value may match.
// Field names mirror flow.FlowFilter in camelCase, so the query converts 1:1 to the wire.
import 'server-only';

export interface WorkloadSelector {
  name?: string;
  kind?: string;
}

export interface EventTypeSelector {
  type: number;
  subType?: number;
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
}

export interface FlowQuery {
  whitelist: FlowFilterSpec[];
  blacklist: FlowFilterSpec[];
}

export const EMPTY_QUERY: FlowQuery = Object.freeze({ whitelist: [], blacklist: [] });
