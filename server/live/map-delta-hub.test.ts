import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MapLiveEvent } from '@/lib/api/types';
import type { MapQuery, ServiceMap } from '@/lib/api/aggregate';
import { T0, flow, pod } from '@/testing/aggregate-flows';
import { scopedReader } from '@/server/access/scoped-reader';
import { openFlowStore, type FlowReader, type FlowStore } from '@/server/store/flow-store';
import { LiveHub } from './live-hub';
import { MapDeltaHub, type MapDeltaSink } from './map-delta-hub';
import { mapDeltaStream } from './map-delta-stream';
import { streamStart } from '@/server/http/view-params';

const LIMITS = { maxFlows: 100_000, maxBytes: 1 << 30, maxAgeMs: 10 * 365 * 86_400_000 };
const decoder = new TextDecoder();
const ALL: MapQuery = { from: 0, to: 0 };

/** One flow a second from T0 for a minute: every third one dropped, every fourth to payments. */
async function storeWithFlows(): Promise<FlowStore> {
  const store = await openFlowStore({ limits: LIMITS });
  for (let i = 0; i < 60; i += 1) {
    store.append(
      flow({
        ts: T0 + i * 1000,
        verdict: i % 3 === 0 ? 'DROPPED' : 'FORWARDED',
        ...(i % 3 === 0 ? { dropReason: 'POLICY_DENIED' } : {}),
        destination:
          i % 4 === 0
            ? pod('payments', 'api-1', { ip: '10.0.2.1', port: 8443 })
            : pod('shop', 'backend-1', { ip: '10.0.1.2', port: 8080 }),
      }),
    );
  }
  return store;
}

/** The JSON of one SSE event's `data:` line. */
function dataOf(text: string): MapLiveEvent {
  const line = text.split('\n').find((l) => l.startsWith('data: ')) ?? '';
  return JSON.parse(line.slice('data: '.length)) as MapLiveEvent;
}

/** A reader that counts the map queries it answers. */
function counting(reader: FlowReader): FlowReader & { mapCalls: number } {
  const wrapped = {
    ...reader,
    mapCalls: 0,
    serviceMap: (q: MapQuery) => {
      wrapped.mapCalls += 1;
      return reader.serviceMap(q);
    },
  };
  return wrapped;
}

class TestSink implements MapDeltaSink {
  chunks: Uint8Array[] = [];
  open = true;
  ready() {
    return this.open;
  }
  write(bytes: Uint8Array) {
    this.chunks.push(bytes);
  }
  deltas(): ServiceMap[] {
    return this.chunks
      .map((c) => decoder.decode(c))
      .filter((t) => t.startsWith('data: '))
      .map((t) => dataOf(t))
      .flatMap((e) => (e.kind === 'map-delta' ? [e.delta] : []));
  }
  windows(): [number, number][] {
    return this.deltas().map((d) => [d.window.from - T0, d.window.to - T0]);
  }
}

function clock(start: number) {
  const c = { t: start, now: () => c.t };
  return c;
}

function hubAt(c: { now: () => number }) {
  // The timers never fire during a test: ticks are run by hand.
  return new MapDeltaHub({ intervalMs: 3_600_000, lagMs: 0, now: c.now });
}

/** Totals and per-edge counts summed over deltas, to compare with one map of their span. */
function summed(maps: ServiceMap[]) {
  const totals: Record<string, number> = {};
  const edges: Record<string, Record<string, number>> = {};
  for (const m of maps) {
    for (const [k, v] of Object.entries(m.totals)) totals[k] = (totals[k] ?? 0) + v;
    for (const e of m.edges) {
      const sum = (edges[e.id] ??= {});
      for (const [k, v] of Object.entries(e.counts)) sum[k] = (sum[k] ?? 0) + v;
    }
  }
  return { totals, edges };
}

test('two clients of one filter cost one map query per tick and get the same bytes', async () => {
  const reader = counting(await storeWithFlows());
  const c = clock(T0);
  const hub = hubAt(c);
  const a = new TestSink();
  const b = new TestSink();
  hub.subscribe({ reader, scope: undefined, query: ALL, since: T0 }, a);
  hub.subscribe({ reader, scope: undefined, query: { ...ALL }, since: T0 }, b);
  assert.equal(hub.groupCount, 1);
  for (const t of [5_000, 10_000, 15_000]) {
    c.t = T0 + t;
    hub.tick();
  }
  assert.equal(reader.mapCalls, 3);
  assert.deepEqual(a.windows(), [
    [0, 5_000],
    [5_000, 10_000],
    [10_000, 15_000],
  ]);
  assert.equal(a.chunks.length, 3);
  for (const [i, chunk] of a.chunks.entries()) assert.equal(b.chunks[i], chunk);
  assert.equal(a.deltas()[0]!.totals.flows, 5);
  hub.close();
});

