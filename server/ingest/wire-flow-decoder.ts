// GetFlowsResponse bytes -> FlowRecord in one pass over the protobuf wire format, for the
// ingest hot path. protobuf-es's fromBinary builds every message object of a ~1 KB flow
// (most of which a FlowRecord drops) and toFlowRecord then walks them again; here only
// the fields a FlowRecord shows are decoded and everything else is skipped by wire type.
// The output must stay deep-equal to toFlowRecord(fromBinary(...).flow): the tests check
// that on real captures, scenario flows and edge cases.
import 'server-only';
import {
  AuthType,
  DropReason,
  FlowType,
  IPVersion,
  L7FlowType,
  TraceObservationPoint,
  TraceReason,
  TrafficDirection,
  Verdict,
} from '@/proto/gen/flow/flow_pb';
import type { FlowEndpoint, FlowL7, FlowRecord } from '@/lib/api/flow-record';
import type { L7State } from './wire-flow-l7';
import type { EndpointState } from './wire-flow-parts';
import { L4_NAMES } from './wire-flow-parts';
import { FlowState, readFlow } from './wire-flow-fields';
import { derivedIdFromParts, rfc3339 } from './wire-shared';
import { WireReader, wireTypeMismatch } from './wire-reader';

export type DecodedResponse =
  | { kind: 'flow'; record: FlowRecord; ns: bigint /* flow time in ns since epoch */ }
  | { kind: 'other' };

type EnumObject = Record<number, string>;

// Module-local copies: under a CommonJS transpile every use of an imported binding is a
// getter call, which showed up in profiles of this hot path.
const VERDICT: EnumObject = Verdict;
const DROP_REASON: EnumObject = DropReason;
const FLOW_TYPE: EnumObject = FlowType;
const DIRECTION: EnumObject = TrafficDirection;
const IP_VERSION: EnumObject = IPVersion;
const OBSERVATION_POINT: EnumObject = TraceObservationPoint;
const TRACE_REASON: EnumObject = TraceReason;
const AUTH_TYPE: EnumObject = AuthType;
const L7_TYPE: EnumObject = L7FlowType;

/** Same rule as to-flow-record.ts: unknown values (newer Hubble) print as their number. */
function enumName(e: EnumObject, value: number): string {
  return e[value] ?? String(value);
}

const TCP_FLAG_NAMES = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR', 'NS'] as const;

// One reader and one state for the process: decoding is synchronous and never re-entered,
// and reusing them keeps per-flow garbage to the record itself.
const reader = new WireReader(new Uint8Array(0));
const state = new FlowState();
const OTHER: DecodedResponse = Object.freeze({ kind: 'other' });

/**
 * Decodes one GetFlowsResponse. Flows become a FlowRecord plus their exact time in ns;
 * node_status, lost_events and responses without a case are 'other', for the caller to
 * decode with protobuf-es. Throws an Error on truncated or malformed input.
 */
export function decodeFlowResponse(bytes: Uint8Array): DecodedResponse {
  const r = reader;
  const s = state;
  r.reset(bytes);
  // The last oneof member on the wire wins; a repeated `flow` merges into the earlier one.
  let kase = 0;
  while (r.pos < bytes.length) {
    const t = r.tag();
    const fieldNo = t >>> 3;
    if (fieldNo === 1) {
      if ((t & 7) !== 2) throw wireTypeMismatch(t);
      if (kase !== 1) s.reset();
      kase = 1;
      readFlow(r, s);
    } else {
      if (fieldNo <= 3) {
        if ((t & 7) !== 2) throw wireTypeMismatch(t);
        kase = fieldNo;
      }
      // node_name 1000 and time 1001 repeat what the flow itself carries.
      r.skip(t);
    }
  }
  if (kase !== 1) return OTHER;
  return { kind: 'flow', record: buildRecord(s), ns: flowNs(s.seconds, s.nanos) };
}

// Flows arrive in time order, so consecutive flows mostly share their second: caching its
// formatted prefix and its value in ns saves a Date and a bigint multiply per flow.
let cachedSeconds = Number.NaN;
let cachedBase = '';
let cachedSecondsNs = 0n;

function timeString(seconds: number, nanos: number): string {
  if (seconds !== cachedSeconds) {
    // rfc3339 throws a RangeError for seconds outside Date's range, as the reference does.
    cachedBase = rfc3339(seconds, 0).slice(0, 19);
    cachedSecondsNs = BigInt(seconds) * 1_000_000_000n;
    cachedSeconds = seconds;
  }
  return `${cachedBase}.${String(nanos).padStart(9, '0')}Z`;
}

function flowNs(seconds: number, nanos: number): bigint {
  // timeString ran first in buildRecord, so the cache holds this flow's second.
  return seconds === cachedSeconds ? cachedSecondsNs + BigInt(nanos) : 0n;
}

