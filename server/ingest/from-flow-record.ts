// FlowRecord -> protobuf Flow, the inverse of toFlowRecord for every field Flowscope keeps,
// so exports print as `hubble observe -o jsonpb` does and read back to the same record.
import 'server-only';
import { create } from '@bufbuild/protobuf';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { TimestampSchema } from '@bufbuild/protobuf/wkt';
import {
  AuthType,
  DropReason,
  FlowSchema,
  FlowType,
  IPVersion,
  L7FlowType,
  TraceObservationPoint,
  TraceReason,
  TrafficDirection,
  Verdict,
} from '@/proto/gen/flow/flow_pb';
import type { Flow } from '@/proto/gen/flow/flow_pb';
import type { FlowEndpoint, FlowRecord, PolicyRef } from '@/lib/api/flow-record';

type EnumObject = Record<string, string | number>;

/** Enum value for a name; a number printed as a name (unknown value) goes back as itself. */
function enumValue(e: EnumObject, name: string | undefined): number {
  if (name === undefined) return 0;
  const v = e[name];
  if (typeof v === 'number') return v;
  return /^\d+$/.test(name) ? Number(name) : 0;
}

/** RFC 3339 with nanoseconds -> Timestamp, without losing the nanoseconds. */
export function rfc3339ToTimestamp(time: string) {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(time);
  const seconds = BigInt(Math.floor(Date.parse(`${m?.[1] ?? time}Z`) / 1000));
  const nanos = m?.[2] ? Number(m[2].padEnd(9, '0')) : 0;
  return create(TimestampSchema, { seconds, nanos });
}

function endpoint(ep: FlowEndpoint) {
  return {
    ID: ep.endpointId ?? 0,
    identity: ep.identity,
    clusterName: ep.cluster ?? '',
    namespace: ep.namespace,
    labels: ep.labels,
    podName: ep.pod,
    workloads: ep.workloads,
  };
}

function policies(list: PolicyRef[]) {
  return list.map((p) => ({ ...p, revision: BigInt(p.revision || '0') }));
}

type FlowInit = MessageInitShape<typeof FlowSchema>;

function layer4(r: FlowRecord): FlowInit['l4'] {
  const ports = { sourcePort: r.source.port ?? 0, destinationPort: r.destination.port ?? 0 };
  switch (r.protocol) {
    case 'TCP': {
      const flags = Object.fromEntries(r.tcpFlags.map((f) => [f, true]));
      return {
        protocol: {
          case: 'TCP',
          value: { ...ports, ...(r.tcpFlags.length > 0 ? { flags } : {}) },
        },
      };
    }
    case 'UDP':
    case 'SCTP':
      return { protocol: { case: r.protocol, value: ports } };
    case 'ICMPv4':
    case 'ICMPv6':
      return { protocol: { case: r.protocol, value: r.icmp ?? {} } };
    case 'VRRP':
    case 'IGMP':
      return { protocol: { case: r.protocol, value: {} } };
    default:
      return undefined;
  }
}

function layer7(r: FlowRecord): FlowInit['l7'] {
  const l7 = r.l7;
  if (!l7) return undefined;
  const base = { type: enumValue(L7FlowType, l7.type), latencyNs: BigInt(l7.latencyNs || '0') };
  if (l7.http) return { ...base, record: { case: 'http', value: l7.http } };
  if (l7.dns) return { ...base, record: { case: 'dns', value: l7.dns } };
  if (l7.kafka) return { ...base, record: { case: 'kafka', value: l7.kafka } };
  return base;
}

export function fromFlowRecord(r: FlowRecord): Flow {
  const isDrop = r.verdict === 'DROPPED' && r.dropReason !== undefined;
  const init: FlowInit = {
    time: rfc3339ToTimestamp(r.time),
    uuid: r.hasUuid ? r.id : '',
    verdict: enumValue(Verdict, r.verdict),
    dropReason: isDrop ? enumValue(DropReason, r.dropReason) : 0,
    dropReasonDesc: r.dropReason ? enumValue(DropReason, r.dropReason) : 0,
    authType: enumValue(AuthType, r.authType),
    IP:
      r.source.ip || r.destination.ip
        ? {
            source: r.source.ip,
            destination: r.destination.ip,
            ipVersion: enumValue(IPVersion, r.ipVersion),
            encrypted: r.encrypted,
          }
        : undefined,
    l4: layer4(r),
    source: endpoint(r.source),
    destination: endpoint(r.destination),
    Type: enumValue(FlowType, r.type),
    nodeName: r.node,
    nodeLabels: r.nodeLabels,
    sourceNames: r.source.names,
    destinationNames: r.destination.names,
    l7: layer7(r),
    eventType: { type: r.eventType, subType: r.eventSubType },
    sourceService: r.source.service,
    destinationService: r.destination.service,
    trafficDirection: enumValue(TrafficDirection, r.direction),
    policyMatchType: r.policyMatchType,
    traceObservationPoint: enumValue(TraceObservationPoint, r.observationPoint),
    traceReason: enumValue(TraceReason, r.traceReason),
    isReply: r.isReply,
    interface: r.interfaceName ? { name: r.interfaceName } : undefined,
    proxyPort: r.proxyPort ?? 0,
    Summary: r.summary ?? '',
    egressAllowedBy: policies(r.egressAllowedBy),
    ingressAllowedBy: policies(r.ingressAllowedBy),
    egressDeniedBy: policies(r.egressDeniedBy),
    ingressDeniedBy: policies(r.ingressDeniedBy),
    policyLog: r.policyLog,
  };
  return create(FlowSchema, init);
}