test('clients of different filters or scopes each get their own deltas', async () => {
  const store = await storeWithFlows();
  const all = counting(store);
  const shop = counting(scopedReader(store, ['shop']));
  const c = clock(T0);
  const hub = hubAt(c);
  const sinks = { all: new TestSink(), drops: new TestSink(), shop: new TestSink() };
  hub.subscribe({ reader: all, scope: undefined, query: ALL, since: T0 }, sinks.all);
  hub.subscribe(
    { reader: all, scope: undefined, query: { ...ALL, verdicts: ['DROPPED'] }, since: T0 },
    sinks.drops,
  );
  // Same filter as the first client, but another viewer's scope: never served from its group.
  hub.subscribe({ reader: shop, scope: ['shop'], query: ALL, since: T0 }, sinks.shop);
  assert.equal(hub.groupCount, 3);
  c.t = T0 + 12_000;
  hub.tick();
  assert.equal(all.mapCalls, 2);
  assert.equal(shop.mapCalls, 1);
  assert.equal(sinks.all.deltas()[0]!.totals.flows, 12);
  assert.equal(sinks.drops.deltas()[0]!.totals.flows, 4);
  // Flows 0, 4 and 8 go from shop to payments: still in the shop viewer's scope.
  assert.equal(sinks.shop.deltas()[0]!.totals.flows, 12);
  const payments = counting(scopedReader(store, ['payments']));
  const paymentsSink = new TestSink();
  hub.subscribe({ reader: payments, scope: ['payments'], query: ALL, since: T0 }, paymentsSink);
  c.t = T0 + 24_000;
  hub.tick();
  assert.equal(payments.mapCalls, 1);
  // Only the flows touching payments (every fourth one) reach the payments viewer.
  assert.equal(paymentsSink.deltas()[0]!.totals.flows, 6);
  hub.close();
});

test('a client that joins with an older or newer since gets exactly its span, then shares', async () => {
  const reader = counting(await storeWithFlows());
  const c = clock(T0);
  const hub = hubAt(c);
  const first = new TestSink();
  const late = new TestSink();
  const late2 = new TestSink();
  const ahead = new TestSink();
  hub.subscribe({ reader, scope: undefined, query: ALL, since: T0 }, first);
  c.t = T0 + 10_000;
  hub.tick();
  // Its map ends at T0: the shared ticker is already at T0 + 10 s.
  hub.subscribe({ reader, scope: undefined, query: ALL, since: T0 }, late);
  // Another one from the same point: that catch-up is computed once for both.
  hub.subscribe({ reader, scope: undefined, query: ALL, since: T0 }, late2);
  // Its map was fetched after the ticker's last end (the ticker trails now).
  hub.subscribe({ reader, scope: undefined, query: ALL, since: T0 + 25_000 }, ahead);
  c.t = T0 + 20_000;
  hub.tick();
  assert.equal(reader.mapCalls, 3);
  c.t = T0 + 30_000;
  hub.tick();
  c.t = T0 + 40_000;
  hub.tick();
  assert.deepEqual(first.windows(), [
    [0, 10_000],
    [10_000, 20_000],
    [20_000, 30_000],
    [30_000, 40_000],
  ]);
  assert.deepEqual(late.windows(), [
    [0, 20_000],
    [20_000, 30_000],
    [30_000, 40_000],
  ]);
  assert.deepEqual(ahead.windows(), [
    [25_000, 30_000],
    [30_000, 40_000],
  ]);
  assert.equal(late.deltas()[0]!.totals.flows, 20);
  assert.equal(late2.chunks[0], late.chunks[0]);
  // Ticks: 1, then shared + late's catch-up, then shared + ahead's first, then shared.
  assert.equal(reader.mapCalls, 6);
  hub.close();
});

test('counts summed over a client’s deltas equal one map of the same span', async () => {
  const store = await storeWithFlows();
  const reader = counting(store);
  const c = clock(T0 + 3_500);
  const hub = hubAt(c);
  const steady = new TestSink();
  const slow = new TestSink();
  const late = new TestSink();
  hub.subscribe({ reader, scope: undefined, query: ALL, since: T0 + 3_500 }, steady);
  hub.subscribe({ reader, scope: undefined, query: ALL, since: T0 + 3_500 }, slow);
  for (let i = 1; i <= 20; i += 1) {
    c.t = T0 + 3_500 + i * 2_300;
    // The slow client's transport is full for ticks 5 to 11: it is skipped, not blocking.
    slow.open = i < 5 || i > 11;
    if (i === 8) hub.subscribe({ reader, scope: undefined, query: ALL, since: T0 + 1_000 }, late);
    hub.tick();
  }
  const end = T0 + 3_500 + 20 * 2_300;
  const full = (from: number) => summed([store.serviceMap({ from, to: end, series: false })]);
  assert.equal(steady.deltas().length, 20);
  assert.deepEqual(summed(steady.deltas()), full(T0 + 3_500));
  assert.deepEqual(summed(slow.deltas()), full(T0 + 3_500));
  assert.deepEqual(summed(late.deltas()), full(T0 + 1_000));
  // Ticks 5 to 11 went on for the steady client while the slow one was skipped.
  assert.ok(steady.chunks.length > slow.chunks.length);
  assert.equal(summed(steady.deltas()).totals.flows, 46);
  hub.close();
});

