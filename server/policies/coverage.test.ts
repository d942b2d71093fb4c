// Policy coverage of the demo: which workloads each demo policy puts into default deny, per
// direction, checked against a table worked out by hand from server/policies/demo/*.yaml.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { scopedReader } from '@/server/access/scoped-reader';
import { openFlowStore, type FlowStore } from '@/server/store/flow-store';
import { pod, scenarioRecords, world } from '@/testing/policy-flows';
import { testFlowRecord } from '@/testing/flow-record';
import type { AgentSettings } from './agent-settings';
import { coverageAnswer, workloadCoverage } from './coverage';
import { loadPolicyFolder } from './source';

const LIMITS = { maxFlows: 1_000_000, maxBytes: 1 << 30, maxAgeMs: 86_400_000 };
const ALL_TIME = { from: 0, to: Number.MAX_SAFE_INTEGER };
const DEFAULT: AgentSettings = { allowLocalhost: 'always', enforcement: 'default' };

const CCNP_METADATA = 'CiliumClusterwideNetworkPolicy/_/deny-egress-to-metadata';
const cnp = (ns: string, name: string) => `CiliumNetworkPolicy/${ns}/${name}`;

async function demoPolicies() {
  const source = await loadPolicyFolder(path.join(process.cwd(), 'server/policies/demo'));
  assert.deepEqual(source.errors(), []);
  return source.policies();
}

let demoStore: Promise<FlowStore> | undefined;
function demo(): Promise<FlowStore> {
  demoStore ??= (async () => {
    const store = await openFlowStore({ limits: LIMITS });
    for (const f of scenarioRecords(60, 7)) store.append(f);
    return store;
  })();
  return demoStore;
}

interface Row {
  ingress: boolean;
  ingressBy: string[];
  egress: boolean;
  egressBy: string[];
}

// Worked out from the YAML, not from the code under test:
// - shop-default-deny.yaml selects every shop pod with an ingress and an egress rule, so
//   every shop workload is in default deny both ways (default-deny enforces).
// - shop-allow-monitoring.yaml selects every shop pod at ingress (enforces ingress).
// - shop-frontend.yaml: frontend-ingress (ingress), frontend-egress (egress) for app=frontend.
// - shop-backend.yaml: backend-api (ingress), backend-egress (egress) for app=backend.
// - payments-ledger-ingress.yaml: ledger-ingress puts app=ledger into ingress default deny.
// - payments-ledger-backup-egress.yaml selects the ledger at egress but sets
//   enableDefaultDeny.egress=false: selecting, not enforcing.
// - clusterwide-deny-egress-to-metadata.yaml selects every pod at egress with
//   enableDefaultDeny off: it selects every workload at egress and enforces nothing.
// No demo policy selects default, envoy-gateway-system, kube-system or monitoring otherwise.
const EXPECTED: Record<string, Row> = {
  'default/debug-shell': { ingress: false, ingressBy: [], egress: false, egressBy: [] },
  'envoy-gateway-system/envoy-default-eg': {
    ingress: false,
    ingressBy: [],
    egress: false,
    egressBy: [],
  },
  'kube-system/coredns': { ingress: false, ingressBy: [], egress: false, egressBy: [] },
  'kube-system/metrics-server': { ingress: false, ingressBy: [], egress: false, egressBy: [] },
  'monitoring/node-exporter': { ingress: false, ingressBy: [], egress: false, egressBy: [] },
  'monitoring/vmagent': { ingress: false, ingressBy: [], egress: false, egressBy: [] },
  'payments/ledger': {
    ingress: true,
    ingressBy: [cnp('payments', 'ledger-ingress')],
    egress: false,
    egressBy: [],
  },
  'shop/backend': {
    ingress: true,
    ingressBy: [
      cnp('shop', 'allow-monitoring'),
      cnp('shop', 'backend-api'),
      cnp('shop', 'default-deny'),
    ],
    egress: true,
    egressBy: [cnp('shop', 'backend-egress'), cnp('shop', 'default-deny')],
  },
  'shop/frontend': {
    ingress: true,
    ingressBy: [
      cnp('shop', 'allow-monitoring'),
      cnp('shop', 'default-deny'),
      cnp('shop', 'frontend-ingress'),
    ],
    egress: true,
    egressBy: [cnp('shop', 'default-deny'), cnp('shop', 'frontend-egress')],
  },
};

