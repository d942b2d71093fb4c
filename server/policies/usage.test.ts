// Rule usage: totals, per service-map edge (named as the map names them) and per time bucket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowEndpoint, FlowRecord } from '@/lib/api/flow-record';
import { BACK, FRONT, cnp, egressTo, ingressFrom } from '@/testing/eval-table';
import { parsePolicyYaml } from './parse';
import { flow, pod, world } from '@/testing/policy-flows';
import type { FlowSpec } from '@/testing/policy-flows';
import { MAX_RULE_EDGES, policyUsage } from './usage';
import type { Policy } from './model';

const DEBUG = pod('shop', { app: 'debug' }, '10.0.0.9');
const FROM = 1_700_000_000_000;
const WINDOW = { from: FROM, to: FROM + 15 * 60_000 };

function policies(body: string): Policy[] {
  const parsed = parsePolicyYaml(cnp('backend', body), 'test.yaml');
  assert.deepEqual(parsed.errors, []);
  return parsed.policies;
}

let next = 0;
/** A flow at `FROM + atMs` with an id of its own. */
function at(atMs: number, spec: FlowSpec, over: Partial<FlowRecord> = {}): FlowRecord {
  next++;
  return {
    ...flow(spec),
    id: `fs-${next.toString(16).padStart(32, '0')}`,
    ts: FROM + atMs,
    ...over,
  };
}

const INGRESS = `  ingress:
  - fromEndpoints: [{matchLabels: {app: frontend}}]
    toPorts: [{ports: [{port: '8080', protocol: TCP}, {port: '9090', protocol: TCP}]}]
  ingressDeny:
  - fromEndpoints: [{matchLabels: {app: debug}}]`;

test('counts each rule per edge, busiest edge first, named as the service map does', () => {
  const ps = policies(INGRESS);
  const flows = [
    at(0, ingressFrom(FRONT, 8080)),
    at(20_000, ingressFrom(FRONT, 8080)),
    at(21_000, ingressFrom(FRONT, 9090)),
    at(40_000, ingressFrom(DEBUG, 8080)),
    at(41_000, ingressFrom(DEBUG, 8080)),
    at(42_000, ingressFrom(DEBUG, 22)),
  ];
  const u = policyUsage(ps[0]!, ps, flows, { window: WINDOW });
  const allow = u.perRule['ingress[0]']!;
  assert.equal(allow.allowed, 3);
  assert.equal(allow.edgeCount, 2);
  assert.deepEqual(allow.edges, [
    {
      id: 'shop/frontend>shop/backend:8080/TCP',
      source: 'shop/frontend',
      target: 'shop/backend',
      port: 8080,
      protocol: 'TCP',
      allowed: 2,
      denied: 0,
    },
    {
      id: 'shop/frontend>shop/backend:9090/TCP',
      source: 'shop/frontend',
      target: 'shop/backend',
      port: 9090,
      protocol: 'TCP',
      allowed: 1,
      denied: 0,
    },
  ]);
  const deny = u.perRule['ingressDeny[0]']!;
  assert.equal(deny.denied, 3);
  assert.deepEqual(
    deny.edges.map((e) => [e.id, e.allowed, e.denied]),
    [
      ['shop/debug>shop/backend:8080/TCP', 0, 2],
      ['shop/debug>shop/backend:22/TCP', 0, 1],
    ],
  );
  assert.deepEqual(u.unusedRules, []);
});

test('the series buckets the window from its start, about 30 to 60 buckets', () => {
  const ps = policies(INGRESS);
  const flows = [
    at(0, ingressFrom(FRONT, 8080)),
    at(14_999, ingressFrom(FRONT, 8080)),
    at(15_000, ingressFrom(FRONT, 9090)),
    at(15 * 60_000 - 1, ingressFrom(DEBUG, 8080)),
  ];
  const u = policyUsage(ps[0]!, ps, flows, { window: WINDOW });
  assert.equal(u.seriesFrom, WINDOW.from);
  assert.equal(u.bucketMs, 15_000);
  const allow = u.perRule['ingress[0]']!.series;
  assert.equal(allow.allowed.length, 60);
  assert.deepEqual(allow.allowed.slice(0, 3), [2, 1, 0]);
  assert.equal(
    allow.denied.every((n) => n === 0),
    true,
  );
  const deny = u.perRule['ingressDeny[0]']!.series;
  assert.equal(deny.denied[59], 1);
  assert.equal(
    deny.denied.reduce((a, b) => a + b, 0),
    1,
  );
  // Every window size lands in the promised range of buckets.
  for (const minutes of [5, 15, 60, 360, 1440, 7 * 1440]) {
    const w = { from: FROM, to: FROM + minutes * 60_000 };
    const n = policyUsage(ps[0]!, ps, [], { window: w }).perRule['ingress[0]']!.series.allowed
      .length;
    assert.ok(n >= 24 && n <= 60, `${minutes} min gave ${n} buckets`);
  }
});

test('only decision events count, each flow once, and other policies are not counted', () => {
  const ps = policies(INGRESS);
  const f = at(1_000, ingressFrom(FRONT, 8080));
  const trace = at(1_000, ingressFrom(FRONT, 8080), { eventType: 4 });
  const u = policyUsage(ps[0]!, ps, [f, f, trace], { window: WINDOW });
  assert.equal(u.evaluated, 1);
  assert.equal(u.perRule['ingress[0]']!.allowed, 1);
  assert.equal(u.perRule['ingress[0]']!.edges[0]!.allowed, 1);
  assert.equal(u.perRule['ingress[0]']!.series.allowed[0], 1);
});

