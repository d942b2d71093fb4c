// What the README promises: the hubble CLI works against the demo relay. The CLI is not
// installed here, so each test sends over loopback gRPC exactly what the CLI sends and checks
// what the CLI would print or show. Requests are built as in Cilium's
// hubble/cmd/status/status.go (health Check with "hubble.server.Observer", then
// ServerStatus), hubble/cmd/list/node.go (GetNodes), hubble/cmd/observe/flows.go
// getFlowsRequest (number, follow, first, since, until) and hubble/cmd/observe/flows_filter.go
// (--verdict, --namespace).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import * as grpc from '@grpc/grpc-js';
import { Verdict } from '@/proto/gen/flow/flow_pb';
import type { Flow } from '@/proto/gen/flow/flow_pb';
import { HealthCheckResponse_ServingStatus as ServingStatus } from '@/proto/gen/grpc/health/v1/health_pb';
import type { HealthCheckResponse } from '@/proto/gen/grpc/health/v1/health_pb';
import type { GetFlowsRequestSchema } from '@/proto/gen/observer/observer_pb';
import { Observer } from '@/proto/gen/observer/observer_pb';
import { NodeState } from '@/proto/gen/relay/relay_pb';
import { timestampToMs } from '@/server/ingest/to-flow-record';
import { HUBBLE_OBSERVER_HEALTH_NAME, startDemoRelay } from './demo-relay';
import type { DemoRelay } from './demo-relay';
import { collectFlows, flowsOf, healthCheck, unary, watchHealth } from '@/testing/demo-client';

type FlowsRequest = MessageInitShape<typeof GetFlowsRequestSchema>;

/** hubble/pkg/defaults FlowPrintCount: what a bare `hubble observe` asks for. */
const FLOW_PRINT_COUNT = 20n;

/**
 * The request `hubble observe` sends for its selector flags, as getFlowsRequest builds it:
 * --since/--until become timestamps, and only without them (and without --follow or
 * --first) does number default to 20.
 */
function observeRequest(opts: {
  last?: bigint;
  follow?: boolean;
  sinceMs?: number;
  untilMs?: number;
  whitelist?: FlowsRequest['whitelist'];
}): FlowsRequest {
  const since = opts.sinceMs === undefined ? undefined : timestampFromMs(opts.sinceMs);
  const until =
    opts.untilMs === undefined || opts.follow ? undefined : timestampFromMs(opts.untilMs);
  let number = opts.last ?? 0n;
  if (!since && !until && number === 0n && !opts.follow) number = FLOW_PRINT_COUNT;
  return {
    number,
    follow: opts.follow ?? false,
    first: false,
    whitelist: opts.whitelist ?? [],
    blacklist: [],
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
  };
}

/** The lines `hubble status` prints, from its two calls (runStatus in status.go). */
async function hubbleStatus(address: string): Promise<string[]> {
  const hc = await healthCheck(address, HUBBLE_OBSERVER_HEALTH_NAME);
  if (hc.status !== ServingStatus.SERVING) {
    return [`Healthcheck (via ${address}): Unavailable: ${ServingStatus[hc.status]}`];
  }
  const ss = await unary(address, Observer.method.serverStatus, {});
  const lines = [`Healthcheck (via ${address}): Ok`];
  const ratio =
    ss.maxFlows > 0n ? ` (${((Number(ss.numFlows) / Number(ss.maxFlows)) * 100).toFixed(2)}%)` : '';
  lines.push(`Current/Max Flows: ${ss.numFlows}/${ss.maxFlows}${ratio}`);
  const uptimeS = Number(ss.uptimeNs) / 1e9;
  lines.push(`Flows/s: ${uptimeS > 0 ? (Number(ss.seenFlows) / uptimeS).toFixed(2) : 'N/A'}`);
  if (ss.numConnectedNodes !== undefined) {
    const total =
      ss.numUnavailableNodes !== undefined
        ? `/${ss.numUnavailableNodes + ss.numConnectedNodes}`
        : '';
    lines.push(`Connected Nodes: ${ss.numConnectedNodes}${total}`);
  }
  return lines;
}