function endpoint(
  e: EndpointState,
  ip: string,
  port: number | undefined,
  names: string[],
  svc: [string, string],
): FlowEndpoint {
  const out: FlowEndpoint = {
    identity: e.identity,
    namespace: e.namespace,
    pod: e.pod,
    workloads: e.workloads,
    labels: e.labels,
    ip,
    names,
  };
  if (e.id) out.endpointId = e.id;
  if (e.cluster) out.cluster = e.cluster;
  if (port !== undefined) out.port = port;
  if (svc[0] || svc[1]) out.service = { name: svc[0], namespace: svc[1] };
  return out;
}

function tcpFlags(bits: number): string[] {
  const out: string[] = [];
  for (let i = 0; bits !== 0 && i < TCP_FLAG_NAMES.length; i++, bits >>>= 1) {
    if (bits & 1) out.push(TCP_FLAG_NAMES[i] as string);
  }
  return out;
}

function buildRecord(s: FlowState): FlowRecord {
  const time = timeString(s.seconds, s.nanos);
  const l4 = s.l4;
  const protocol = L4_NAMES[l4.kase];
  // Only TCP, UDP and SCTP have ports; the others leave them unset, not 0.
  const hasPorts = l4.kase === 1 || l4.kase === 2 || l4.kase === 5;
  const sport = hasPorts ? l4.sport : undefined;
  const dport = hasPorts ? l4.dport : undefined;
  const rec: FlowRecord = {
    id: s.uuid || derivedId(s, time, protocol, sport, dport),
    hasUuid: s.uuid !== '',
    time,
    ts: s.seconds * 1000 + Math.floor(s.nanos / 1e6),
    node: s.nodeName,
    nodeLabels: s.nodeLabels,
    verdict: enumName(VERDICT, s.verdict),
    type: enumName(FLOW_TYPE, s.type),
    eventType: s.eventType,
    eventSubType: s.eventSubType,
    direction: enumName(DIRECTION, s.direction),
    policyMatchType: s.policyMatchType,
    ipVersion: enumName(IP_VERSION, s.ipVersion),
    encrypted: s.encrypted,
    protocol,
    tcpFlags: l4.kase === 1 ? tcpFlags(l4.flags) : [],
    source: endpoint(s.source, s.ipSource, sport, s.sourceNames, s.sourceService),
    destination: endpoint(
      s.destination,
      s.ipDestination,
      dport,
      s.destinationNames,
      s.destinationService,
    ),
    ingressAllowedBy: s.ingressAllowedBy,
    egressAllowedBy: s.egressAllowedBy,
    ingressDeniedBy: s.ingressDeniedBy,
    egressDeniedBy: s.egressDeniedBy,
    policyLog: s.policyLog,
  };
  if (s.dropReasonDesc !== 0) {
    rec.dropReason = enumName(DROP_REASON, s.dropReasonDesc);
  } else if (s.verdict === 2 /* DROPPED */ && s.dropReason) {
    rec.dropReason = enumName(DROP_REASON, s.dropReason);
  }
  if (s.observationPoint !== 0) {
    rec.observationPoint = enumName(OBSERVATION_POINT, s.observationPoint);
  }
  if (s.traceReason !== 0) {
    rec.traceReason = enumName(TRACE_REASON, s.traceReason);
  }
  if (s.isReply !== undefined) rec.isReply = s.isReply;
  else if (s.reply) rec.isReply = true;
  if (l4.kase === 3 || l4.kase === 4) rec.icmp = { type: l4.icmpType, code: l4.icmpCode };
  if (s.l7.present) rec.l7 = layer7(s.l7);
  if (s.authType !== 0) rec.authType = enumName(AUTH_TYPE, s.authType);
  if (s.proxyPort) rec.proxyPort = s.proxyPort;
  if (s.interfaceName) rec.interfaceName = s.interfaceName;
  if (s.summary) rec.summary = s.summary;
  return rec;
}

function layer7(l7: L7State): FlowL7 {
  const out: FlowL7 = { type: enumName(L7_TYPE, l7.type), latencyNs: l7.latencyNs };
  if (l7.http) out.http = l7.http;
  else if (l7.dns) out.dns = l7.dns;
  else if (l7.kafka) out.kafka = l7.kafka;
  return out;
}

/** The same inputs, in the same order and types, as derivedFlowId in to-flow-record.ts. */
function derivedId(
  s: FlowState,
  time: string,
  protocol: string,
  sport: number | undefined,
  dport: number | undefined,
): string {
  return derivedIdFromParts([
    time,
    s.nodeName,
    s.ipSource,
    s.ipDestination,
    protocol,
    sport ?? '',
    dport ?? '',
    s.verdict,
    s.eventTypePresent ? s.eventType : '',
    s.eventTypePresent ? s.eventSubType : '',
    s.source.present ? s.source.identity : '',
    s.destination.present ? s.destination.identity : '',
    s.l7.present ? s.l7.type : '',
    s.summary,
  ]);
}
