// Integration: what Flowscope marks as not recovered, with the relay client against the demo
// relay over real gRPC on 127.0.0.1. The relay is stopped and started again with its agents'
// buffers emptied, kept, or overrun; nodes become unreachable; agents report lost events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LostEventSource } from '@/proto/gen/flow/flow_pb';
import type { Flow } from '@/proto/gen/flow/flow_pb';
import { startDemoRelay, type DemoRelay } from '@/server/demo/demo-relay';
import { timestampToMs } from '@/server/ingest/to-flow-record';
import type { FlowRecord } from '@/lib/api/flow-record';
import { waitFor as waitUntil } from '@/testing/wait';
import { GapLog } from './gap-log';
import { RelayClient } from './relay-client';
import { flowsAt } from '@/testing/demo-client';

const NODES = ['demo/kind-control-plane', 'demo/kind-worker', 'demo/kind-worker2'];

const waitFor = (what: string, cond: () => boolean) => waitUntil(what, cond, { timeoutMs: 15_000 });

interface Harness {
  client: RelayClient;
  gaps: GapLog;
  received: Map<string, FlowRecord>;
}

function connect(address: string, before?: (client: RelayClient) => void): Harness {
  const gaps = new GapLog();
  const received = new Map<string, FlowRecord>();
  const client = new RelayClient({
    address,
    initialFlowsPerNode: 4095,
    reconnectInitialMs: 50,
    reconnectMaxMs: 200,
    pollIntervalMs: 200,
    gapLog: gaps,
    onFlow: (rec) => received.set(rec.id, rec),
  });
  before?.(client);
  client.start();
  return { client, gaps, received };
}

const ms = (f: Flow) => timestampToMs(f.time);
const everything = (gaps: GapLog) => gaps.overlapping(0, Number.MAX_SAFE_INTEGER);
const ofKind = (gaps: GapLog, kind: string) => everything(gaps).filter((g) => g.kind === kind);

test('a relay that comes back with empty buffers: the time whose flows were lost is marked per node', async () => {
  let relay: DemoRelay = await startDemoRelay({ paused: true, prefillMinutes: 0 });
  const port = relay.port;
  const h = connect(relay.address);
  try {
    const t0 = Date.now() - 30_000;
    const before = NODES.flatMap((n, i) => flowsAt(n, [t0, t0 + 1000 + i]));
    relay.emit(before);
    await waitFor('the first flows', () => before.every((f) => h.received.has(f.uuid)));

    await relay.stop();
    await waitFor('reconnecting', () => h.client.snapshot().state === 'reconnecting');
    const [pending] = everything(h.gaps);
    assert.equal(pending?.kind, 'relay-unreachable');
    assert.equal(pending?.ongoing, true, 'marked while the relay is away');
    assert.equal(pending?.from, t0 + 1002, 'from the newest flow received');
    // What the cluster saw while the relay was away, in buffers that do not survive.
    const lostTimes = [t0 + 5000, t0 + 10_000, t0 + 15_000];

    relay = await startDemoRelay({ port, paused: true, prefillMinutes: 0 });
    const tBack = t0 + 20_000;
    // Two each: like an agent, the demo relay's non-following reads leave out the newest.
    const after = NODES.flatMap((n) => flowsAt(n, [tBack, tBack + 500]));
    relay.emit(after);
    await waitFor('the new flows', () => after.every((f) => h.received.has(f.uuid)));
    await h.client.gaps.settled();

    const marked = ofKind(h.gaps, 'relay-unreachable');
    assert.deepEqual(
      marked.map((g) => g.node).sort(),
      [...NODES].sort(),
      'one range per node, none pending',
    );
    for (const g of marked) {
      const i = NODES.indexOf(g.node!);
      assert.equal(g.ongoing, false);
      assert.equal(g.from, t0 + 1000 + i, `${g.node}: from its newest flow before the outage`);
      assert.equal(g.to, tBack, `${g.node}: to the oldest flow the relay holds now`);
      for (const t of lostTimes) assert.ok(g.from <= t && t <= g.to, `${g.node} covers ${t}`);
      assert.match(g.detail, /no longer reached back/);
    }
  } finally {
    h.client.stop();
    await relay.stop();
  }
});