function perNode(flows: Flow[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of flows) m.set(f.nodeName, (m.get(f.nodeName) ?? 0) + 1);
  return m;
}

const timeOf = (f: Flow): number => timestampToMs(f.time);

describe('hubble CLI requests against the demo relay', () => {
  let relay: DemoRelay;
  before(async () => {
    relay = await startDemoRelay({ seed: 11, prefillMinutes: 10, sortBufferDrainMs: 200 });
  });
  after(() => relay.stop());

  it('hubble status: health Check says Ok, then ServerStatus gives flows and nodes', async () => {
    const lines = await hubbleStatus(relay.address);
    assert.equal(lines[0], `Healthcheck (via ${relay.address}): Ok`);
    assert.match(lines[1] ?? '', /^Current\/Max Flows: \d+\/12285 \(\d+\.\d\d%\)$/);
    assert.match(lines[2] ?? '', /^Flows\/s: \d+\.\d\d$/);
    assert.equal(lines[3], 'Connected Nodes: 3/3');
  });

  it('health: "" and hubble.server.Observer SERVING, an unknown service NOT_FOUND', async () => {
    assert.equal((await healthCheck(relay.address, '')).status, ServingStatus.SERVING);
    await assert.rejects(
      healthCheck(relay.address, 'no.such.Service'),
      (e: grpc.ServiceError) => e.code === grpc.status.NOT_FOUND,
    );
  });

  it('hubble list nodes: GetNodes names the three connected nodes', async () => {
    const res = await unary(relay.address, Observer.method.getNodes, {});
    assert.deepEqual(res.nodes.map((n) => [n.name, n.state]).sort(), [
      ['demo/kind-control-plane', NodeState.NODE_CONNECTED],
      ['demo/kind-worker', NodeState.NODE_CONNECTED],
      ['demo/kind-worker2', NodeState.NODE_CONNECTED],
    ]);
    for (const n of res.nodes) assert.ok(n.numFlows > 0n && n.maxFlows === 4095n);
  });

  it('hubble observe (no flags) asks for 20 and gets the newest 20 of each node', async () => {
    const req = observeRequest({});
    assert.equal(req.number, 20n);
    const flows = flowsOf(await collectFlows(relay.address, req));
    assert.deepEqual([...perNode(flows).values()], [20, 20, 20]);
  });

  it('hubble observe --last 7: number=7, first=false, oldest to newest', async () => {
    const flows = flowsOf(await collectFlows(relay.address, observeRequest({ last: 7n })));
    assert.deepEqual([...perNode(flows).values()], [7, 7, 7]);
    assert.ok(flows.every((f, i) => i === 0 || timeOf(flows[i - 1]!) <= timeOf(f)));
    // The newest: nothing older than the 7th-newest of each node 10 minutes in.
    assert.ok(Date.now() - Math.min(...flows.map(timeOf)) < 60_000);
  });

  it('hubble observe --since 5m: since = now-5m, no number, every flow since then', async () => {
    const sinceMs = Date.now() - 5 * 60_000;
    const req = observeRequest({ sinceMs });
    assert.equal(req.number, 0n);
    const flows = flowsOf(await collectFlows(relay.address, req, { timeoutMs: 10_000 }));
    assert.ok(flows.length > 60, `only ${flows.length} flows in 5 minutes`);
    assert.ok(flows.every((f) => timeOf(f) >= sinceMs));
    assert.ok(
      Math.min(...flows.map(timeOf)) - sinceMs < 5_000,
      'the start of the window is missing',
    );
  });

  it('hubble observe --since 6m --until 5m: only that minute', async () => {
    const now = Date.now();
    const req = observeRequest({ sinceMs: now - 6 * 60_000, untilMs: now - 5 * 60_000 });
    const flows = flowsOf(await collectFlows(relay.address, req));
    assert.ok(flows.length > 0);
    assert.ok(flows.every((f) => timeOf(f) >= now - 6 * 60_000 && timeOf(f) <= now - 5 * 60_000));
  });

  it('hubble observe --follow: number=0, only flows seen after the call, still open', async () => {
    const startedMs = Date.now();
    const res = await collectFlows(relay.address, observeRequest({ follow: true }), {
      until: (r) => flowsOf({ responses: r }).length >= 5,
      timeoutMs: 5000,
    });
    assert.equal(res.error, undefined);
    const flows = flowsOf(res);
    assert.ok(flows.length >= 5, 'the stream ended or stalled');
    // Generated in ticks of 200 ms: nothing from before the tick preceding the call.
    assert.ok(flows.every((f) => timeOf(f) >= startedMs - 1000));
  });

  it('hubble observe --verdict DROPPED --last 5: one filter with verdict DROPPED', async () => {
    const req = observeRequest({ last: 5n, whitelist: [{ verdict: [Verdict.DROPPED] }] });
    const flows = flowsOf(await collectFlows(relay.address, req));
    assert.ok(flows.length > 0);
    assert.ok(flows.every((f) => f.verdict === Verdict.DROPPED));
  });

  it('hubble observe --namespace payments: source_pod OR destination_pod "payments/"', async () => {
    const req = observeRequest({
      whitelist: [{ sourcePod: ['payments/'] }, { destinationPod: ['payments/'] }],
    });
    const flows = flowsOf(await collectFlows(relay.address, req));
    assert.ok(flows.length > 0);
    assert.ok(
      flows.every(
        (f) => f.source?.namespace === 'payments' || f.destination?.namespace === 'payments',
      ),
    );
    assert.ok(
      flows.some((f) => f.source?.namespace !== 'payments'),
      'only one direction',
    );
  });

  it('hubble observe --verdict DROPPED --namespace payments: the verdict in both filters', async () => {
    const dropped = [Verdict.DROPPED];
    const req = observeRequest({
      sinceMs: Date.now() - 10 * 60_000,
      whitelist: [
        { verdict: dropped, sourcePod: ['payments/'] },
        { verdict: dropped, destinationPod: ['payments/'] },
      ],
    });
    const flows = flowsOf(await collectFlows(relay.address, req));
    assert.ok(flows.length > 0);
    for (const f of flows) {
      assert.equal(f.verdict, Verdict.DROPPED);
      assert.ok(f.source?.namespace === 'payments' || f.destination?.namespace === 'payments');
    }
  });
});

