import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RelayStatusTracker } from '@/server/relay/relay-status';
import { renderMetrics } from './metrics';

test('metrics carry the relay, live and store figures in Prometheus text format', () => {
  const tracker = new RelayStatusTracker('relay', 'r:80', false);
  tracker.setState('reconnecting', { error: 'UNAVAILABLE: "down"' });
  tracker.countFlow(1);
  tracker.countFlow(2);
  tracker.countDuplicate();
  const text = renderMetrics({
    relay: tracker.snapshot(),
    liveClients: 3,
    liveFlowsDropped: 17,
    store: { flows: 2, bytes: 512, evicted: 0 },
    memory: { rss: 150_000_000, heapUsed: 60_000_000, external: 4_000_000 },
  });
  const value = (line: string) => {
    const found = text.split('\n').find((l) => l.startsWith(line + ' '));
    assert.ok(found, `metric ${line} present`);
    return Number(found.slice(line.length + 1));
  };
  assert.equal(value('flowscope_flows_ingested_total'), 2);
  assert.equal(value('flowscope_flows_duplicate_total'), 1);
  assert.equal(value('flowscope_relay_reconnects_total'), 1);
  assert.equal(value('flowscope_relay_connected'), 0);
  assert.equal(value('flowscope_live_clients'), 3);
  assert.equal(value('flowscope_live_flows_dropped_total'), 17);
  assert.equal(value('flowscope_store_bytes'), 512);
  assert.equal(value('process_resident_memory_bytes'), 150_000_000);
  assert.equal(value('nodejs_heap_size_used_bytes'), 60_000_000);
  assert.equal(value('nodejs_external_memory_bytes'), 4_000_000);
  assert.match(text, /# TYPE flowscope_flows_ingested_total counter/);
  for (const line of text.trim().split('\n')) {
    assert.match(line, /^(# (HELP|TYPE) \w+ .+|\w+(\{[^}]*\})? -?\d+(\.\d+)?)$/, line);
  }
});

test('without figures given, the memory gauges are the running process', () => {
  const text = renderMetrics({
    relay: new RelayStatusTracker('relay', 'r:80', false).snapshot(),
    liveClients: 0,
    liveFlowsDropped: 0,
    store: { flows: 0, bytes: 0, evicted: 0 },
  });
  const rss = Number(/^process_resident_memory_bytes (\d+)$/m.exec(text)?.[1]);
  const own = process.memoryUsage().rss;
  // The same process a moment apart: within a factor of two of what it reads itself.
  assert.ok(rss > own / 2 && rss < own * 2, `rss ${rss} against ${own}`);
});

test('the stored-decisions gauge counts a denied packet once, as the map and timeline do', async () => {
  const { openFlowStore } = await import('@/server/store/flow-store');
  const { flow, T0 } = await import('@/testing/aggregate-flows');
  const store = await openFlowStore({
    limits: { maxFlows: 1000, maxBytes: 2 ** 30, maxAgeMs: 86_400_000 },
  });
  const denied = { verdict: 'DROPPED', dropReason: 'POLICY_DENIED', ts: T0 } as const;
  store.append(flow({ ts: T0 }));
  store.append(flow({ ...denied, eventType: 5 }));
  store.append(flow({ ...denied, eventType: 1 }));
  store.append(
    flow({ ...denied, eventType: 1, dropReason: 'CT_MAP_INSERTION_FAILED', ts: T0 + 5000 }),
  );
  const text = renderMetrics({
    relay: new RelayStatusTracker('relay', 'r:80', false).snapshot(),
    liveClients: 0,
    liveFlowsDropped: 0,
    store: store.stats(),
    decisions: store.decisions(),
  });
  const sample = (verdict: string) =>
    Number(
      new RegExp(`^flowscope_store_decisions\\{verdict="${verdict}"\\} (\\d+)$`, 'm').exec(
        text,
      )?.[1],
    );
  const window = { from: T0 - 1000, to: T0 + 10_000 };
  assert.equal(sample('dropped'), 2, 'one policy denial (two events) and one other drop');
  assert.equal(sample('dropped'), store.serviceMap(window).totals.dropped);
  assert.equal(sample('forwarded'), 1);
  assert.equal(store.stats().flows, 4, 'the store keeps all four events');
});
