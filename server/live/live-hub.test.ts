import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { FlowRecord } from '@/lib/api/flow-record';
import { testEndpoint, testFlowRecord } from '@/testing/flow-record';
import type { LiveEvent } from '@/lib/api/types';
import { EMPTY_QUERY } from '@/server/filter/filter-types';
import { LiveHub } from './live-hub';
import type { LiveSink } from './live-hub';

function record(id: string, verdict = 'FORWARDED'): FlowRecord {
  const ep = testEndpoint({ namespace: 'shop', pod: 'frontend-1', ip: '10.0.0.1' });
  return testFlowRecord({ id, verdict, source: ep, destination: { ...ep, pod: 'backend-1' } });
}

/** A full garbage collection, without starting Node with --expose-gc. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

class TestSink implements LiveSink {
  events: LiveEvent[] = [];
  open = true;
  ready() {
    return this.open;
  }
  write(e: LiveEvent) {
    this.events.push(e);
  }
  heartbeat() {}
  close() {
    this.open = false;
  }
  flowIds() {
    return this.events.flatMap((e) => (e.kind === 'flows' ? e.flows.map((f) => f.id) : []));
  }
}

test('each client receives the flows its query matches, in order, once', () => {
  const hub = new LiveHub({ clientBufferFlows: 100 });
  const all = new TestSink();
  const drops = new TestSink();
  hub.subscribe(EMPTY_QUERY, all);
  hub.subscribe({ whitelist: [{ verdict: ['DROPPED'] }], blacklist: [] }, drops);
  hub.publish(record('a'));
  hub.publish(record('b', 'DROPPED'));
  hub.publish(record('c'));
  hub.flush();
  hub.flush();
  assert.deepEqual(all.flowIds(), ['a', 'b', 'c']);
  assert.deepEqual(drops.flowIds(), ['b']);
  hub.close();
});

test('a client that stops reading is cut over to a resync; others are not affected', () => {
  const hub = new LiveHub({ clientBufferFlows: 10 });
  const slow = new TestSink();
  const fast = new TestSink();
  hub.subscribe(EMPTY_QUERY, slow);
  hub.subscribe(EMPTY_QUERY, fast);
  slow.open = false;
  for (let i = 0; i < 25; i++) {
    hub.publish(record(`f${i}`));
    if (i % 5 === 4) hub.flush();
  }
  assert.equal(fast.flowIds().length, 25);
  assert.equal(slow.flowIds().length, 0);
  // All 25 are dropped for it: the 10 it had queued as well, since a resync replaces them.
  assert.equal(hub.droppedFlows, 25);
  slow.open = true;
  hub.flush();
  assert.deepEqual(slow.events.at(-1), { kind: 'resync', missed: 25 });
  hub.publish(record('after'));
  hub.flush();
  assert.deepEqual(slow.flowIds(), ['after']);
  hub.close();
});

test('status reaches every client, first on subscribe and then on change', () => {
  const hub = new LiveHub({ clientBufferFlows: 10 });
  const status = { state: 'connected' } as never;
  hub.publishStatus(status);
  const sink = new TestSink();
  const unsubscribe = hub.subscribe(EMPTY_QUERY, sink);
  assert.deepEqual(sink.events[0], { kind: 'status', status });
  assert.equal(hub.clientCount, 1);
  unsubscribe();
  assert.equal(hub.clientCount, 0);
  hub.close();
});

test('a client that never reads again holds no flows, however long it stays', async () => {
  const hub = new LiveHub({ clientBufferFlows: 100 });
  const stuck = new TestSink();
  hub.subscribe(EMPTY_QUERY, stuck);
  stuck.open = false;
  const refs = Array.from({ length: 1000 }, (_, i) => {
    const rec = record(`f${i}`);
    hub.publish(rec);
    return new WeakRef(rec);
  });
  assert.equal(hub.droppedFlows, 1000);
  // Nothing else references these flows: only a queue kept for the client could.
  await new Promise((resolve) => setImmediate(resolve));
  collectGarbage();
  assert.equal(refs.filter((r) => r.deref() !== undefined).length, 0);
  stuck.open = true;
  hub.flush();
  assert.deepEqual(stuck.events.at(-1), { kind: 'resync', missed: 1000 });
  hub.close();
});

test('keep-alives go only to clients whose transport has room', async () => {
  const hub = new LiveHub({ clientBufferFlows: 10, heartbeatMs: 10 });
  let beats = { reading: 0, stuck: 0 };
  const sink = (name: 'reading' | 'stuck', open: boolean): LiveSink => ({
    ready: () => open,
    write: () => undefined,
    heartbeat: () => (beats = { ...beats, [name]: beats[name] + 1 }),
    close: () => undefined,
  });
  hub.subscribe(EMPTY_QUERY, sink('reading', true));
  hub.subscribe(EMPTY_QUERY, sink('stuck', false));
  await new Promise((resolve) => setTimeout(resolve, 100));
  hub.close();
  assert.ok(beats.reading >= 2, `reading client got ${beats.reading} keep-alives`);
  assert.equal(beats.stuck, 0);
});
