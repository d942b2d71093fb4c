// The /drops table: counted exactly as the timeline counts (the paired drop notification of
// a policy-verdict event does not count, server/aggregate/policy-pairing.ts), attributed from
// Hubble's fields where they name the policy, and from the flow's own explanation where they
// do not (POLICY_DENY drop notifications, L7 denials with no reason).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowRecord, PolicyRef } from '@/lib/api/flow-record';
import { decisionText, sourceText } from '@/lib/timeline/drop-edges';
import { explainFlow } from '@/server/policies/explain';
import { parsePolicyYaml } from '@/server/policies/parse';
import { openFlowStore } from '@/server/store/flow-store';
import { scopedReader } from '@/server/access/scoped-reader';
import { dropEdges, flowsFilter } from './drop-groups';
import { flow, pod, reserved, T0 } from '@/testing/aggregate-flows';
import { parseFilterText } from '@/server/filter/parse-filter-text';

const BIG = { maxFlows: 100_000, maxBytes: 2 ** 40, maxAgeMs: 86_400_000 };
const WINDOW = { from: T0 - 60_000, to: T0 + 60_000 };

const POLICIES = parsePolicyYaml(
  `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: backend-api, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: backend}}
  ingress:
  - fromEndpoints: [{matchLabels: {app: frontend}}]
    toPorts:
    - ports: [{port: '8080', protocol: TCP}]
      rules:
        http: [{method: GET, path: /api/v1/products}]
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: deny-metadata}
spec:
  endpointSelector: {}
  enableDefaultDeny: {egress: false, ingress: false}
  egressDeny:
  - toCIDR: [169.254.169.254/32]
`,
  'test.yaml',
).policies;

const FRONT = pod('shop', 'frontend-7d4b9c6f5d-x7k2p', {
  ip: '10.0.1.1',
  port: 40000,
  labels: ['k8s:app=frontend', 'k8s:io.kubernetes.pod.namespace=shop'],
  workloads: [{ name: 'frontend', kind: 'Deployment' }],
});
const BACK = pod('shop', 'backend-5f6d8b7c9d-q9w4z', {
  ip: '10.0.1.2',
  port: 8080,
  labels: ['k8s:app=backend', 'k8s:io.kubernetes.pod.namespace=shop'],
  workloads: [{ name: 'backend', kind: 'Deployment' }],
});
const METADATA = reserved(2, 'reserved:world', { ip: '169.254.169.254', port: 80 });

const DENY_REF: PolicyRef = {
  kind: 'CiliumClusterwideNetworkPolicy',
  namespace: '',
  name: 'deny-metadata',
  revision: '3',
  labels: [],
};

function drop(over: Partial<FlowRecord>): FlowRecord {
  return flow({ verdict: 'DROPPED', ...over });
}

/** A denied packet's two reports: the policy-verdict event (names the policy) and the drop. */
function deniedPair(ts: number): FlowRecord[] {
  const base = { source: FRONT, destination: METADATA, direction: 'EGRESS', ts };
  return [
    drop({ ...base, eventType: 5, dropReason: 'POLICY_DENY', egressDeniedBy: [DENY_REF] }),
    drop({ ...base, eventType: 1, dropReason: 'POLICY_DENY' }),
  ];
}

function scenario(): FlowRecord[] {
  return [
    ...deniedPair(T0),
    ...deniedPair(T0 + 1000),
    // A drop notification with no policy-verdict event beside it: Hubble names no policy.
    drop({
      source: BACK,
      destination: METADATA,
      direction: 'EGRESS',
      eventType: 1,
      dropReason: 'POLICY_DENY',
      ts: T0 + 2000,
    }),
    // Default deny: the policy-verdict event of a port no rule allows.
    drop({
      source: { ...FRONT, port: 40001 },
      destination: { ...BACK, port: 9090 },
      direction: 'INGRESS',
      eventType: 5,
      dropReason: 'POLICY_DENIED',
      ts: T0 + 3000,
    }),
    // The L7 proxy's 403 for a path no HTTP rule allows: DROPPED with no drop reason.
    drop({
      source: FRONT,
      destination: BACK,
      direction: 'INGRESS',
      type: 'L7',
      eventType: 129,
      ts: T0 + 4000,
      l7: {
        type: 'REQUEST',
        latencyNs: '0',
        http: { code: 0, method: 'DELETE', url: '/admin', protocol: 'HTTP/1.1', headers: [] },
      },
    }),
    // A datapath drop that is no policy decision.
    drop({
      source: FRONT,
      destination: BACK,
      direction: 'INGRESS',
      dropReason: 'CT_MAP_INSERTION_FAILED',
      ts: T0 + 5000,
    }),
    flow({ source: FRONT, destination: BACK, ts: T0 + 6000 }),
  ];
}

