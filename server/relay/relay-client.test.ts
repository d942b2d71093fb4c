// Integration: the relay client against the demo relay, over real gRPC on 127.0.0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { FlowSchema, Verdict } from '@/proto/gen/flow/flow_pb';
import type { Flow } from '@/proto/gen/flow/flow_pb';
import { startDemoRelay } from '@/server/demo/demo-relay';
import type { DemoHistory } from '@/server/demo/demo-relay';
import { toFlowRecord } from '@/server/ingest/to-flow-record';
import type { FlowRecord } from '@/lib/api/flow-record';
import { waitFor as waitUntil } from '@/testing/wait';
import { RelayClient } from './relay-client';

function heldFlows(history: DemoHistory): Flow[] {
  const out: Flow[] = [];
  for (const ring of history.hub.rings.values()) {
    for (let seq = ring.startSeq; seq < ring.endSeq; seq++) {
      const entry = ring.at(seq);
      if (entry) out.push(entry.flow);
    }
  }
  return out;
}

const waitFor = (what: string, cond: () => boolean) => waitUntil(what, cond, { timeoutMs: 15_000 });

function client(address: string, onFlow: (rec: FlowRecord) => void): RelayClient {
  return new RelayClient({
    address,
    initialFlowsPerNode: 4095,
    reconnectInitialMs: 50,
    reconnectMaxMs: 200,
    pollIntervalMs: 200,
    onFlow,
  });
}

test('the client receives every scenario flow with every field decoded', async () => {
  const relay = await startDemoRelay({
    seed: 7,
    prefillMinutes: 2,
    flowsPerSecond: 40,
    paused: false,
  });
  const received = new Map<string, FlowRecord>();
  const c = client(relay.address, (rec) => received.set(rec.id, rec));
  try {
    relay.pauseGeneration();
    c.start();
    // A non-following relay hides each ring's newest flow; a following one does not.
    const expected = heldFlows(relay.history);
    await waitFor('all held flows', () => received.size >= expected.length);
    for (const original of expected) {
      const got = received.get(original.uuid);
      assert.ok(got, `flow ${original.uuid} arrived`);
      assert.deepEqual(got, toFlowRecord(original));
    }
    const records = [...received.values()];
    // The fields a dashboard shows are really present in the scenario, not just empty equal.
    assert.ok(records.every((r) => r.hasUuid && r.node.startsWith('demo/')));
    assert.ok(records.some((r) => r.source.workloads.length > 0 && r.source.labels.length > 0));
    assert.ok(records.some((r) => r.l7?.http?.method && r.l7.http.url));
    assert.ok(records.some((r) => r.l7?.dns?.query.startsWith('api.stripe.com')));
    assert.ok(records.some((r) => r.destination.names.includes('api.stripe.com')));
    assert.ok(
      records.some(
        (r) => r.eventType === 5 && r.ingressAllowedBy.length + r.egressAllowedBy.length > 0,
      ),
    );
    assert.ok(records.some((r) => r.dropReason === 'POLICY_DENY' && r.egressDeniedBy.length > 0));
    assert.ok(
      records.some(
        (r) =>
          r.dropReason === 'POLICY_DENIED' &&
          r.ingressDeniedBy.length + r.egressDeniedBy.length === 0,
      ),
      'default-deny drops name no policy',
    );
    assert.ok(records.some((r) => r.tcpFlags.includes('SYN')));
    assert.ok(records.some((r) => r.observationPoint));
    assert.ok(records.some((r) => r.policyMatchType > 0));
    assert.ok(records.some((r) => r.destination.service?.name));
    await waitFor('status poll', () => c.snapshot().nodes.length === 3);
    const status = c.snapshot();
    assert.equal(status.state, 'connected');
    assert.equal(status.connectedNodes, 3);
    assert.ok(status.relayVersion?.includes('flowscope-demo'));
    assert.equal(status.duplicatesDropped, 0);
  } finally {
    c.stop();
    await relay.stop();
  }
});

let seq = 0;
function makeFlows(n: number, node = 'demo/kind-worker'): Flow[] {
  return Array.from({ length: n }, () => {
    seq += 1;
    return create(FlowSchema, {
      time: timestampFromMs(Date.now()),
      uuid: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
      verdict: Verdict.FORWARDED,
      nodeName: node,
      source: { namespace: 'shop', podName: 'frontend-1', identity: 12345 },
      destination: { namespace: 'shop', podName: 'backend-1', identity: 12346 },
    });
  });
}

test('stopping and restarting the relay mid-stream loses and repeats no flow', async () => {
  let relay = await startDemoRelay({ paused: true, prefillMinutes: 0 });
  const port = relay.port;
  const history = relay.history;
  const counts = new Map<string, number>();
  const sent = new Set<string>();
  const c = client(relay.address, (rec) => counts.set(rec.id, (counts.get(rec.id) ?? 0) + 1));
  const emit = (target: { emit(f: Flow[]): void }, n: number) => {
    const flows = makeFlows(n);
    for (const f of flows) sent.add(f.uuid);
    target.emit(flows);
  };
  try {
    c.start();
    await waitFor('connected', () => c.snapshot().state === 'connected');
    for (let i = 0; i < 5; i++) {
      emit(relay, 40);
      await new Promise((r) => setTimeout(r, 30));
    }
    await waitFor('first batch', () => counts.size === sent.size);

    // The relay goes away while the agents keep recording flows.
    await relay.stop();
    await waitFor('reconnecting', () => c.snapshot().state === 'reconnecting');
    history.hub.append(makeFlows(100).map((f) => (sent.add(f.uuid), f)));

    relay = await startDemoRelay({ port, history, paused: true });
    await waitFor('reconnected', () => c.snapshot().state === 'connected');
    emit(relay, 60);
    await waitFor('every flow', () => counts.size === sent.size);
    // Give any late duplicate the chance to show up before judging.
    await new Promise((r) => setTimeout(r, 300));

    assert.equal(counts.size, sent.size, 'nothing lost');
    assert.deepEqual(
      [...counts.values()].filter((n) => n !== 1),
      [],
      'nothing repeated',
    );
    for (const id of sent) assert.ok(counts.has(id));
    const status = c.snapshot();
    assert.ok(status.reconnects >= 1);
    assert.ok(status.duplicatesDropped > 0, 'the resume overlap was re-sent and recognised');
  } finally {
    c.stop();
    await relay.stop();
  }
});

test('an unreachable relay shows reconnecting with the error, then recovers', async () => {
  const relay = await startDemoRelay({ paused: true, prefillMinutes: 0 });
  const port = relay.port;
  await relay.stop();
  const c = client(`127.0.0.1:${port}`, () => {});
  let next: Awaited<ReturnType<typeof startDemoRelay>> | undefined;
  try {
    c.start();
    await waitFor('reconnecting', () => c.snapshot().state === 'reconnecting');
    const down = c.snapshot();
    assert.match(down.lastError ?? '', /UNAVAILABLE/);
    assert.ok(down.nextRetryAt && down.nextRetryAt >= down.stateSince);
    next = await startDemoRelay({ port, paused: true, prefillMinutes: 0 });
    await waitFor('connected', () => c.snapshot().state === 'connected');
    assert.equal(c.snapshot().lastError, undefined);
  } finally {
    c.stop();
    await next?.stop();
  }
});
