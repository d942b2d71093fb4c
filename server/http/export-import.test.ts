import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scenarioFlows } from '@/server/demo/scenario/test-scenario';
import { toFlowRecord } from '@/server/ingest/to-flow-record';
import { openFlowStore } from '@/server/store/flow-store';
import type { FlowRecord } from '@/lib/api/flow-record';
import { parseFilterText } from '@/server/filter/parse-filter-text';
import { exportStream } from './export-stream';
import { importLines } from './import-lines';

const LIMITS = { maxFlows: 1_000_000, maxBytes: 2 ** 32, maxAgeMs: 7 * 86_400_000 };

function scenario(seconds: number): FlowRecord[] {
  const startNs = BigInt(Date.parse('2026-11-20T10:00:00Z')) * 1_000_000n;
  return scenarioFlows({ startNs, seconds, seed: 5, flowsPerSecond: 400 }).map(toFlowRecord);
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

function bodyOf(text: string): ReadableStream<Uint8Array> {
  return new Response(text).body!;
}

test('export then import keeps every flow and every field, in pages', async () => {
  const records = scenario(20);
  assert.ok(records.length > 5000, 'more than two export pages');
  const source = await openFlowStore({ limits: LIMITS });
  for (const r of records) source.append(r);
  const ndjson = await readAll(exportStream(source, { from: 0, to: Date.now() }));
  const lines = ndjson.trimEnd().split('\n');
  assert.equal(lines.length, records.length);

  const target = await openFlowStore({ limits: LIMITS });
  const result = await importLines(bodyOf(ndjson), target, 2 ** 30);
  const times = records.map((r) => r.ts);
  assert.deepEqual(result, {
    imported: records.length,
    duplicates: 0,
    skipped: 0,
    notFlows: 0,
    errors: [],
    from: Math.min(...times),
    to: Math.max(...times),
  });
  const events = target.scan({
    from: 0,
    to: Date.now(),
    order: 'oldest',
    limit: 1e6,
    rows: 'events',
  });
  // The export is in time order; the generator's arrival order is only roughly that.
  const byTime = (a: FlowRecord, b: FlowRecord) =>
    a.ts - b.ts || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  assert.deepEqual([...events.flows].sort(byTime), [...records].sort(byTime));
  // By id, a paired drop notification answers its decision row, which carries it.
  for (const r of records) {
    const row = target.get(r.id);
    assert.ok(row && (row.id === r.id || row.paired?.id === r.id), r.id);
  }

  const again = await importLines(bodyOf(ndjson), target, 2 ** 30);
  assert.equal(again.duplicates, records.length, 'importing twice adds nothing');
  assert.equal(target.stats().flows, records.length);
});

test('export takes the same filters and window as the flow list', async () => {
  const records = scenario(10);
  const store = await openFlowStore({ limits: LIMITS });
  for (const r of records) store.append(r);
  const parsed = parseFilterText('--verdict DROPPED --namespace shop');
  assert.ok(parsed.ok);
  const mid = records[Math.floor(records.length / 2)]!.ts;
  const text = await readAll(
    exportStream(store, { from: mid, to: Date.now(), query: parsed.query }),
  );
  const expected = records.filter(
    (r) =>
      r.ts >= mid &&
      r.verdict === 'DROPPED' &&
      (r.source.namespace === 'shop' || r.destination.namespace === 'shop'),
  );
  assert.ok(expected.length > 0);
  assert.equal(text.trimEnd().split('\n').length, expected.length);
});

test('many flows in one millisecond are all exported once', async () => {
  const base = scenario(1)[0]!;
  const store = await openFlowStore({ limits: LIMITS });
  for (let i = 0; i < 4500; i++) {
    store.append({ ...base, id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` });
  }
  const text = await readAll(exportStream(store, { from: 0, to: Date.now() }));
  const ids = text
    .trimEnd()
    .split('\n')
    .map((l) => (JSON.parse(l) as { flow: { uuid: string } }).flow.uuid);
  assert.equal(new Set(ids).size, 4500);
  assert.equal(ids.length, 4500);
});

test('flows stored out of time order are all exported once, oldest first', async () => {
  // A relay delivers a late-dialled node's backlog after the other nodes' newer flows, and a
  // lagging node's flows seconds late: arrival order is not time order.
  const records = scenario(20);
  const byNode = new Map<string, FlowRecord[]>();
  for (const r of records) byNode.set(r.node, [...(byNode.get(r.node) ?? []), r]);
  assert.ok(byNode.size >= 2, 'the scenario has several nodes');
  const store = await openFlowStore({ limits: LIMITS });
  for (const flows of byNode.values()) for (const r of flows) store.append(r);
  const ids = (await readAll(exportStream(store, { from: 0, to: Date.now() })))
    .trimEnd()
    .split('\n')
    .map((l) => (JSON.parse(l) as { flow: { uuid: string; time: string } }).flow);
  assert.equal(ids.length, records.length, 'nothing repeated');
  assert.equal(new Set(ids.map((f) => f.uuid)).size, records.length, 'nothing left out');
  const times = ids.map((f) => Date.parse(f.time));
  assert.ok(
    times.every((t, i) => i === 0 || t >= times[i - 1]!),
    'in time order',
  );
});

test('bad lines are reported with their numbers and do not stop the import', async () => {
  const good = scenario(1).slice(0, 3);
  const source = await openFlowStore({ limits: LIMITS });
  for (const r of good) source.append(r);
  const lines = (await readAll(exportStream(source, { from: 0, to: Date.now() })))
    .trimEnd()
    .split('\n');
  const body = [lines[0], 'not json', lines[1], '{"flow":{"time":"never"}}', '', lines[2]].join(
    '\n',
  );
  const target = await openFlowStore({ limits: LIMITS });
  const r = await importLines(bodyOf(body), target, 2 ** 30);
  assert.equal(r.imported, 3);
  assert.equal(r.skipped, 2);
  assert.deepEqual(
    r.errors.map((e) => e.line),
    [2, 4],
  );
  await assert.rejects(importLines(bodyOf(body), target, 100), /larger than/);
});

test('a line that is not a flow is refused with its number and reason, and nothing of it is stored', async () => {
  const [rec] = scenario(1).slice(0, 1);
  const source = await openFlowStore({ limits: LIMITS });
  source.append(rec!);
  const [line] = (await readAll(exportStream(source, { from: 0, to: Date.now() })))
    .trimEnd()
    .split('\n');
  const good = JSON.parse(line!) as { flow: Record<string, unknown> } & Record<string, unknown>;
  const variant = (patch: (flow: Record<string, unknown>) => void) => {
    const copy = structuredClone(good);
    copy.flow.uuid = `refused-${Math.random()}`;
    patch(copy.flow);
    return JSON.stringify(copy);
  };
  const body = [
    '{"flow":{"verdict":"BOGUS"}}',
    variant((f) => (f.verdict = 'BOGUS')),
    variant((f) => (f.drop_reason_desc = 'NOT_A_REASON')),
    variant((f) => ((f.IP as Record<string, unknown>).ipVersion = 'IPv9')),
    variant((f) => delete f.time),
    variant((f) => (f.time = '1970-01-01T00:00:00Z')),
    variant((f) => (f.time = '2999-01-01T00:00:00Z')),
    '{"something":"else"}',
    '{"node_status":{"state_change":"NODE_CONNECTED","node_names":["n1"]}}',
    line,
  ].join('\n');
  const target = await openFlowStore({ limits: LIMITS });
  const r = await importLines(bodyOf(body), target, 2 ** 30);
  assert.deepEqual(
    r.errors.map((e) => [e.line, e.error]),
    [
      [1, 'unknown enum value at flow.verdict: "BOGUS" is not a value of flow.Verdict'],
      [2, 'unknown enum value at flow.verdict: "BOGUS" is not a value of flow.Verdict'],
      [
        3,
        'unknown enum value at flow.drop_reason_desc: "NOT_A_REASON" is not a value of flow.DropReason',
      ],
      [4, 'unknown enum value at flow.IP.ipVersion: "IPv9" is not a value of flow.IPVersion'],
      [5, 'the flow has no time'],
      [6, "the flow's time 1970-01-01T00:00:00.000Z is before 2000"],
      [7, "the flow's time 2999-01-01T00:00:00.000Z is more than a day ahead"],
      [8, 'the flow has no time'],
    ],
  );
  assert.equal(r.skipped, 8);
  assert.equal(r.notFlows, 1, 'the node status line is read and left out');
  assert.equal(r.imported, 1);
  assert.equal(target.stats().flows, 1, 'only the good line is stored');
  assert.equal(r.from, rec!.ts);
  assert.equal(r.to, rec!.ts);
});
