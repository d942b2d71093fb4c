// Integration: nothing lost and nothing stored twice across 20 restarts of a relay that
// behaves like Hubble Relay (the demo relay's fault mode): after each restart the nodes join
// one by one, each with the client's own `since` (pkg/hubble/relay/observer/observer.go,
// flowCollector.collect, re-run every peer update for following streams); the sort buffer
// lets flows out only when full or after a quiet second (sortFlows); one node runs behind;
// the old relay keeps serving for a while after SIGTERM and its stream then ends without a
// status; restarts come in quick succession, often before every node was dialled.
// Afterwards every flow the nodes still hold is compared with what Flowscope received.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoRelay, type DemoRelayOptions } from '@/server/demo/demo-relay';
import { restartRepeatedly } from '@/server/demo/relay-restarts';
import { waitFor } from '@/testing/wait';
import { RelayClient } from './relay-client';

test('20 restarts with nodes joining late, a lagging node and graceful stops: 0 lost, 0 duplicated', async () => {
  const lagging = 'demo/kind-worker2';
  const opts: DemoRelayOptions = {
    prefillMinutes: 0,
    flowsPerSecond: 40,
    tickMs: 100,
    seed: 11,
    relayLike: { peerDialMs: 600, lagMs: { [lagging]: 1500 } },
  };
  const relay0 = await startDemoRelay(opts);
  const first = relay0;
  assert.ok(first.history.hub.nodeNames().includes(lagging), `the scenario has ${lagging}`);

  const times = new Map<string, number>();
  const received = new Map<string, number>();
  const client = new RelayClient({
    address: relay0.address,
    initialFlowsPerNode: 4095,
    reconnectInitialMs: 50,
    reconnectMaxMs: 300,
    pollIntervalMs: 60_000,
    onFlow: (rec) => {
      received.set(rec.id, (received.get(rec.id) ?? 0) + 1);
      times.set(rec.id, rec.ts);
    },
  });
  client.start();
  let last = relay0;
  try {
    await waitFor('the first flows', () => received.size > 20, { timeoutMs: 15_000 });
    // Up 0.4 to 2.2 s: some restarts come before the last node was dialled (1.8 s).
    const { relay, report } = await restartRepeatedly(relay0, opts, {
      restarts: 20,
      upMs: (i) => 400 + ((i * 7) % 10) * 200,
      graceMs: 800,
      startAfterMs: 300,
    });
    last = relay;
    assert.equal(report.restarts, 20);
    // Let the last relay dial every node and the lagging node catch up.
    const end = Date.now() + 6000;
    await waitFor('the stream to settle', () => Date.now() > end, { timeoutMs: 10_000 });

    const cutoffNs = BigInt(Date.now() - 5000) * 1_000_000n;
    const held: string[] = [];
    for (const ring of first.history.hub.rings.values()) {
      for (let seq = ring.startSeq; seq < ring.endSeq; seq++) {
        const e = ring.at(seq);
        if (e && e.ns < cutoffNs) held.push(e.flow.uuid);
      }
    }
    assert.ok(held.length > 1000, `the nodes hold ${held.length} flows`);
    const missing = held.filter((id) => !received.has(id));
    const twice = [...received].filter(([, n]) => n > 1).map(([id]) => id);
    assert.deepEqual(
      { missing: missing.length, duplicated: twice.length },
      { missing: 0, duplicated: 0 },
      `of ${held.length} flows held; first missing ${missing.slice(0, 3).join(', ')}`,
    );
    // Every node's buffer reached back each time, so no range may say otherwise: a mark
    // here would tell the user that flows were lost when none was.
    await client.gaps.settled();
    const marked = client.gaps.log
      .all()
      .filter((g) => g.kind === 'relay-unreachable' || g.kind === 'node-unavailable')
      .map(
        (g) =>
          `${g.kind} ${g.node ?? ''} ${g.to === undefined ? 'open' : g.to - g.from} ms from ${g.from} (${g.detail})`,
      );
    assert.deepEqual(marked, [], `${marked.length} ranges marked as not recovered`);
  } finally {
    client.stop();
    await last.stop();
  }
});