test('a rule lists its ten busiest edges and counts the rest', () => {
  const ps = policies(`  egress:\n  - toEndpoints: [{matchLabels: {app: frontend}}]`);
  const flows: FlowRecord[] = [];
  // Port 1000 + i carries i + 1 flows, so the busiest are the highest ports.
  for (let i = 0; i < 12; i++) {
    for (let k = 0; k <= i; k++) flows.push(at(k * 1000, egressTo(FRONT, 1000 + i)));
  }
  const rule = policyUsage(ps[0]!, ps, flows, { window: WINDOW }).perRule['egress[0]']!;
  assert.equal(rule.edgeCount, 12);
  assert.equal(rule.edges.length, MAX_RULE_EDGES);
  assert.deepEqual(
    rule.edges.map((e) => e.port),
    [1011, 1010, 1009, 1008, 1007, 1006, 1005, 1004, 1003, 1002],
  );
  assert.equal(rule.allowed, 78);
});

test('world peers with a DNS name and workload names follow the map', () => {
  const ps = policies(
    `  egress:\n  - toFQDNs: [{matchName: api.stripe.com}]\n    toPorts: [{ports: [{port: '443', protocol: TCP}]}]`,
  );
  const src: FlowEndpoint = { ...BACK, workloads: [{ name: 'backend-v2', kind: 'Deployment' }] };
  const f = at(0, { ...egressTo(world('52.0.113.10', ['api.stripe.com.']), 443), src });
  const [edge] = policyUsage(ps[0]!, ps, [f], { window: WINDOW }).perRule['egress[0]']!.edges;
  assert.equal(edge?.id, 'shop/backend-v2>reserved:world:api.stripe.com:443/TCP');
});

test('without a window the series spans the flows, from a round bucket start', () => {
  const ps = policies(INGRESS);
  const flows = [at(7_000, ingressFrom(FRONT, 8080)), at(10 * 60_000, ingressFrom(FRONT, 8080))];
  const u = policyUsage(ps[0]!, ps, flows);
  // The flows span a little under ten minutes: 10 s buckets give at most 60.
  assert.equal(u.bucketMs, 10_000);
  assert.equal(u.seriesFrom % u.bucketMs, 0);
  assert.ok(u.seriesFrom <= FROM + 7_000);
  const series = u.perRule['ingress[0]']!.series.allowed;
  assert.equal(
    series.reduce((a, b) => a + b, 0),
    2,
  );
  assert.ok(u.seriesFrom + series.length * u.bucketMs > FROM + 10 * 60_000);
  const empty = policyUsage(ps[0]!, ps, []);
  assert.deepEqual(empty.perRule['ingress[0]']!.series, { allowed: [], denied: [] });
});

test('the default-deny count holds only reported default-deny drops of endpoints the policy selects', () => {
  const ps = policies(INGRESS);
  const id = ps[0]!.id;
  const dd = { verdict: 'DROPPED', dropReason: 'POLICY_DENIED' };
  const flows = [
    // The backend (selected, ingress default deny) refusing a port no rule allows: counts.
    at(1000, ingressFrom(FRONT, 7000), dd),
    // The frontend's ingress drop: this policy does not select the frontend.
    at(2000, { src: BACK, dst: FRONT, direction: 'INGRESS', port: 7000 }, dd),
    // The backend's egress drop: this policy has no egress side.
    at(3000, egressTo(world('9.9.9.9'), 443), dd),
    // Forwarded, though the policies now read it as default deny: nothing was dropped.
    at(4000, ingressFrom(FRONT, 7001), { verdict: 'FORWARDED' }),
  ];
  const usage = policyUsage(
    ps.find((p) => p.id === id)!,
    ps,
    flows,
    { window: WINDOW },
  );
  assert.equal(usage.defaultDenied, 1);
});

test('a rule counts how many of its decisions Hubble itself attributed to the policy', () => {
  const ps = policies(INGRESS);
  const named = { name: 'p', namespace: 'shop', kind: 'CiliumNetworkPolicy', revision: '1' };
  const other = { ...named, name: 'other' };
  const flows = [
    // Hubble named this policy on the verdict event: reported.
    at(0, ingressFrom(FRONT, 8080), { ingressAllowedBy: [{ ...named, labels: [] }] }),
    // Hubble named another policy, or none: Flowscope's attribution.
    at(1_000, ingressFrom(FRONT, 8080), { ingressAllowedBy: [{ ...other, labels: [] }] }),
    at(2_000, ingressFrom(FRONT, 9090)),
    // The denied side reads *_denied_by.
    at(3_000, ingressFrom(DEBUG, 8080), { ingressDeniedBy: [{ ...named, labels: [] }] }),
    at(4_000, ingressFrom(DEBUG, 8080), { egressDeniedBy: [{ ...named, labels: [] }] }),
  ];
  const u = policyUsage(ps[0]!, ps, flows, { window: WINDOW });
  assert.equal(u.perRule['ingress[0]']!.allowed, 3);
  assert.equal(u.perRule['ingress[0]']!.reportedByHubble, 1);
  assert.equal(u.perRule['ingressDeny[0]']!.denied, 2);
  // The egress list of an ingress flow is not the answer for this direction.
  assert.equal(u.perRule['ingressDeny[0]']!.reportedByHubble, 1);
});
