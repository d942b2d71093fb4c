// Hubble's JSON lines: one GetFlowsResponse per line, as `hubble observe -o jsonpb` prints
// them (proto field names) and as it reads them back (`--input-file`, either key style).
import { create, fromJson, toJsonString } from '@bufbuild/protobuf';
import type { JsonValue } from '@bufbuild/protobuf';
import { GetFlowsResponseSchema } from '@/proto/gen/observer/observer_pb';
import type { Flow } from '@/proto/gen/flow/flow_pb';
import { FlowSchema } from '@/proto/gen/flow/flow_pb';
import type { FlowRecord } from '@/lib/flow-record';
import { fromFlowRecord } from './from-flow-record';

export function flowRecordToJsonLine(rec: FlowRecord): string {
  const flow = fromFlowRecord(rec);
  const res = create(GetFlowsResponseSchema, {
    responseTypes: { case: 'flow', value: flow },
    nodeName: flow.nodeName,
    time: flow.time,
  });
  return toJsonString(GetFlowsResponseSchema, res, { useProtoFieldName: true });
}

/** The flow of one line: a GetFlowsResponse, or a bare Flow object; null for other events. */
export function flowFromJsonLine(line: string): Flow | null {
  const value = JSON.parse(line) as JsonValue;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('not a JSON object');
  }
  const isResponse =
    'flow' in value ||
    'node_status' in value ||
    'nodeStatus' in value ||
    'lost_events' in value ||
    'lostEvents' in value;
  if (!isResponse) return fromJson(FlowSchema, value, { ignoreUnknownFields: true });
  const res = fromJson(GetFlowsResponseSchema, value, { ignoreUnknownFields: true });
  return res.responseTypes.case === 'flow' ? res.responseTypes.value : null;
}
