// The demo relay's side of what Flowscope marks as not recovered, seen by a plain gRPC
// client: each node's oldest held flow, nodes the relay cannot reach, and lost events.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LostEventSource } from '@/proto/gen/flow/flow_pb';
import type { GetFlowsResponse } from '@/proto/gen/observer/observer_pb';
import { Observer } from '@/proto/gen/observer/observer_pb';
import { NodeState } from '@/proto/gen/relay/relay_pb';
import { waitFor as waitUntil } from '@/testing/wait';
import { timestampToMs } from '@/server/ingest/to-flow-record';
import { startDemoRelay } from './demo-relay';
import { collectFlows, flowsAt, flowsOf, unary } from '@/testing/demo-client';

const statuses = (rs: GetFlowsResponse[]) =>
  rs.flatMap((r) => (r.responseTypes.case === 'nodeStatus' ? [r.responseTypes.value] : []));

test('first with number 1 answers the oldest held flow of every node; node_name narrows it to one', async () => {
  const relay = await startDemoRelay({ paused: true, prefillMinutes: 0, nodes: ['a', 'b'] });
  try {
    const t = Date.now() - 10_000;
    relay.emit([
      ...flowsAt('demo/a', [t, t + 1000, t + 2000]),
      ...flowsAt('demo/b', [t + 500, t + 1500]),
    ]);
    const all = flowsOf(await collectFlows(relay.address, { first: true, number: 1n }));
    assert.deepEqual(all.map((f) => [f.nodeName, timestampToMs(f.time)]).sort(), [
      ['demo/a', t],
      ['demo/b', t + 500],
    ]);
    const one = flowsOf(
      await collectFlows(relay.address, {
        first: true,
        number: 1n,
        whitelist: [{ nodeName: ['demo/b'] }],
      }),
    );
    assert.deepEqual(
      one.map((f) => [f.nodeName, timestampToMs(f.time)]),
      [['demo/b', t + 500]],
    );
  } finally {
    await relay.stop();
  }
});

test('an unreachable node is reported and listed as such; back, its flows go on without what it saw meanwhile', async () => {
  const relay = await startDemoRelay({ paused: true, prefillMinutes: 0, nodes: ['a', 'b'] });
  // What the following stream has received so far (collectFlows hands it to `until`).
  let got: GetFlowsResponse[] = [];
  const has = (pred: (r: GetFlowsResponse) => boolean) => got.some(pred);
  const flowId = (r: GetFlowsResponse) =>
    r.responseTypes.case === 'flow' ? r.responseTypes.value.uuid : '';
  const waitFor = (what: string, cond: () => boolean) => waitUntil(what, cond, { pollMs: 20 });
  const stream = collectFlows(
    relay.address,
    { follow: true, number: 1n },
    {
      until: (rs) => {
        got = rs;
        return false;
      },
      timeoutMs: 10_000,
    },
  );
  try {
    await waitFor('the first node status', () => got.length > 0);
    const before = flowsAt('demo/a', [Date.now() - 5000]);
    relay.emit(before);
    await waitFor('a flow of a', () => has((r) => flowId(r) === before[0]!.uuid));

    relay.setNodeAvailable('demo/a', false);
    await waitFor('NODE_ERROR for a', () =>
      statuses(got).some(
        (s) => s.stateChange === NodeState.NODE_ERROR && s.nodeNames.includes('demo/a'),
      ),
    );
    const nodes = await unary(relay.address, Observer.method.getNodes, {});
    assert.equal(nodes.nodes.find((n) => n.name === 'demo/a')?.state, NodeState.NODE_UNAVAILABLE);
    assert.equal(nodes.nodes.find((n) => n.name === 'demo/b')?.state, NodeState.NODE_CONNECTED);
    const status = await unary(relay.address, Observer.method.serverStatus, {});
    assert.deepEqual(status.unavailableNodes, ['demo/a']);
    assert.equal(status.numConnectedNodes, 1);

    const unseen = flowsAt('demo/a', [Date.now() - 3000]);
    relay.emit(unseen);
    const afterB = flowsAt('demo/b', [Date.now() - 2500]);
    relay.emit(afterB);
    await waitFor('b still flows', () => has((r) => flowId(r) === afterB[0]!.uuid));

    relay.setNodeAvailable('demo/a', true);
    // Give the stream a moment to take the node back before it records more.
    await new Promise((r) => setTimeout(r, 100));
    const back = flowsAt('demo/a', [Date.now() - 1500]);
    relay.emit(back);
    await waitFor('a flows again', () => has((r) => flowId(r) === back[0]!.uuid));
    assert.equal(
      has((r) => flowId(r) === unseen[0]!.uuid),
      false,
      'no backfill',
    );

    // A new stream names the unreachable node in its opening status.
    relay.setNodeAvailable('demo/b', false);
    const fresh = await collectFlows(relay.address, { number: 1n });
    const opening = statuses(fresh.responses);
    assert.deepEqual(
      opening.map((s) => [s.stateChange, s.nodeNames]),
      [
        [NodeState.NODE_CONNECTED, ['demo/a']],
        [NodeState.NODE_UNAVAILABLE, ['demo/b']],
      ],
    );
  } finally {
    await relay.stop();
    await stream;
  }
});

test('lost events reported by an agent reach following streams with source, count and span', async () => {
  const relay = await startDemoRelay({ paused: true, prefillMinutes: 0, nodes: ['a'] });
  try {
    const t = Date.now() - 4000;
    const pending = collectFlows(
      relay.address,
      { follow: true, number: 1n },
      { until: (rs) => rs.some((r) => r.responseTypes.case === 'lostEvents'), timeoutMs: 10_000 },
    );
    await new Promise((r) => setTimeout(r, 200));
    relay.reportLost({
      node: 'demo/a',
      count: 1234,
      source: LostEventSource.PERF_EVENT_RING_BUFFER,
      firstMs: t,
      lastMs: t + 800,
    });
    const res = await pending;
    const lost = res.responses.find((r) => r.responseTypes.case === 'lostEvents');
    assert.ok(lost && lost.responseTypes.case === 'lostEvents');
    const ev = lost.responseTypes.value;
    assert.equal(lost.nodeName, 'demo/a');
    assert.equal(ev.source, LostEventSource.PERF_EVENT_RING_BUFFER);
    assert.equal(ev.numEventsLost, 1234n);
    assert.equal(timestampToMs(ev.first), t);
    assert.equal(timestampToMs(ev.last), t + 800);
  } finally {
    await relay.stop();
  }
});
