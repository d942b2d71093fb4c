// Reads `hubble observe -o json|jsonpb` captures (one GetFlowsResponse per line, proto or
// JSON field names; bare Flow objects tolerated) so the demo relay can serve real traffic.
import 'server-only';
import { readFile } from 'node:fs/promises';
import { clone, create, fromJson } from '@bufbuild/protobuf';
import type { JsonValue } from '@bufbuild/protobuf';
import { TimestampSchema } from '@bufbuild/protobuf/wkt';
import { FlowSchema } from '@/proto/gen/flow/flow_pb';
import type { Flow } from '@/proto/gen/flow/flow_pb';
import { GetFlowsResponseSchema } from '@/proto/gen/observer/observer_pb';
import { timestampToNs } from '@/server/ingest/to-flow-record';

export interface ReplayLoad {
  flows: Flow[];
  /** Lines that were neither a GetFlowsResponse with a flow nor a Flow. */
  skipped: number;
  /** 1-based line numbers and reasons of the first few skipped lines, for diagnostics. */
  errors: { line: number; reason: string }[];
}

const MAX_REPORTED_ERRORS = 20;
const parseOptions = { ignoreUnknownFields: true };

function isObject(v: unknown): v is Record<string, JsonValue> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function lineToFlow(json: unknown): Flow | string {
  if (!isObject(json)) return 'not a JSON object';
  if ('flow' in json || 'node_status' in json || 'nodeStatus' in json || 'lost_events' in json) {
    const resp = fromJson(GetFlowsResponseSchema, json, parseOptions);
    if (resp.responseTypes.case !== 'flow')
      return `no flow (${resp.responseTypes.case ?? 'empty'})`;
    const flow = resp.responseTypes.value;
    // Old captures can omit the flow's own node/time; the response envelope carries them.
    if (!flow.nodeName && resp.nodeName) flow.nodeName = resp.nodeName;
    if (!flow.time && resp.time) flow.time = resp.time;
    return flow;
  }
  return fromJson(FlowSchema, json, parseOptions);
}

/** Parses NDJSON text; blank lines are ignored, bad lines skipped and counted. */
export function parseFlowLines(text: string): ReplayLoad {
  const out: ReplayLoad = { flows: [], skipped: 0, errors: [] };
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    let result: Flow | string;
    try {
      result = lineToFlow(JSON.parse(line));
    } catch (e) {
      result = e instanceof Error ? e.message : String(e);
    }
    if (typeof result === 'string') {
      out.skipped += 1;
      if (out.errors.length < MAX_REPORTED_ERRORS) out.errors.push({ line: i + 1, reason: result });
    } else {
      out.flows.push(result);
    }
  });
  return out;
}

export async function loadReplayFile(path: string): Promise<ReplayLoad> {
  return parseFlowLines(await readFile(path, 'utf8'));
}

/**
 * Copies of the flows, sorted by time and shifted so the newest one happens at `nowMs`;
 * relative spacing is kept, so the capture plays back as if it had just been recorded.
 */
export function shiftToNow(flows: readonly Flow[], nowMs = Date.now()): Flow[] {
  const withNs = flows.map((f) => ({ f, ns: timestampToNs(f.time) }));
  withNs.sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0));
  const newest = withNs.at(-1)?.ns;
  if (newest === undefined) return [];
  const delta = BigInt(nowMs) * 1_000_000n - newest;
  return withNs.map(({ f, ns }) => {
    const copy = clone(FlowSchema, f);
    const t = ns + delta;
    copy.time = create(TimestampSchema, {
      seconds: t / 1_000_000_000n,
      nanos: Number(t % 1_000_000_000n),
    });
    return copy;
  });
}
