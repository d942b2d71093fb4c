import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowRecord } from '@/lib/api/flow-record';
import type { LiveEvent } from '@/lib/api/types';
import { testEndpoint, testFlowRecord } from '@/testing/flow-record';
import { EMPTY_QUERY } from '@/server/filter/filter-types';
import { LiveHub } from './live-hub';
import { TRANSPORT_HIGH_WATER_BYTES, liveEventStream } from './sse-stream';

const decoder = new TextDecoder();

function record(i: number, verdict = 'FORWARDED'): FlowRecord {
  const ep = testEndpoint({
    namespace: 'shop',
    pod: `frontend-${i % 7}`,
    ip: '10.0.0.1',
    labels: ['k8s:app=frontend', 'k8s:io.kubernetes.pod.namespace=shop'],
  });
  return testFlowRecord({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    ts: 1_700_000_000_000 + i,
    verdict,
    source: ep,
    destination: { ...ep, pod: 'backend-1', port: 8080 },
    summary: `TCP Flags: SYN "quoted" \u2028 ${'x'.repeat(i % 50)}`,
  });
}

/** The events in a piece of SSE text (comments and retry lines left out). */
function events(text: string): LiveEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('data: '))
    .map((block) => JSON.parse(block.slice('data: '.length)) as LiveEvent);
}

async function readAvailable(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  chunks: number,
): Promise<string> {
  let text = '';
  for (let i = 0; i < chunks; i += 1) {
    const { value } = await reader.read();
    text += decoder.decode(value);
  }
  return text;
}

test('each client receives its own batches, as the JSON of the events', async () => {
  const hub = new LiveHub({ clientBufferFlows: 1000, flushIntervalMs: 60_000 });
  const drops = { whitelist: [{ verdict: ['DROPPED'] }], blacklist: [] };
  // Interleaved filters: the batch of one client is never handed to the next by mistake.
  const streams = [EMPTY_QUERY, drops, EMPTY_QUERY, drops].map((q) =>
    liveEventStream(hub, q, undefined),
  );
  const readers = streams.map((s) => s.getReader());
  const published = Array.from({ length: 30 }, (_, i) =>
    record(i, i % 3 === 0 ? 'DROPPED' : 'FORWARDED'),
  );
  for (const rec of published) hub.publish(rec);
  hub.flush();
  const all = JSON.parse(JSON.stringify(published)) as FlowRecord[];
  const dropped = all.filter((r) => r.verdict === 'DROPPED');
  const expected = [all, dropped, all, dropped];
  for (const [i, reader] of readers.entries()) {
    // The retry line, then the batch.
    const got = events(await readAvailable(reader, 2));
    assert.deepEqual(got, [{ kind: 'flows', flows: expected[i] }]);
  }
  hub.close();
});

test('a stream nobody reads holds at most its high-water mark and one batch, then resyncs', async () => {
  const hub = new LiveHub({ clientBufferFlows: 1000, flushIntervalMs: 60_000 });
  const reader = liveEventStream(hub, EMPTY_QUERY, undefined).getReader();
  const perFlush = 200;
  let published = 0;
  let largestBatch = 0;
  // Far more than fits: batches of about 80 kB, 20,000 flows.
  for (let round = 0; round < 100; round += 1) {
    for (let i = 0; i < perFlush; i += 1) hub.publish(record(published++));
    hub.flush();
  }
  assert.ok(hub.droppedFlows > 0, 'the client was cut over');

  let text = '';
  let bytes = 0;
  for (let i = 0; i < 10_000 && !text.includes('"kind":"resync"'); i += 1) {
    const { value } = await reader.read();
    const chunk = decoder.decode(value);
    if (chunk.includes('"kind":"flows"')) largestBatch = Math.max(largestBatch, value!.byteLength);
    bytes += value!.byteLength;
    text += chunk;
    // Once there is room again, the hub writes what it has: the resync.
    hub.flush();
  }
  const got = events(text);
  const resync = got.at(-1);
  assert.equal(resync?.kind, 'resync');
  const received = got.flatMap((e) => (e.kind === 'flows' ? e.flows : []));
  assert.equal(received.length + (resync as { missed: number }).missed, published);
  // In order and without gaps up to where it fell behind.
  assert.deepEqual(
    received.map((r) => r.ts),
    received.map((_, i) => 1_700_000_000_000 + i),
  );
  assert.ok(
    bytes <= TRANSPORT_HIGH_WATER_BYTES + largestBatch + 64,
    `${bytes} bytes were queued for a client that did not read`,
  );

  // And it carries on live after the resync.
  hub.publish(record(published++));
  hub.flush();
  const after = events(await readAvailable(reader, 1));
  assert.deepEqual(
    after.map((e) => e.kind),
    ['flows'],
  );
  hub.close();
});
