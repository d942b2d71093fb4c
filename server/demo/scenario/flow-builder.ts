// Builds protobuf Flow messages the way a Cilium 1.19 agent fills them, from peers and an
// event description; knows which fields belong to which monitor event type.
import 'server-only';
import { create } from '@bufbuild/protobuf';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { TimestampSchema } from '@bufbuild/protobuf/wkt';
import {
  DropReason,
  FlowSchema,
  FlowType,
  IPVersion,
  TraceObservationPoint,
  TraceReason,
  TrafficDirection,
  Verdict,
} from '@/proto/gen/flow/flow_pb';
import type { EndpointSchema, Flow, Layer7Schema, PolicySchema } from '@/proto/gen/flow/flow_pb';
import type { Prng } from '../prng';
import type { PolicySpec } from './spec';
import type { Peer } from './topology';

export const AGENT_VERSION = '1.19.4';

export type L4 =
  | { proto: 'TCP'; sport: number; dport: number; flags: TcpFlag[] }
  | { proto: 'UDP'; sport: number; dport: number };

export type TcpFlag = 'SYN' | 'ACK' | 'PSH' | 'FIN' | 'RST';

export type FlowEvent =
  | { kind: 'trace'; point: TraceObservationPoint; reason: TraceReason }
  | {
      kind: 'policy';
      matchType: number;
      allowedBy?: PolicySpec;
      deniedBy?: PolicySpec;
      drop?: DropReason;
    }
  | { kind: 'drop'; reason: DropReason }
  | { kind: 'l7'; l7: MessageInitShape<typeof Layer7Schema> };

export interface FlowParts {
  ns: bigint;
  node: string;
  src: Peer;
  dst: Peer;
  l4: L4;
  verdict: Verdict;
  direction: TrafficDirection;
  isReply: boolean;
  event: FlowEvent;
  summary: string;
}

/** Monitor trace sub_type for an observation point (the proto uses 101 for to-endpoint). */
function traceSubType(point: TraceObservationPoint): number {
  return point === TraceObservationPoint.TO_ENDPOINT ? 0 : point;
}

export function policyMessage(p: PolicySpec): MessageInitShape<typeof PolicySchema> {
  const labels = [
    `k8s:io.cilium.k8s.policy.derived-from=${p.kind}`,
    `k8s:io.cilium.k8s.policy.name=${p.name}`,
    ...(p.namespace ? [`k8s:io.cilium.k8s.policy.namespace=${p.namespace}`] : []),
    `k8s:io.cilium.k8s.policy.uid=${p.uid}`,
  ];
  return {
    name: p.name,
    namespace: p.namespace,
    labels,
    revision: BigInt(p.revision),
    kind: p.kind,
  };
}

function endpoint(peer: Peer, observer: string, cluster: string) {
  const init: MessageInitShape<typeof EndpointSchema> = {
    identity: peer.identity,
    labels: peer.labels,
    namespace: peer.namespace,
    podName: peer.podName,
    workloads: peer.workloads,
  };
  if (peer.kind === 'node' && peer.node !== observer) {
    init.identity = 6;
    init.labels = ['reserved:remote-node'];
  }
  // Hubble only knows endpoint ids for endpoints on the node that saw the packet.
  if (peer.endpointId && peer.node === observer) init.ID = peer.endpointId;
  if (peer.kind === 'pod') init.clusterName = cluster;
  return init;
}

export function tcpSummary(flags: TcpFlag[]): string {
  return `TCP Flags: ${flags.join(', ')}`;
}

export function nodeLabels(node: string): string[] {
  const host = node.slice(node.indexOf('/') + 1);
  return ['kubernetes.io/arch=amd64', `kubernetes.io/hostname=${host}`, 'kubernetes.io/os=linux'];
}

export function buildFlow(parts: FlowParts, prng: Prng, cluster: string): Flow {
  const { src, dst, l4, event } = parts;
  const flags = l4.proto === 'TCP' ? Object.fromEntries(l4.flags.map((f) => [f, true])) : {};
  const init: MessageInitShape<typeof FlowSchema> = {
    time: create(TimestampSchema, {
      seconds: parts.ns / 1_000_000_000n,
      nanos: Number(parts.ns % 1_000_000_000n),
    }),
    uuid: prng.uuid(),
    emitter: { name: 'Hubble', version: AGENT_VERSION },
    verdict: parts.verdict,
    IP: { source: src.ip, destination: dst.ip, ipVersion: IPVersion.IPv4 },
    l4: {
      protocol:
        l4.proto === 'TCP'
          ? {
              case: 'TCP',
              // L7 access-log records carry no TCP flags; only packet events do.
              value: {
                sourcePort: l4.sport,
                destinationPort: l4.dport,
                ...(l4.flags.length > 0 ? { flags } : {}),
              },
            }
          : { case: 'UDP', value: { sourcePort: l4.sport, destinationPort: l4.dport } },
    },
    source: endpoint(src, parts.node, cluster),
    destination: endpoint(dst, parts.node, cluster),
    Type: event.kind === 'l7' ? FlowType.L7 : FlowType.L3_L4,
    nodeName: parts.node,
    nodeLabels: nodeLabels(parts.node),
    sourceNames: src.names,
    destinationNames: dst.names,
    trafficDirection: parts.direction,
    isReply: parts.isReply,
    Summary: parts.summary,
  };
  if (src.service && parts.isReply) init.sourceService = src.service;
  if (dst.service && !parts.isReply) init.destinationService = dst.service;
  switch (event.kind) {
    case 'trace':
      init.eventType = { type: 4, subType: traceSubType(event.point) };
      init.traceObservationPoint = event.point;
      init.traceReason = event.reason;
      break;
    case 'policy': {
      init.eventType = { type: 5 };
      init.policyMatchType = event.matchType;
      const egress = parts.direction === TrafficDirection.EGRESS;
      if (event.allowedBy) {
        init[egress ? 'egressAllowedBy' : 'ingressAllowedBy'] = [policyMessage(event.allowedBy)];
      }
      if (event.deniedBy) {
        init[egress ? 'egressDeniedBy' : 'ingressDeniedBy'] = [policyMessage(event.deniedBy)];
      }
      if (event.drop) {
        init.dropReason = event.drop;
        init.dropReasonDesc = event.drop;
      }
      break;
    }
    case 'drop':
      init.eventType = { type: 1, subType: event.reason };
      init.dropReason = event.reason;
      init.dropReasonDesc = event.reason;
      break;
    case 'l7':
      init.eventType = { type: 129 };
      init.l7 = event.l7;
      break;
  }
  return create(FlowSchema, init);
}

export { DropReason, TraceObservationPoint, TraceReason, TrafficDirection, Verdict };
