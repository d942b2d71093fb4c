// The service map over real Hubble captures (testing/captures.ts says where they come from).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromJson } from '@bufbuild/protobuf';
import { GetFlowsResponseSchema } from '@/proto/gen/observer/observer_pb';
import { toFlowRecord } from '@/server/ingest/to-flow-record';
import type { FlowRecord } from '@/lib/api/flow-record';
import { openFlowStore } from '@/server/store/flow-store';
import { captureLines, capturesSkip } from '@/testing/captures';

function load(name: string): FlowRecord[] {
  const out: FlowRecord[] = [];
  for (const line of captureLines(name)) {
    if (!line.trim()) continue;
    const res = fromJson(GetFlowsResponseSchema, JSON.parse(line), { ignoreUnknownFields: true });
    if (res.responseTypes.case === 'flow') out.push(toFlowRecord(res.responseTypes.value));
  }
  return out;
}

test(
  'real HTTP and DNS captures give the expected workloads and edges',
  { skip: capturesSkip },
  async () => {
    const flows = [
      ...load('basic-sample-348-http-flows.json'),
      ...load('basic-sample-330-dns-flows.json'),
    ];
    assert.ok(flows.length > 600);
    const store = await openFlowStore({
      limits: { maxFlows: 100_000, maxBytes: 2 ** 32, maxAgeMs: 10 * 365 * 86_400_000 },
    });
    for (const f of flows) store.append(f);
    const from = Math.min(...flows.map((f) => f.ts));
    const to = Math.max(...flows.map((f) => f.ts)) + 1;
    const map = store.serviceMap({ from, to });
    assert.equal(map.totals.flows, flows.length);
    assert.equal(map.totals.dropped, 0);

    const ids = new Set(map.nodes.map((n) => n.id));
    assert.ok(ids.has('istio-system/prometheus'), [...ids].join());
    assert.ok(ids.has('reserved:world'));
    assert.ok(ids.has('kube-system/kube-dns'), [...ids].join());

    const scrape = map.edges.filter(
      (e) => e.source === 'istio-system/prometheus' && e.target === 'reserved:world',
    );
    assert.ok(scrape.length > 0);
    assert.ok(scrape.some((e) => (e.l7.httpMethods.GET ?? 0) > 0));
    assert.ok(scrape.some((e) => e.l7.httpPaths.some((p) => p.path === '/metrics')));

    const dns = map.edges.filter((e) => e.target === 'kube-system/kube-dns' && e.port === 53);
    assert.ok(
      dns.some((e) => e.l7.dnsQueries.length > 0),
      JSON.stringify(dns.map((e) => e.id)),
    );
    for (const f of flows.slice(0, 50)) assert.deepStrictEqual(store.get(f.id), f);
  },
);
