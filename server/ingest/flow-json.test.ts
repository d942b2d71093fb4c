import { test } from 'node:test';
import assert from 'node:assert/strict';
import { captureLines, capturesSkip } from '@/testing/captures';
import { scenarioFlows } from '@/server/demo/scenario/test-scenario';
import { toFlowRecord } from './to-flow-record';
import { flowFromJsonLine, flowRecordToJsonLine } from './flow-json';

const START_NS = BigInt(Date.parse('2026-11-20T10:00:00Z')) * 1_000_000n;

/** The default scenario's flows over the first `seconds` after START_NS. */
function generated(seconds: number) {
  return scenarioFlows({ startNs: START_NS, seconds, seed: 11, flowsPerSecond: 200 });
}

function roundTrip(line: string) {
  const flow = flowFromJsonLine(line);
  assert.ok(flow);
  return toFlowRecord(flow);
}

test('exported lines read back to the same record, for every scenario flow', () => {
  const flows = generated(30);
  assert.ok(flows.length > 3000);
  for (const flow of flows) {
    const rec = toFlowRecord(flow);
    const line = flowRecordToJsonLine(rec);
    assert.deepEqual(roundTrip(line), rec);
  }
});

test('exported lines use hubble observe -o jsonpb keys', () => {
  const flow = generated(5).find((f) => f.egressAllowedBy.length > 0);
  assert.ok(flow);
  const json = JSON.parse(flowRecordToJsonLine(toFlowRecord(flow))) as Record<
    string,
    Record<string, unknown>
  >;
  assert.ok(json.flow && json.node_name && json.time);
  assert.ok('node_name' in json.flow && 'IP' in json.flow && 'event_type' in json.flow);
  assert.ok('egress_allowed_by' in json.flow);
  const policy = (json.flow.egress_allowed_by as Record<string, unknown>[])[0]!;
  assert.equal(typeof policy.revision, 'string', 'uint64 revision prints as a string');
  assert.equal(json.flow.time, json.time);
  assert.equal(
    new Date(String(json.flow.time)).getTime(),
    Math.floor(Number(flow.time!.seconds) * 1000 + flow.time!.nanos / 1e6),
  );
});

test('the real captures survive export and import, field for field', { skip: capturesSkip }, () => {
  for (const file of ['basic-sample-348-http-flows.json', 'basic-sample-330-dns-flows.json']) {
    const lines = captureLines(file);
    for (const line of lines) {
      const rec = roundTrip(line);
      assert.deepEqual(roundTrip(flowRecordToJsonLine(rec)), rec);
    }
  }
});

test('bare flow objects and camelCase keys are read too; other events are not flows', () => {
  const bare =
    '{"time":"2026-11-20T10:00:00.000000001Z","verdict":"DROPPED","nodeName":"n1","dropReasonDesc":"POLICY_DENIED"}';
  const rec = roundTrip(bare);
  assert.equal(rec.verdict, 'DROPPED');
  assert.equal(rec.dropReason, 'POLICY_DENIED');
  assert.equal(rec.node, 'n1');
  assert.equal(flowFromJsonLine('{"node_status":{"state_change":"NODE_CONNECTED"}}'), null);
  assert.throws(() => flowFromJsonLine('[1,2]'), /not a JSON object/);
  assert.throws(() => flowFromJsonLine('{"flow":{"time":"yesterday"}}'));
});