describe('demo relay health follows node reachability (pkg/hubble/relay/server/health.go)', () => {
  let relay: DemoRelay;
  before(async () => {
    relay = await startDemoRelay({ paused: true, prefillMinutes: 1 });
  });
  after(() => relay.stop());

  it('NOT_SERVING with no node reachable, so hubble status reports it unhealthy; Watch sees it', async () => {
    const seen: HealthCheckResponse[] = [];
    const watch = watchHealth(relay.address, HUBBLE_OBSERVER_HEALTH_NAME, (r) => seen.push(r));
    const unknown: HealthCheckResponse[] = [];
    const watchUnknown = watchHealth(relay.address, 'no.such.Service', (r) => unknown.push(r));
    try {
      const waitFor = async (n: number): Promise<void> => {
        for (let i = 0; i < 100 && seen.length < n; i++) {
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      await waitFor(1);
      const nodes = ['demo/kind-control-plane', 'demo/kind-worker', 'demo/kind-worker2'];
      for (const node of nodes) relay.setNodeAvailable(node, false);
      await waitFor(2);
      assert.deepEqual(
        (await hubbleStatus(relay.address))[0],
        `Healthcheck (via ${relay.address}): Unavailable: NOT_SERVING`,
      );
      relay.setNodeAvailable(nodes[0]!, true);
      await waitFor(3);
      assert.equal(
        (await hubbleStatus(relay.address))[0],
        `Healthcheck (via ${relay.address}): Ok`,
      );
      assert.deepEqual(
        seen.map((r) => r.status),
        [ServingStatus.SERVING, ServingStatus.NOT_SERVING, ServingStatus.SERVING],
      );
      assert.deepEqual(
        unknown.map((r) => r.status),
        [ServingStatus.SERVICE_UNKNOWN],
      );
    } finally {
      watch.stop();
      watchUnknown.stop();
    }
  });
});
