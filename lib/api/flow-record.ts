// FlowRecord: the JSON-safe, client-safe shape of one Hubble flow inside Flowscope.
// Produced only by server/ingest from protobuf flows; every other part works on this.
// Enum-valued fields carry Hubble's enum names ("DROPPED", "POLICY_DENIED", ...), so
// they read the same as `hubble observe` output. Absent optional fields mean "not set".

/** Hubble's event types (`Flow.event_type.type`, Cilium's monitor message types). */
export const EVENT_DROP = 1;
export const EVENT_TRACE = 4;
export const EVENT_POLICY_VERDICT = 5;
/** An L7 proxy access log record (HTTP, DNS, Kafka). */
export const EVENT_L7 = 129;

export interface FlowWorkload {
  name: string;
  kind: string;
}

export interface FlowService {
  name: string;
  namespace: string;
}

export interface FlowEndpoint {
  /** Cilium security identity (1 host, 2 world, ...); 0 when unknown. */
  identity: number;
  /** Cilium endpoint id, set for endpoints local to the observing node. */
  endpointId?: number;
  namespace: string;
  pod: string;
  workloads: FlowWorkload[];
  /** Labels in Cilium's `source:key=value` form, e.g. `k8s:app=frontend`, `reserved:world`. */
  labels: string[];
  cluster?: string;
  ip: string;
  port?: number;
  /** DNS names Cilium knows for this IP (Flow.source_names / destination_names). */
  names: string[];
  service?: FlowService;
}

export interface PolicyRef {
  name: string;
  namespace: string;
  kind: string;
  /** uint64 as a decimal string, as Hubble's JSON prints it. */
  revision: string;
  labels: string[];
}

export interface FlowHttp {
  code: number;
  method: string;
  url: string;
  protocol: string;
  headers: { key: string; value: string }[];
}

export interface FlowDns {
  query: string;
  ips: string[];
  ttl: number;
  cnames: string[];
  observationSource: string;
  rcode: number;
  qtypes: string[];
  rrtypes: string[];
}

export interface FlowKafka {
  errorCode: number;
  apiVersion: number;
  apiKey: string;
  correlationId: number;
  topic: string;
}

export interface FlowL7 {
  /** REQUEST, RESPONSE, SAMPLE or UNKNOWN_L7_TYPE. */
  type: string;
  /** uint64 nanoseconds as a decimal string. */
  latencyNs: string;
  http?: FlowHttp;
  dns?: FlowDns;
  kafka?: FlowKafka;
}

export type L4Protocol = 'TCP' | 'UDP' | 'ICMPv4' | 'ICMPv6' | 'SCTP' | 'VRRP' | 'IGMP' | '';

export interface FlowRecord {
  /** The flow's uuid, or a stable id derived from its content when Hubble sent none. */
  id: string;
  /** True when `id` is Hubble's own uuid. */
  hasUuid: boolean;
  /** RFC 3339 UTC with nanoseconds, as Hubble prints it. */
  time: string;
  /** Milliseconds since the epoch (fraction dropped), for arithmetic and sorting. */
  ts: number;
  node: string;
  nodeLabels: string[];
  verdict: string;
  /** DropReason enum name; set when the verdict is DROPPED. */
  dropReason?: string;
  /** L3_L4, L7, SOCK or UNKNOWN_TYPE. */
  type: string;
  /** Cilium monitor event type: 1 drop, 4 trace, 5 policy verdict, 129 L7 access log. */
  eventType: number;
  eventSubType: number;
  /** INGRESS, EGRESS or TRAFFIC_DIRECTION_UNKNOWN. */
  direction: string;
  observationPoint?: string;
  traceReason?: string;
  isReply?: boolean;
  /** 0 none, 1 L3-only, 2 L3-L4, 3 L4-only, 4 all, 5 L3-proto, 6 proto-only. */
  policyMatchType: number;
  ipVersion: string;
  encrypted: boolean;
  protocol: L4Protocol;
  tcpFlags: string[];
  icmp?: { type: number; code: number };
  source: FlowEndpoint;
  destination: FlowEndpoint;
  l7?: FlowL7;
  ingressAllowedBy: PolicyRef[];
  egressAllowedBy: PolicyRef[];
  ingressDeniedBy: PolicyRef[];
  egressDeniedBy: PolicyRef[];
  policyLog: string[];
  authType?: string;
  proxyPort?: number;
  interfaceName?: string;
  summary?: string;
}