test('each demo workload is enforced where a demo policy with default deny selects it', async () => {
  const store = await demo();
  const rows = workloadCoverage(await demoPolicies(), store.endpoints(ALL_TIME), DEFAULT);
  const got = Object.fromEntries(
    rows.map((w) => [
      w.id,
      {
        ingress: w.ingress.enforced,
        ingressBy: w.ingress.enforcingPolicies,
        egress: w.egress.enforced,
        egressBy: w.egress.enforcingPolicies,
      },
    ]),
  );
  // Reserved identities (world, host, health, remote-node, kube-apiserver) are not listed.
  assert.deepEqual(got, EXPECTED);
  for (const w of rows) {
    assert.equal(w.id, `${w.namespace}/${w.workload}`);
    assert.ok(w.labels.includes(`k8s:io.kubernetes.pod.namespace=${w.namespace}`), w.id);
    // The metadata deny selects every pod at egress, without default deny.
    assert.ok(w.egress.selectingPolicies.includes(CCNP_METADATA), w.id);
    assert.ok(!w.egress.enforcingPolicies.includes(CCNP_METADATA), w.id);
  }
  const ledger = rows.find((w) => w.id === 'payments/ledger')!;
  assert.deepEqual(ledger.egress.selectingPolicies, [
    CCNP_METADATA,
    cnp('payments', 'ledger-backup-egress'),
  ]);
  assert.deepEqual(
    ledger.labels.filter((l) => l.startsWith('k8s:app=')),
    ['k8s:app=ledger'],
  );
});

test('the answer groups by namespace, counts protected workloads and lists the open ones', async () => {
  const store = await demo();
  const answer = coverageAnswer(ALL_TIME, await demoPolicies(), store.endpoints(ALL_TIME), DEFAULT);
  assert.deepEqual(
    answer.namespaces.map((n) => [n.namespace, n.workloads.length, n.protected, n.open]),
    [
      ['default', 1, 0, 1],
      ['envoy-gateway-system', 1, 0, 1],
      ['kube-system', 2, 0, 2],
      ['monitoring', 2, 0, 2],
      ['payments', 1, 0, 0],
      ['shop', 2, 2, 0],
    ],
  );
  assert.deepEqual(answer.totals, { workloads: 9, protected: 2, unprotected: 0, open: 6 });
  // The metadata deny selects every pod at egress, so none is unselected in the demo.
  assert.deepEqual(answer.unprotected, []);
  assert.deepEqual(
    answer.open.map((w) => w.id),
    [
      'default/debug-shell',
      'envoy-gateway-system/envoy-default-eg',
      'kube-system/coredns',
      'kube-system/metrics-server',
      'monitoring/node-exporter',
      'monitoring/vmagent',
    ],
  );
});

test('a workload no policy selects is listed as unprotected', async () => {
  const store = await openFlowStore({ limits: LIMITS });
  const f = (src: ReturnType<typeof pod>, dst: ReturnType<typeof pod>) =>
    testFlowRecord({ id: `f-${src.pod}-${dst.ip}`, ts: 1000, source: src, destination: dst });
  store.append(f(pod('shop', { app: 'frontend' }), pod('lab', { app: 'sandbox' })));
  store.append(f(pod('lab', { app: 'sandbox' }), world('1.2.3.4')));
  // Without the cluster-wide metadata deny, nothing selects a pod outside shop and payments.
  const policies = (await demoPolicies()).filter((p) => p.id !== CCNP_METADATA);
  const answer = coverageAnswer(ALL_TIME, policies, store.endpoints(ALL_TIME), DEFAULT);
  assert.deepEqual(
    answer.unprotected.map((w) => w.id),
    ['lab/sandbox'],
  );
  assert.deepEqual(
    answer.namespaces.map((n) => [n.namespace, n.protected, n.unprotected]),
    [
      ['lab', 0, 1],
      ['shop', 1, 0],
    ],
  );
});

