// Hubble's JSON lines: one GetFlowsResponse per line, as `hubble observe -o jsonpb` prints
// them (proto field names) and as it reads them back (`--input-file`, either key style).
import 'server-only';
import { create, fromJson, toJsonString } from '@bufbuild/protobuf';
import type { JsonValue } from '@bufbuild/protobuf';
import { GetFlowsResponseSchema } from '@/proto/gen/observer/observer_pb';
import type { Flow } from '@/proto/gen/flow/flow_pb';
import { FlowSchema } from '@/proto/gen/flow/flow_pb';
import type { FlowRecord } from '@/lib/api/flow-record';
import { fromFlowRecord } from './from-flow-record';
import { unknownEnumValue } from './json-enum-check';

/** Flow times an import takes: from 2000-01-01 to a day past now (clocks drift, not by days). */
const EARLIEST_FLOW_MS = Date.UTC(2000, 0, 1);
const FUTURE_SLACK_MS = 86_400_000;

export function flowRecordToJsonLine(rec: FlowRecord): string {
  const flow = fromFlowRecord(rec);
  const res = create(GetFlowsResponseSchema, {
    responseTypes: { case: 'flow', value: flow },
    nodeName: flow.nodeName,
    time: flow.time,
  });
  return toJsonString(GetFlowsResponseSchema, res, { useProtoFieldName: true });
}

/**
 * The flow of one line: a GetFlowsResponse, or a bare Flow object; null for the other
 * responses (node status, lost events). Throws, with the reason, for a line that is not a
 * flow: not JSON, an enum value the proto does not define, or a missing or impossible time.
 */
export function flowFromJsonLine(line: string, now = Date.now()): Flow | null {
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
  const schema = isResponse ? GetFlowsResponseSchema : FlowSchema;
  const bad = unknownEnumValue(schema, value);
  if (bad) throw new Error(`unknown enum value at ${bad}`);
  let flow: Flow;
  if (isResponse) {
    const res = fromJson(GetFlowsResponseSchema, value, { ignoreUnknownFields: true });
    if (res.responseTypes.case !== 'flow') return null;
    flow = res.responseTypes.value;
  } else {
    flow = fromJson(FlowSchema, value, { ignoreUnknownFields: true });
  }
  checkFlowTime(flow, now);
  return flow;
}

function checkFlowTime(flow: Flow, now: number): void {
  if (!flow.time) throw new Error('the flow has no time');
  const ms = Number(flow.time.seconds) * 1000 + Math.floor(flow.time.nanos / 1e6);
  if (ms < EARLIEST_FLOW_MS) {
    throw new Error(`the flow's time ${new Date(ms).toISOString()} is before 2000`);
  }
  if (ms > now + FUTURE_SLACK_MS) {
    throw new Error(`the flow's time ${new Date(ms).toISOString()} is more than a day ahead`);
  }
}