async function answerFor(flows: FlowRecord[], scope?: string[]) {
  const store = await openFlowStore({ limits: BIG });
  for (const f of flows) store.append(f);
  const reader = scopedReader(store, scope);
  const answer = dropEdges(reader, WINDOW, (f) => explainFlow(POLICIES, f));
  const timeline = reader.timeline(WINDOW);
  return { answer, timeline };
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

test('the table counts what the timeline counts: a paired drop notification is not counted', async () => {
  const { answer, timeline } = await answerFor(scenario());
  const timelineDrops = sum(timeline.verdicts.dropped);
  // 2 denied packets (4 reports), 1 lone notification, default deny, L7, datapath drop.
  assert.equal(timelineDrops, 6);
  assert.equal(answer.total, timelineDrops);
  assert.equal(sum(answer.rows.map((r) => r.count)) + answer.omittedCount, timelineDrops);
  assert.equal(answer.omitted, 0);
});

test('a policy-verdict event names its policy: reported by Hubble, with its rule', async () => {
  const { answer } = await answerFor(scenario());
  const row = answer.rows.find((r) => r.count === 2)!;
  assert.equal(row.source, 'shop/frontend');
  assert.equal(row.destination, 'reserved:world');
  assert.equal(row.port, 80);
  assert.equal(row.decision.kind, 'policy');
  assert.equal(row.decision.source, 'hubble');
  assert.equal(row.decision.policy?.name, 'deny-metadata');
  assert.equal(row.decision.rule?.ruleId, 'egressDeny[0]');
  assert.equal(row.first, T0);
  assert.equal(row.last, T0 + 1000);
  assert.equal(sourceText(row.decision), 'reported by Hubble');
});

test('a POLICY_DENY drop notification Hubble names no policy for is attributed by Flowscope', async () => {
  const { answer } = await answerFor(scenario());
  const row = answer.rows.find((r) => r.source === 'shop/backend')!;
  assert.equal(row.reason, 'POLICY_DENY');
  assert.equal(row.decision.source, 'flowscope');
  assert.equal(row.decision.policy?.name, 'deny-metadata');
  assert.equal(row.decision.rule?.ruleId, 'egressDeny[0]');
  assert.doesNotMatch(decisionText(row.decision), /no policy named|POLICY_DENY/);
  // The same answer as the flow's own explanation.
  const example = scenario()[4]!;
  assert.equal(explainFlow(POLICIES, example).decidingRule?.ruleId, row.decision.rule?.ruleId);
});

test('default deny, the L7 rule of an L7 denial, and a datapath drop each say what they are', async () => {
  const { answer } = await answerFor(scenario());
  const byReason = (reason: string) => answer.rows.filter((r) => r.reason === reason);
  const deny = byReason('POLICY_DENIED')[0]!;
  assert.equal(deny.decision.kind, 'default-deny');
  assert.equal(deny.decision.source, 'hubble');
  assert.match(decisionText(deny.decision), /^default deny/);
  const l7 = byReason('')[0]!;
  assert.equal(l7.decision.kind, 'l7');
  assert.equal(l7.decision.source, 'flowscope');
  assert.equal(l7.decision.policy?.name, 'backend-api');
  assert.equal(l7.decision.rule?.ruleId, 'ingress[0]');
  assert.equal(l7.l7, 'DELETE /admin');
  assert.match(decisionText(l7.decision), /^L7 rule of shop\/backend-api/);
  const ct = byReason('CT_MAP_INSERTION_FAILED')[0]!;
  assert.equal(ct.decision.kind, 'not-policy');
});

test('each row has an example flow of its own and a filter that lists its flows', async () => {
  const flows = scenario();
  const { answer } = await answerFor(flows);
  for (const row of answer.rows) {
    const example = flows.find((f) => f.id === row.exampleFlowId);
    assert.ok(example, `row ${row.id} has an example`);
    assert.equal(example.verdict, 'DROPPED');
    const parsed = parseFilterText(row.flowsFilter ?? '');
    assert.ok(parsed.ok, `${row.flowsFilter} parses`);
  }
  const lone = answer.rows.find((r) => r.source === 'shop/backend')!;
  assert.equal(
    lone.flowsFilter,
    '--verdict DROPPED --from-namespace shop --from-workload backend --to-identity 2 --to-port 80 --protocol tcp --drop-reason-desc POLICY_DENY',
  );
});

test('a drop notification whose policy-verdict event comes later is not counted either', async () => {
  const [verdict, notification] = deniedPair(T0);
  const { answer, timeline } = await answerFor([notification!, verdict!]);
  assert.equal(sum(timeline.verdicts.dropped), 1);
  assert.deepEqual(
    answer.rows.map((r) => [r.count, r.decision.source]),
    [[1, 'hubble']],
  );
});

test('a scoped viewer sees only rows of its namespaces, and the total follows', async () => {
  const { answer } = await answerFor(scenario(), ['payments']);
  assert.equal(answer.total, 0);
  assert.deepEqual(answer.rows, []);
});

test('flag values a flow could forge are left out of the flows filter', () => {
  const evil = drop({
    source: { ...FRONT, workloads: [{ name: 'x --verdict FORWARDED', kind: 'Deployment' }] },
  });
  const text = flowsFilter(
    {
      source: 'shop/x --verdict FORWARDED',
      destination: 'shop/backend',
      port: 8080,
      protocol: 'TCP',
      key: 'default-deny',
      reason: 'POLICY_DENIED',
      count: 1,
      first: T0,
      last: T0,
    },
    evil,
  );
  assert.doesNotMatch(text, /FORWARDED/);
  assert.ok(parseFilterText(text).ok);
});
