import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import * as grpc from '@grpc/grpc-js';
import { FlowSchema, Verdict } from '@/proto/gen/flow/flow_pb';
import type { Flow } from '@/proto/gen/flow/flow_pb';
import { Observer } from '@/proto/gen/observer/observer_pb';
import { NodeState } from '@/proto/gen/relay/relay_pb';
import { timestampToMs } from '@/server/ingest/to-flow-record';
import { startDemoRelay } from './demo-relay';
import type { DemoRelay } from './demo-relay';
import { collectFlows, flowsOf, unary } from '@/testing/demo-client';

const NODES = ['demo/kind-control-plane', 'demo/kind-worker', 'demo/kind-worker2'];

function perNode(flows: Flow[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of flows) m.set(f.nodeName, (m.get(f.nodeName) ?? 0) + 1);
  return m;
}

function isSorted(flows: Flow[]): boolean {
  return flows.every(
    (f, i) => i === 0 || timestampToMs(flows[i - 1]?.time) <= timestampToMs(f.time),
  );
}

function testFlow(node: string, ms: number, pod: string): Flow {
  return create(FlowSchema, {
    time: timestampFromMs(ms),
    uuid: `00000000-0000-4000-8000-${String(ms % 1e12).padStart(12, '0')}`,
    nodeName: node,
    verdict: Verdict.FORWARDED,
    source: { namespace: 'test', podName: pod, identity: 12345 },
    destination: { identity: 2, labels: ['reserved:world'] },
  });
}

describe('demo relay GetFlows', () => {
  let relay: DemoRelay;
  before(async () => {
    relay = await startDemoRelay({ seed: 7, prefillMinutes: 3, sortBufferDrainMs: 200 });
    relay.pauseGeneration();
  });
  after(() => relay.stop());

  it('starts with node_status CONNECTED naming every node', async () => {
    const res = await collectFlows(relay.address, { number: 1n });
    const first = res.responses[0]?.responseTypes;
    assert.equal(first?.case, 'nodeStatus');
    assert.equal(first.value.stateChange, NodeState.NODE_CONNECTED);
    assert.deepEqual([...first.value.nodeNames].sort(), NODES);
  });

  it('number is per node, merged by time; first takes the oldest', async () => {
    const last = flowsOf(await collectFlows(relay.address, { number: 5n }));
    assert.equal(last.length, 15);
    assert.deepEqual([...perNode(last).values()], [5, 5, 5]);
    assert.ok(isSorted(last));
    for (const f of last) assert.equal(f.nodeName !== '', true);
    const first = flowsOf(await collectFlows(relay.address, { number: 2n, first: true }));
    assert.equal(first.length, 6);
    const newestFirst = Math.max(...first.map((f) => timestampToMs(f.time)));
    const oldestLast = Math.min(...last.map((f) => timestampToMs(f.time)));
    assert.ok(newestFirst < oldestLast);
  });

  it('since/until bound the window and take precedence over number', async () => {
    const now = Date.now();
    const since = now - 120_000;
    const until = now - 60_000;
    const res = await collectFlows(relay.address, {
      since: timestampFromMs(since),
      until: timestampFromMs(until),
    });
    const flows = flowsOf(res);
    assert.ok(flows.length > 100, `got ${flows.length}`);
    for (const f of flows) {
      const t = timestampToMs(f.time);
      assert.ok(t >= since && t <= until);
    }
    for (const r of res.responses) {
      if (r.responseTypes.case !== 'flow') continue;
      assert.deepEqual(r.time, r.responseTypes.value.time);
      assert.equal(r.nodeName, r.responseTypes.value.nodeName);
    }
  });

  const filtered = async (req: Parameters<typeof collectFlows>[1]) => {
    const flows = flowsOf(await collectFlows(relay.address, req));
    assert.ok(flows.length > 0, 'filter matched nothing');
    return flows;
  };

  it('filters by pod, verdict, port, FQDN and HTTP method', async () => {
    for (const f of await filtered({ whitelist: [{ sourcePod: ['shop/frontend'] }] })) {
      assert.equal(f.source?.namespace, 'shop');
      assert.match(f.source?.podName ?? '', /^frontend-/);
    }
    for (const f of await filtered({ whitelist: [{ verdict: [Verdict.DROPPED] }] })) {
      assert.equal(f.verdict, Verdict.DROPPED);
    }
    const notForwarded = await filtered({ blacklist: [{ verdict: [Verdict.FORWARDED] }] });
    assert.ok(notForwarded.every((f) => f.verdict !== Verdict.FORWARDED));
    for (const f of await filtered({ whitelist: [{ destinationPort: ['5432'] }] })) {
      const l4 = f.l4?.protocol;
      assert.equal(l4?.case === 'TCP' ? l4.value.destinationPort : 0, 5432);
    }
    for (const f of await filtered({ whitelist: [{ destinationFqdn: ['api.stripe.com'] }] })) {
      assert.ok(f.destinationNames.includes('api.stripe.com'));
    }
    for (const f of await filtered({ whitelist: [{ httpMethod: ['DELETE'] }] })) {
      const rec = f.l7?.record;
      assert.equal(rec?.case === 'http' ? rec.value.method : '', 'DELETE');
    }
    const either = await filtered({
      whitelist: [{ sourcePod: ['payments/'] }, { destinationPod: ['payments/'] }],
    });
    assert.ok(
      either.every(
        (f) => f.source?.namespace === 'payments' || f.destination?.namespace === 'payments',
      ),
    );
  });

  it('reports an invalid filter as an in-stream NODE_ERROR', async () => {
    const res = await collectFlows(relay.address, { whitelist: [{ httpStatusCode: ['500+'] }] });
    assert.equal(res.error, undefined);
    const err = res.responses.find(
      (r) =>
        r.responseTypes.case === 'nodeStatus' &&
        r.responseTypes.value.stateChange === NodeState.NODE_ERROR,
    );
    assert.ok(err?.responseTypes.case === 'nodeStatus');
    assert.match(err.responseTypes.value.message, /500\+/);
    assert.equal(flowsOf(res).length, 0);
  });

  it('rejects first with follow as INVALID_ARGUMENT', async () => {
    const res = await collectFlows(relay.address, { first: true, follow: true });
    assert.equal(res.error?.code, grpc.status.INVALID_ARGUMENT);
    assert.match(res.error?.details ?? '', /first cannot be specified with follow/);
  });

  it('answers ServerStatus, GetNodes and GetNamespaces', async () => {
    const status = await unary(relay.address, Observer.method.serverStatus, {});
    assert.equal(status.maxFlows, 3n * 4095n);
    assert.equal(Number(status.numFlows), relay.totalFlows());
    assert.ok(status.seenFlows >= status.numFlows);
    assert.equal(status.numConnectedNodes, 3);
    assert.equal(status.numUnavailableNodes, 0);
    assert.match(status.version, /flowscope-demo/);
    assert.ok(status.uptimeNs >= 170n * 1_000_000_000n);
    const nodes = await unary(relay.address, Observer.method.getNodes, {});
    assert.deepEqual(nodes.nodes.map((n) => n.name).sort(), NODES);
    for (const n of nodes.nodes) {
      assert.equal(n.state, NodeState.NODE_CONNECTED);
      assert.equal(n.tls?.enabled, false);
      assert.equal(n.maxFlows, 4095n);
      assert.match(n.address, /^172\.18\.0\.\d+:4244$/);
    }
    const ns = await unary(relay.address, Observer.method.getNamespaces, {});
    const names = ns.namespaces.map((n) => n.namespace);
    assert.deepEqual(names, [...names].sort());
    for (const want of ['envoy-gateway-system', 'kube-system', 'monitoring', 'payments', 'shop']) {
      assert.ok(names.includes(want), `missing namespace ${want}`);
    }
    assert.ok(ns.namespaces.every((n) => n.cluster === 'demo'));
  });
});

