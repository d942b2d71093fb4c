// The demo relay's fault mode over real gRPC: what a client of a real Hubble Relay sees
// (pkg/hubble/relay/observer: peers dialled as they become available, each given the
// client's own request; sortFlows draining only when full or after a quiet drain timeout).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { NodeState } from '@/proto/gen/relay/relay_pb';
import { startDemoRelay } from './demo-relay';
import { collectFlows, flowsAt, flowsOf } from '@/testing/demo-client';

const NODES = ['demo/a', 'demo/b', 'demo/c'];

test('after a start the nodes join one by one, each sending its backlog from since', async () => {
  const seed = await startDemoRelay({ paused: true, prefillMinutes: 0, nodes: ['a', 'b', 'c'] });
  const t0 = Date.now() - 20_000;
  for (const n of NODES) seed.history.hub.ensureNode(n);
  seed.emit(NODES.flatMap((n) => flowsAt(n, [t0, t0 + 1000, t0 + 2000])));
  await seed.stop();
  const relay = await startDemoRelay({
    port: seed.port,
    history: seed.history,
    paused: true,
    sortBufferDrainMs: 100, // so that each node's backlog leaves the buffer as it joins
    relayLike: { peerDialMs: 400 },
  });
  try {
    const startedAt = Date.now();
    const arrivals: { node: string; at: number }[] = [];
    const res = await collectFlows(
      relay.address,
      { follow: true, since: timestampFromMs(t0 + 500) },
      {
        until: (rs) => {
          const last = rs.at(-1);
          if (last?.responseTypes.case === 'flow') {
            arrivals.push({ node: last.responseTypes.value.nodeName, at: Date.now() });
          }
          return arrivals.length >= 6;
        },
        timeoutMs: 8000,
      },
    );
    const status = res.responses.flatMap((r) =>
      r.responseTypes.case === 'nodeStatus' ? [r.responseTypes.value] : [],
    );
    const unavailable = status.find((s) => s.stateChange === NodeState.NODE_UNAVAILABLE);
    assert.ok(unavailable, 'the nodes not dialled yet are reported unavailable');
    assert.ok(unavailable.nodeNames.length >= 2, unavailable.nodeNames.join());
    const flows = flowsOf(res);
    assert.equal(flows.length, 6, 'two flows per node: since is applied per node');
    const firstAt = new Map<string, number>();
    for (const a of arrivals) if (!firstAt.has(a.node)) firstAt.set(a.node, a.at - startedAt);
    const joins = [...firstAt.values()].sort((x, y) => x - y);
    assert.equal(joins.length, 3);
    assert.ok(joins[2]! - joins[0]! >= 500, `nodes joined at ${joins.join(', ')} ms`);
  } finally {
    await relay.stop();
  }
});

test('a lagging node delivers its flows late, out of time order with the others', async () => {
  const relay = await startDemoRelay({
    paused: true,
    prefillMinutes: 0,
    nodes: ['a', 'b', 'c'],
    relayLike: { peerDialMs: 0, lagMs: { 'demo/c': 1500 } },
  });
  try {
    const now = Date.now();
    const res = collectFlows(relay.address, { follow: true }, { timeoutMs: 4500 });
    await new Promise((r) => setTimeout(r, 300));
    relay.emit([...flowsAt('demo/c', [now]), ...flowsAt('demo/a', [now + 100])]);
    const order = flowsOf(await res).map((f) => f.nodeName);
    assert.deepEqual(order, ['demo/a', 'demo/c'], 'the older flow of the lagging node comes last');
  } finally {
    await relay.stop();
  }
});

test('after SIGTERM open streams are served for the grace period, then cut', async () => {
  const relay = await startDemoRelay({ paused: true, prefillMinutes: 0, nodes: ['a'] });
  const res = collectFlows(relay.address, { follow: true }, { timeoutMs: 5000 });
  await new Promise((r) => setTimeout(r, 200));
  const stopped = relay.stop({ graceMs: 1000 });
  await new Promise((r) => setTimeout(r, 300));
  relay.emit(flowsAt('demo/a', [Date.now() - 5000])); // old enough to leave the sort buffer
  const t = Date.now();
  const out = await res;
  await stopped;
  assert.equal(flowsOf(out).length, 1, 'a flow recorded after SIGTERM still arrives');
  assert.ok(Date.now() - t < 3000, 'the stream ends when the grace period is over');
});
