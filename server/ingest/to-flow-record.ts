// The one place that turns protobuf flows into FlowRecords.
import 'server-only';
import { derivedIdFromParts, rfc3339 } from './wire-shared';
import type { Timestamp } from '@bufbuild/protobuf/wkt';
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
import type { Endpoint, Flow, Layer7, Policy, Service } from '@/proto/gen/flow/flow_pb';
import type {
  FlowEndpoint,
  FlowL7,
  FlowRecord,
  FlowService,
  L4Protocol,
  PolicyRef,
} from '@/lib/api/flow-record';

type EnumObject = Record<number, string>;

/** Enum name for a value; unknown values (newer Hubble) print as their number. */
function enumName(e: EnumObject, value: number): string {
  return e[value] ?? String(value);
}

export function timestampToRfc3339(ts: Timestamp | undefined): string {
  if (!ts) return '1970-01-01T00:00:00.000000000Z';
  return rfc3339(Number(ts.seconds), ts.nanos);
}

export function timestampToMs(ts: Timestamp | undefined): number {
  if (!ts) return 0;
  return Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1e6);
}

/** Nanoseconds since the epoch; the exact ordering key for resume and dedupe. */
export function timestampToNs(ts: Timestamp | undefined): bigint {
  if (!ts) return 0n;
  return ts.seconds * 1_000_000_000n + BigInt(ts.nanos);
}

function service(s: Service | undefined): FlowService | undefined {
  if (!s || (!s.name && !s.namespace)) return undefined;
  return { name: s.name, namespace: s.namespace };
}

function endpoint(
  e: Endpoint | undefined,
  ip: string,
  port: number | undefined,
  names: string[],
  svc: Service | undefined,
): FlowEndpoint {
  const out: FlowEndpoint = {
    identity: e?.identity ?? 0,
    namespace: e?.namespace ?? '',
    pod: e?.podName ?? '',
    workloads: (e?.workloads ?? []).map((w) => ({ name: w.name, kind: w.kind })),
    labels: e ? [...e.labels] : [],
    ip,
    names: [...names],
  };
  if (e?.ID) out.endpointId = e.ID;
  if (e?.clusterName) out.cluster = e.clusterName;
  if (port !== undefined) out.port = port;
  const s = service(svc);
  if (s) out.service = s;
  return out;
}

function policies(list: Policy[]): PolicyRef[] {
  return list.map((p) => ({
    name: p.name,
    namespace: p.namespace,
    kind: p.kind,
    revision: p.revision.toString(),
    labels: [...p.labels],
  }));
}

function layer7(l7: Layer7 | undefined): FlowL7 | undefined {
  if (!l7) return undefined;
  const out: FlowL7 = { type: enumName(L7FlowType, l7.type), latencyNs: l7.latencyNs.toString() };
  const r = l7.record;
  if (r.case === 'http') {
    out.http = {
      code: r.value.code,
      method: r.value.method,
      url: r.value.url,
      protocol: r.value.protocol,
      headers: r.value.headers.map((h) => ({ key: h.key, value: h.value })),
    };
  } else if (r.case === 'dns') {
    out.dns = {
      query: r.value.query,
      ips: [...r.value.ips],
      ttl: r.value.ttl,
      cnames: [...r.value.cnames],
      observationSource: r.value.observationSource,
      rcode: r.value.rcode,
      qtypes: [...r.value.qtypes],
      rrtypes: [...r.value.rrtypes],
    };
  } else if (r.case === 'kafka') {
    out.kafka = {
      errorCode: r.value.errorCode,
      apiVersion: r.value.apiVersion,
      apiKey: r.value.apiKey,
      correlationId: r.value.correlationId,
      topic: r.value.topic,
    };
  }
  return out;
}

const TCP_FLAG_NAMES = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR', 'NS'] as const;

interface L4Facts {
  protocol: L4Protocol;
  sourcePort?: number;
  destinationPort?: number;
  tcpFlags: string[];
  icmp?: { type: number; code: number };
}