test('a relay that comes back with its buffers: the outage is recovered and nothing stays marked', async () => {
  let relay: DemoRelay = await startDemoRelay({ paused: true, prefillMinutes: 0 });
  const { port, history } = relay;
  const h = connect(relay.address);
  try {
    const t0 = Date.now() - 30_000;
    const before = NODES.flatMap((n) => flowsAt(n, [t0, t0 + 1000]));
    relay.emit(before);
    await waitFor('the first flows', () => before.every((f) => h.received.has(f.uuid)));

    await relay.stop();
    await waitFor('reconnecting', () => h.client.snapshot().state === 'reconnecting');
    assert.equal(everything(h.gaps).length, 1, 'the outage is marked while it lasts');
    // The agents keep recording while only the relay is away.
    const during = NODES.flatMap((n) => flowsAt(n, [t0 + 5000, t0 + 10_000]));
    history.hub.append(during);

    relay = await startDemoRelay({ port, history, paused: true });
    await waitFor('the flows of the outage', () => during.every((f) => h.received.has(f.uuid)));
    await h.client.gaps.settled();
    assert.deepEqual(everything(h.gaps), [], 'recovered: nothing marked');
  } finally {
    h.client.stop();
    await relay.stop();
  }
});

test('a buffer overrun during the outage: exactly the overwritten stretch is marked', async () => {
  let relay: DemoRelay = await startDemoRelay({
    paused: true,
    prefillMinutes: 0,
    nodes: ['kind-worker'],
    ringCapacity: 20,
  });
  const { port, history } = relay;
  const h = connect(relay.address);
  try {
    const t0 = Date.now() - 60_000;
    const before = flowsAt('demo/kind-worker', [t0, t0 + 500, t0 + 1000]);
    relay.emit(before);
    await waitFor('the first flows', () => before.every((f) => h.received.has(f.uuid)));

    await relay.stop();
    await waitFor('reconnecting', () => h.client.snapshot().state === 'reconnecting');
    // 50 flows into a ring of 20: the first 30 are overwritten before anyone reads them.
    const during = flowsAt(
      'demo/kind-worker',
      Array.from({ length: 50 }, (_, i) => t0 + 10_000 + i * 500),
    );
    history.hub.append(during);
    const overwritten = during.slice(0, 30);
    const kept = during.slice(30);

    relay = await startDemoRelay({ port, history, paused: true });
    await waitFor('the flows still held', () => kept.every((f) => h.received.has(f.uuid)));
    await h.client.gaps.settled();
    assert.ok(overwritten.every((f) => !h.received.has(f.uuid)));

    const [g, ...rest] = ofKind(h.gaps, 'relay-unreachable');
    assert.equal(rest.length, 0);
    assert.equal(g?.node, 'demo/kind-worker');
    assert.equal(g?.from, t0 + 1000, 'from the newest flow received');
    assert.equal(g?.to, t0 + 10_000 + 30 * 500, 'to the oldest flow still held');
    for (const f of overwritten) assert.ok(g.from < ms(f) && ms(f) < g.to);
    for (const f of kept) assert.ok(ms(f) >= g.to, 'received flows are not marked');
  } finally {
    h.client.stop();
    await relay.stop();
  }
});

test('a node the relay cannot reach is marked from when it went away until its flows return', async () => {
  const relay = await startDemoRelay({ paused: true, prefillMinutes: 0 });
  const h = connect(relay.address);
  try {
    const before = flowsAt('demo/kind-worker', [Date.now() - 2000]);
    relay.emit(before);
    await waitFor('the first flow', () => h.received.has(before[0]!.uuid));

    relay.setNodeAvailable('demo/kind-worker', false);
    await waitFor('the node marked', () => ofKind(h.gaps, 'node-unavailable').length === 1);
    const [open] = ofKind(h.gaps, 'node-unavailable');
    assert.equal(open?.node, 'demo/kind-worker');
    assert.equal(open?.ongoing, true);
    assert.match(open!.detail, /NODE_ERROR/);
    // Seen by the node's agent, never delivered by the relay.
    const unseen = flowsAt('demo/kind-worker', [Date.now()]);
    relay.emit(unseen);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(h.received.has(unseen[0]!.uuid), false);

    relay.setNodeAvailable('demo/kind-worker', true);
    await new Promise((r) => setTimeout(r, 100));
    const back = flowsAt('demo/kind-worker', [Date.now()]);
    relay.emit(back);
    await waitFor('the node flows again', () => h.received.has(back[0]!.uuid));

    const [g, ...rest] = ofKind(h.gaps, 'node-unavailable');
    assert.equal(rest.length, 0);
    assert.equal(g?.ongoing, false);
    const unseenMs = ms(unseen[0]!);
    assert.ok(g!.from <= unseenMs && unseenMs <= g!.to, 'covers what the relay never delivered');
    assert.ok(g!.to <= h.received.get(back[0]!.uuid)!.ts, 'ends by the first flow back');
    assert.deepEqual(ofKind(h.gaps, 'relay-unreachable'), []);
  } finally {
    h.client.stop();
    await relay.stop();
  }
});