test('enable-policy=always enforces every workload both ways; never enforces none', async () => {
  const store = await demo();
  const policies = await demoPolicies();
  const endpoints = store.endpoints(ALL_TIME);
  const always = workloadCoverage(policies, endpoints, { ...DEFAULT, enforcement: 'always' });
  assert.equal(always.length, Object.keys(EXPECTED).length);
  for (const w of always) {
    assert.ok(w.ingress.enforced && w.egress.enforced && w.protected, w.id);
    assert.ok(!w.unselected && !w.open, w.id);
    // The policies that enforce are still named where there are any.
    assert.deepEqual(w.ingress.enforcingPolicies, EXPECTED[w.id]!.ingressBy, w.id);
  }
  assert.equal(
    always.find((w) => w.id === 'default/debug-shell')!.ingress.agent,
    'enable-policy=always',
  );
  const never = coverageAnswer(ALL_TIME, policies, endpoints, { ...DEFAULT, enforcement: 'never' });
  assert.equal(never.enforcement, 'never');
  assert.deepEqual(never.totals, { workloads: 9, protected: 0, unprotected: 9, open: 9 });
  for (const ns of never.namespaces) {
    for (const w of ns.workloads) {
      assert.ok(!w.ingress.enforced && !w.egress.enforced, w.id);
      assert.deepEqual(w.ingress.enforcingPolicies, [], w.id);
      assert.equal(w.egress.agent, 'enable-policy=never');
    }
  }
});

test('a viewer limited to one namespace sees only that namespace', async () => {
  const store = await demo();
  const payments = scopedReader(store, ['payments']);
  const answer = coverageAnswer(
    ALL_TIME,
    await demoPolicies(),
    payments.endpoints(ALL_TIME),
    DEFAULT,
  );
  // The ledger talks to shop/backend and monitoring/vmagent; neither is shown.
  assert.deepEqual(
    answer.namespaces.map((n) => n.namespace),
    ['payments'],
  );
  assert.deepEqual(
    answer.namespaces[0]!.workloads.map((w) => w.id),
    ['payments/ledger'],
  );
  // A namespace filter cannot widen the scope.
  const widened = payments.endpoints({ ...ALL_TIME, namespaces: ['shop', 'payments'] });
  assert.deepEqual([...new Set(widened.map((e) => e.node.id))], ['payments/ledger']);
  // Nothing at all for a scope that grants no namespace.
  assert.deepEqual(scopedReader(store, []).endpoints(ALL_TIME), []);
});

test('endpoints of a window: only flows inside it, each endpoint once', async () => {
  const store = await openFlowStore({ limits: LIMITS });
  const a = pod('shop', { app: 'frontend' });
  const b = pod('shop', { app: 'backend' });
  const c = pod('payments', { app: 'ledger' });
  for (let i = 0; i < 50; i++) {
    store.append(testFlowRecord({ id: `f${i}`, ts: 1000 + i, source: a, destination: b }));
  }
  store.append(testFlowRecord({ id: 'late', ts: 5000, source: b, destination: c }));
  const early = store.endpoints({ from: 0, to: 2000 });
  assert.deepEqual(early.map((e) => e.node.id).sort(), ['shop/backend', 'shop/frontend']);
  const late = store.endpoints({ from: 2000, to: 6000 });
  assert.deepEqual(late.map((e) => e.node.id).sort(), ['payments/ledger', 'shop/backend']);
  const filtered = store.endpoints({ from: 0, to: 6000, namespaces: ['payments'] });
  assert.deepEqual(
    filtered.map((e) => e.node.id),
    ['payments/ledger'],
  );
});