function layer4(flow: Flow): L4Facts {
  const p = flow.l4?.protocol;
  switch (p?.case) {
    case 'TCP': {
      const flags = p.value.flags;
      const set = flags ? TCP_FLAG_NAMES.filter((name) => flags[name]) : [];
      return {
        protocol: 'TCP',
        sourcePort: p.value.sourcePort,
        destinationPort: p.value.destinationPort,
        tcpFlags: set,
      };
    }
    case 'UDP':
    case 'SCTP':
      return {
        protocol: p.case,
        sourcePort: p.value.sourcePort,
        destinationPort: p.value.destinationPort,
        tcpFlags: [],
      };
    case 'ICMPv4':
    case 'ICMPv6':
      return { protocol: p.case, tcpFlags: [], icmp: { type: p.value.type, code: p.value.code } };
    case 'VRRP':
    case 'IGMP':
      return { protocol: p.case, tcpFlags: [] };
    default:
      return { protocol: '', tcpFlags: [] };
  }
}

/**
 * A stable id for flows that carry no uuid (Cilium before 1.14): the same flow, from a
 * relay or from a file, always gets the same id.
 */
export function derivedFlowId(flow: Flow): string {
  const l4 = layer4(flow);
  const parts = [
    timestampToRfc3339(flow.time),
    flow.nodeName,
    flow.IP?.source ?? '',
    flow.IP?.destination ?? '',
    l4.protocol,
    l4.sourcePort ?? '',
    l4.destinationPort ?? '',
    flow.verdict,
    flow.eventType?.type ?? '',
    flow.eventType?.subType ?? '',
    flow.source?.identity ?? '',
    flow.destination?.identity ?? '',
    flow.l7?.type ?? '',
    flow.Summary,
  ];
  return derivedIdFromParts(parts);
}

export function toFlowRecord(flow: Flow): FlowRecord {
  const l4 = layer4(flow);
  const ip = flow.IP;
  const rec: FlowRecord = {
    id: flow.uuid || derivedFlowId(flow),
    hasUuid: flow.uuid !== '',
    time: timestampToRfc3339(flow.time),
    ts: timestampToMs(flow.time),
    node: flow.nodeName,
    nodeLabels: [...flow.nodeLabels],
    verdict: enumName(Verdict, flow.verdict),
    type: enumName(FlowType, flow.Type),
    eventType: flow.eventType?.type ?? 0,
    eventSubType: flow.eventType?.subType ?? 0,
    direction: enumName(TrafficDirection, flow.trafficDirection),
    policyMatchType: flow.policyMatchType,
    ipVersion: enumName(IPVersion, ip?.ipVersion ?? 0),
    encrypted: ip?.encrypted ?? false,
    protocol: l4.protocol,
    tcpFlags: l4.tcpFlags,
    source: endpoint(
      flow.source,
      ip?.source ?? '',
      l4.sourcePort,
      flow.sourceNames,
      flow.sourceService,
    ),
    destination: endpoint(
      flow.destination,
      ip?.destination ?? '',
      l4.destinationPort,
      flow.destinationNames,
      flow.destinationService,
    ),
    ingressAllowedBy: policies(flow.ingressAllowedBy),
    egressAllowedBy: policies(flow.egressAllowedBy),
    ingressDeniedBy: policies(flow.ingressDeniedBy),
    egressDeniedBy: policies(flow.egressDeniedBy),
    policyLog: [...flow.policyLog],
  };
  if (flow.dropReasonDesc !== DropReason.DROP_REASON_UNKNOWN) {
    rec.dropReason = enumName(DropReason, flow.dropReasonDesc);
  } else if (flow.verdict === Verdict.DROPPED && flow.dropReason) {
    rec.dropReason = enumName(DropReason, flow.dropReason);
  }
  if (flow.traceObservationPoint !== TraceObservationPoint.UNKNOWN_POINT) {
    rec.observationPoint = enumName(TraceObservationPoint, flow.traceObservationPoint);
  }
  if (flow.traceReason !== TraceReason.TRACE_REASON_UNKNOWN) {
    rec.traceReason = enumName(TraceReason, flow.traceReason);
  }
  if (flow.isReply !== undefined) rec.isReply = flow.isReply;
  else if (flow.reply) rec.isReply = true;
  if (l4.icmp) rec.icmp = l4.icmp;
  const l7 = layer7(flow.l7);
  if (l7) rec.l7 = l7;
  if (flow.authType !== AuthType.DISABLED) rec.authType = enumName(AuthType, flow.authType);
  if (flow.proxyPort) rec.proxyPort = flow.proxyPort;
  if (flow.interface?.name) rec.interfaceName = flow.interface.name;
  if (flow.Summary) rec.summary = flow.Summary;
  return rec;
}