test('lost events the relay reports are marked with their count, cause and node', async () => {
  const relay = await startDemoRelay({ paused: true, prefillMinutes: 0 });
  const h = connect(relay.address);
  try {
    await waitFor('connected', () => h.client.snapshot().state === 'connected');
    const t = Date.now() - 5000;
    relay.reportLost({
      node: 'demo/kind-worker',
      count: 1234,
      source: LostEventSource.HUBBLE_RING_BUFFER,
      firstMs: t,
      lastMs: t + 900,
    });
    await waitFor('the loss marked', () => ofKind(h.gaps, 'lost-events').length === 1);
    const [g] = ofKind(h.gaps, 'lost-events');
    assert.deepEqual(
      { from: g!.from, to: g!.to, lost: g!.lost, node: g!.node, source: g!.source },
      { from: t, to: t + 900, lost: 1234, node: 'demo/kind-worker', source: 'HUBBLE_RING_BUFFER' },
    );
    assert.equal(h.client.snapshot().lostEvents.total, 1234, 'and counted in the status');
  } finally {
    h.client.stop();
    await relay.stop();
  }
});

test('after Flowscope itself restarts on kept history, it fills in the downtime from the relay, once each', async () => {
  const relay: DemoRelay = await startDemoRelay({ paused: true, prefillMinutes: 0 });
  const first = connect(relay.address);
  let second: Harness | undefined;
  try {
    const t0 = Date.now() - 60_000;
    const before = NODES.flatMap((n) => flowsAt(n, [t0, t0 + 1000]));
    relay.emit(before);
    await waitFor('the first flows', () => before.every((f) => first.received.has(f.uuid)));
    first.client.stop();
    // Flowscope is down; the cluster goes on.
    const during = NODES.flatMap((n) => flowsAt(n, [t0 + 5000, t0 + 10_000]));
    relay.emit(during);

    // The new process reads its history back and continues it.
    const kept = [...first.received.values()].sort((a, b) => a.ts - b.ts);
    second = connect(relay.address, (c) => c.continueFrom(kept));
    const h = second;
    await waitFor('the downtime filled in', () => during.every((f) => h.received.has(f.uuid)));
    await h.client.gaps.settled();
    assert.deepEqual(
      [...h.received.keys()].filter((id) => first.received.has(id)),
      [],
      'nothing it already had is stored again',
    );
    assert.ok(h.client.snapshot().duplicatesDropped > 0, 'the resume overlap was recognised');
    assert.deepEqual(everything(h.gaps), [], 'the relay held all of it: nothing marked');
  } finally {
    first.client.stop();
    second?.client.stop();
    await relay.stop();
  }
});

test('after Flowscope itself restarts, downtime the relay no longer holds is marked as not recovered', async () => {
  const relay: DemoRelay = await startDemoRelay({
    paused: true,
    prefillMinutes: 0,
    nodes: ['kind-worker'],
    ringCapacity: 20,
  });
  const first = connect(relay.address);
  let second: Harness | undefined;
  try {
    const t0 = Date.now() - 60_000;
    const before = flowsAt('demo/kind-worker', [t0, t0 + 500]);
    relay.emit(before);
    await waitFor('the first flows', () => before.every((f) => first.received.has(f.uuid)));
    first.client.stop();
    // Forty flows while Flowscope is down: the ring of twenty keeps the newest half.
    const during = flowsAt(
      'demo/kind-worker',
      Array.from({ length: 40 }, (_, i) => t0 + 1000 + i * 100),
    );
    relay.emit(during);

    second = connect(relay.address, (c) => c.continueFrom([...first.received.values()]));
    const h = second;
    const kept = during.slice(-19);
    await waitFor('what the ring kept', () => kept.every((f) => h.received.has(f.uuid)));
    await h.client.gaps.settled();
    const marked = ofKind(h.gaps, 'relay-unreachable');
    assert.equal(marked.length, 1);
    assert.equal(marked[0]?.from, t0 + 500, 'from the last flow Flowscope had kept');
    assert.equal(marked[0]?.to, ms(during[20]!), 'to the oldest flow the relay still holds');
    assert.match(marked[0]?.detail ?? '', /no longer reached back/);
  } finally {
    first.client.stop();
    second?.client.stop();
    await relay.stop();
  }
});