describe('demo relay follow, emit and restart', () => {
  let relay: DemoRelay;
  before(async () => {
    relay = await startDemoRelay({ paused: true, sortBufferDrainMs: 100, ringCapacity: 7 });
  });
  after(() => relay.stop());

  it('follow delivers newly emitted flows, and number > 0 streams the backlog at once', async () => {
    const node = NODES[1] ?? '';
    relay.emit([
      testFlow(node, Date.now() - 50, 'old-0'),
      testFlow(node, Date.now() - 40, 'old-1'),
    ]);
    const pending = collectFlows(
      relay.address,
      { follow: true },
      { until: (r) => flowsOf({ responses: r }).length >= 2, timeoutMs: 4000 },
    );
    setTimeout(() => {
      relay.emit([
        testFlow(node, Date.now(), 'new-0'),
        testFlow(NODES[2] ?? '', Date.now(), 'new-1'),
      ]);
    }, 150);
    const pods = flowsOf(await pending).map((f) => f.source?.podName);
    assert.deepEqual(pods.sort(), ['new-0', 'new-1']);
    const backlog = await collectFlows(
      relay.address,
      { follow: true, number: 1n },
      { until: (r) => flowsOf({ responses: r }).length >= 2, timeoutMs: 3000 },
    );
    assert.ok(flowsOf(backlog).length >= 2);
  });

  it('a non-follow read does not return the newest flow in a ring', async () => {
    const node = NODES[0] ?? '';
    relay.emit([testFlow(node, Date.now() - 5, 'a'), testFlow(node, Date.now() - 4, 'b')]);
    const flows = flowsOf(
      await collectFlows(relay.address, { number: 10n, whitelist: [{ nodeName: [node] }] }),
    );
    assert.ok(flows.some((f) => f.source?.podName === 'a'));
    assert.ok(!flows.some((f) => f.source?.podName === 'b'));
  });

  it('keeps the rings across a restart on the same port', async () => {
    const { port, history } = relay;
    const before = relay.totalFlows();
    await relay.stop();
    relay = await startDemoRelay({ port, history, paused: true });
    assert.equal(relay.port, port);
    assert.equal(relay.totalFlows(), before);
    const flows = flowsOf(await collectFlows(relay.address, { number: 100n }));
    // new-0 is its ring's newest flow, which a non-follow read leaves out.
    assert.ok(flows.some((f) => f.source?.podName === 'old-1'));
  });
});