test('the ticker stops and the group goes when its last client leaves', async () => {
  const reader = counting(await storeWithFlows());
  const hub = new MapDeltaHub({ intervalMs: 5, lagMs: 0 });
  const a = new TestSink();
  const b = new TestSink();
  const leaveA = hub.subscribe({ reader, scope: undefined, query: ALL, since: T0 }, a);
  const leaveB = hub.subscribe({ reader, scope: undefined, query: ALL, since: T0 }, b);
  await new Promise((resolve) => setTimeout(resolve, 40));
  assert.ok(reader.mapCalls >= 1, 'the timer ticks while clients watch');
  leaveA();
  assert.equal(hub.groupCount, 1);
  leaveB();
  assert.equal(hub.groupCount, 0);
  const calls = reader.mapCalls;
  await new Promise((resolve) => setTimeout(resolve, 40));
  assert.equal(reader.mapCalls, calls);
  hub.close();
});

test('the SSE body carries the shared deltas and leaves the group when cancelled', async () => {
  const reader = counting(await storeWithFlows());
  const c = clock(T0);
  const deltas = hubAt(c);
  const live = new LiveHub({ clientBufferFlows: 10 });
  const client = { reader, scope: undefined, query: ALL, since: T0 };
  const one = mapDeltaStream(deltas, live, client).getReader();
  const two = mapDeltaStream(deltas, live, client).getReader();
  assert.equal(deltas.clientCount, 2);
  c.t = T0 + 6_000;
  deltas.tick();
  assert.equal(reader.mapCalls, 1);
  for (const r of [one, two]) {
    assert.equal(decoder.decode((await r.read()).value), 'retry: 2000\n\n');
    const text = decoder.decode((await r.read()).value);
    const event = dataOf(text);
    assert.equal(event.kind === 'map-delta' && event.delta.totals.flows, 6);
  }
  await one.cancel();
  assert.equal(deltas.clientCount, 1);
  // Shutdown ends the remaining stream, as it does the flow streams.
  live.close();
  assert.equal(deltas.groupCount, 0);
  assert.equal((await two.read()).done, true);
  deltas.close();
});

/** The SSE id of each event a sink got, idle ones included. */
function eventIds(sink: TestSink): number[] {
  return sink.chunks.map((c) => Number(/^id: (\d+)$/m.exec(decoder.decode(c))?.[1]));
}

test('a browser reconnecting by itself resumes from its last event id: no span is counted twice', async () => {
  const store = await storeWithFlows();
  const c = clock(T0);
  const hub = hubAt(c);
  const before = new TestSink();
  const leave = hub.subscribe({ reader: store, scope: undefined, query: ALL, since: T0 }, before);
  for (const t of [5_000, 10_000]) {
    c.t = T0 + t;
    hub.tick();
  }
  // Every event names where its delta ends.
  assert.deepEqual(eventIds(before), [T0 + 5_000, T0 + 10_000]);
  leave();
  // The connection dropped for 7 s; EventSource reopens the original URL (since=T0) and
  // sends the last id it saw as Last-Event-ID, which is where the stream starts.
  const since = streamStart(
    new URLSearchParams({ since: String(T0) }),
    new Headers({ 'last-event-id': String(eventIds(before).at(-1)) }),
    T0 + 17_000,
  );
  const after = new TestSink();
  hub.subscribe({ reader: store, scope: undefined, query: ALL, since }, after);
  c.t = T0 + 17_000;
  hub.tick();
  assert.deepEqual(after.windows(), [[10_000, 17_000]]);
  assert.deepEqual(
    summed([...before.deltas(), ...after.deltas()]),
    summed([store.serviceMap({ from: T0, to: T0 + 17_000, series: false })]),
  );
  hub.close();
});

test('the stream starts at since, at Last-Event-ID when the browser sends one, and refuses junk', () => {
  const now = T0 + 60_000;
  const since = new URLSearchParams({ since: String(T0) });
  assert.equal(streamStart(since, new Headers(), now), T0);
  assert.equal(streamStart(new URLSearchParams(), new Headers(), now), now);
  assert.equal(streamStart(since, new Headers({ 'last-event-id': String(T0 + 9) }), now), T0 + 9);
  assert.throws(
    () => streamStart(since, new Headers({ 'last-event-id': 'soon' }), now),
    /Last-Event-ID: must be a time/,
  );
  assert.throws(
    () => streamStart(new URLSearchParams({ since: String(now + 3_600_000) }), new Headers(), now),
    /since: must be a time/,
  );
});
