// The smallest rule that allows a drop: label choice (generated labels never selected), the
// peer as Cilium users write it (namespace label across namespaces, entities, toFQDNs from the
// resolved name, a /32 otherwise), L7 rules exact as seen, the stabilisation cut-off, and the
// re-evaluation that reports what the proposal allows beyond the observed traffic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import type { FlowEndpoint, FlowRecord } from '@/lib/api/flow-record';
import { flow, pod, reserved, world } from '@/testing/policy-flows';
import type { FlowSpec } from '@/testing/policy-flows';
import { evaluate } from './evaluate';
import type { Policy } from './model';
import { parsePolicyYaml } from './parse';
import { recommend } from './recommend';
import { stableLabels, workloadSelector } from './recommend-labels';
import { CILIUM_DEFAULT_SETTINGS } from './agent-settings';

const settings = CILIUM_DEFAULT_SETTINGS;

function policies(yaml: string): Policy[] {
  const r = parsePolicyYaml(yaml, 'test.yaml');
  assert.deepEqual(r.errors, []);
  return r.policies;
}

let seq = 0;
/** A dropped decision (policy-verdict event, or the L7 request) at `second`. */
function drop(spec: FlowSpec, second = 0): FlowRecord {
  seq++;
  const f = flow(spec);
  f.id = `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`;
  f.verdict = 'DROPPED';
  if (!spec.http && !spec.dns) f.dropReason = 'POLICY_DENIED';
  f.ts = 1_704_067_200_000 + second * 1000;
  f.time = new Date(f.ts).toISOString().replace('Z', '000000Z');
  return f;
}

function forwarded(spec: FlowSpec, second = 0): FlowRecord {
  const f = drop(spec, second);
  f.verdict = 'FORWARDED';
  delete f.dropReason;
  return f;
}

/** The policies with the proposal applied, read back from the answer's YAML. */
function applied(base: Policy[], yaml: string): Policy[] {
  const next = policies(yaml);
  return [...base.filter((p) => !next.some((n) => n.id === p.id)), ...next];
}

function ruleOf(yaml: string, dir: 'ingress' | 'egress'): Record<string, unknown>[] {
  const doc = parseAllDocuments(yaml)
    .map((d) => d.toJS() as { spec: Record<string, Record<string, unknown>[]> })
    .find((d) => d.spec[dir]);
  assert.ok(doc, `no ${dir} in\n${yaml}`);
  return doc.spec[dir]!;
}

const SHOP_DENY = `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec:
  endpointSelector: {}
  ingress: [{}]
  egress: [{}]
`;

function withLabels(ns: string, labels: Record<string, string>, ip: string): FlowEndpoint {
  return pod(ns, labels, ip);
}

test('generated labels are never chosen; the workload label is', () => {
  const ep = withLabels(
    'shop',
    {
      app: 'cart',
      'pod-template-hash': '7d9f8c6b5',
      'controller-revision-hash': 'cart-6c8d',
      'statefulset.kubernetes.io/pod-name': 'cart-0',
      'apps.kubernetes.io/pod-index': '0',
      tier: 'web',
    },
    '10.0.0.9',
  );
  assert.deepEqual(workloadSelector(ep), { app: 'cart' });
  const stable = stableLabels(ep).map((l) => l.key);
  assert.deepEqual(stable.sort(), ['app', 'tier']);
  // app.kubernetes.io/name comes before app, as the map names workloads.
  const named = withLabels('shop', { 'app.kubernetes.io/name': 'cart', app: 'crt' }, '10.0.0.9');
  assert.deepEqual(workloadSelector(named), { 'app.kubernetes.io/name': 'cart' });
  // No workload label: every stable label, still none generated.
  const bare = withLabels('shop', { tier: 'web', 'pod-template-hash': 'abc12' }, '10.0.0.9');
  assert.deepEqual(workloadSelector(bare), { tier: 'web' });
});

test('a cross-namespace peer is selected with the namespace label, on the denied side', () => {
  const base = policies(`${SHOP_DENY}---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: cart-ingress, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: cart}}
  ingress:
    - fromEndpoints: [{matchLabels: {app: frontend}}]
      toPorts: [{ports: [{port: '8080', protocol: TCP}]}]
`);
  const cart = withLabels('shop', { app: 'cart', 'pod-template-hash': 'x7k9p' }, '10.0.1.1');
  const job = withLabels('batch', { app: 'reporter', 'pod-template-hash': 'q2w4r' }, '10.0.2.2');
  const flows = [1, 2, 3].map((s) =>
    drop({ src: job, dst: cart, direction: 'INGRESS', port: 8080 }, s),
  );
  const a = recommend({
    policies: base,
    flows,
    target: { flow: flows[0]! },
    window: { from: 0, to: Date.now() },
    settings,
  });
  assert.equal(a.status, 'proposal');
  assert.equal(a.changes.length, 1);
  const c = a.changes[0]!;
  assert.equal(c.policyId, 'CiliumNetworkPolicy/shop/cart-ingress');
  assert.equal(c.action, 'add-rules');
  const rules = ruleOf(c.after, 'ingress');
  assert.deepEqual(rules[1], {
    fromEndpoints: [
      { matchLabels: { app: 'reporter', 'k8s:io.kubernetes.pod.namespace': 'batch' } },
    ],
    toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }],
  });
  assert.doesNotMatch(c.after, /pod-template-hash/);
  assert.match(c.diff, /^\+ {4}- fromEndpoints:$/m);
  assert.equal(a.verification.targets, 3);
  assert.equal(a.verification.fixed, 3);
  assert.equal(c.rules[0]!.flows.count, 3);
  assert.equal(c.rules[0]!.flows.firstSeen, flows[0]!.time);
  assert.equal(c.rules[0]!.flows.lastSeen, flows[2]!.time);
  assert.equal(c.rules[0]!.flows.exampleIds[0], flows[2]!.id);
  for (const f of flows)
    assert.equal(evaluate(applied(base, a.yaml), f, settings).verdict, 'allowed');
});

test('a world peer with a resolved name gets toFQDNs, one without a name its /32', () => {
  const base = policies(SHOP_DENY);
  const api = withLabels('shop', { app: 'api' }, '10.0.1.2');
  const named = drop({
    src: api,
    dst: world('203.0.113.7', ['payments.example.com.']),
    direction: 'EGRESS',
    port: 443,
  });
  const a = recommend({
    policies: base,
    flows: [named],
    target: { flow: named },
    window: { from: 0, to: Date.now() },
    settings,
  });
  const c = a.changes[0]!;
  // default-deny selects every pod ({}): it is not widened, a policy for the workload is made.
  assert.equal(c.action, 'create');
  assert.deepEqual(ruleOf(c.after, 'egress')[0], {
    toFQDNs: [{ matchName: 'payments.example.com' }],
    toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }],
  });
  assert.match(c.after, /endpointSelector:\n {4}matchLabels:\n {6}app: api\n/);
  assert.ok(
    a.notes.some((n) => n.includes('DNS proxy')),
    a.notes.join(),
  );

  const bare = drop({ src: api, dst: world('198.51.100.4'), direction: 'EGRESS', port: 443 });
  const b = recommend({
    policies: base,
    flows: [bare],
    target: { flow: bare },
    window: { from: 0, to: Date.now() },
    settings,
  });
  assert.deepEqual(ruleOf(b.changes[0]!.after, 'egress')[0], {
    toCIDR: ['198.51.100.4/32'],
    toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }],
  });
  assert.equal(b.verification.fixed, 1);
});

test('reserved peers are selected by entity', () => {
  const base = policies(SHOP_DENY);
  const api = withLabels('shop', { app: 'api' }, '10.0.1.2');
  const toApiServer = drop({
    src: api,
    dst: reserved('kube-apiserver', 7, '172.18.0.3'),
    direction: 'EGRESS',
    port: 6443,
  });
  const fromNode = drop({
    src: reserved('remote-node', 6, '172.18.0.4'),
    dst: api,
    direction: 'INGRESS',
    port: 9000,
  });
  const a = recommend({
    policies: base,
    flows: [toApiServer, fromNode],
    target: { workload: 'shop/api' },
    window: { from: 0, to: Date.now() },
    settings,
  });
  assert.equal(a.changes.length, 1);
  const after = a.changes[0]!.after;
  assert.deepEqual(ruleOf(after, 'egress')[0]!.toEntities, ['kube-apiserver']);
  assert.deepEqual(ruleOf(after, 'ingress')[0]!.fromEntities, ['remote-node']);
  assert.equal(a.verification.fixed, 2);
  assert.equal(a.verification.newlyDenied, 0);
});

test('an L7 denial gets the exact HTTP method and path seen, next to the existing rule', () => {
  const base = policies(`${SHOP_DENY}---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: api-ingress, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: api}}
  ingress:
    - fromEndpoints: [{matchLabels: {app: web}}]
      toPorts:
        - ports: [{port: '8080', protocol: TCP}]
          rules: {http: [{method: GET, path: /v1/.*}]}
`);
  const api = withLabels('shop', { app: 'api' }, '10.0.1.2');
  const web = withLabels('shop', { app: 'web' }, '10.0.1.3');
  const del = drop({
    src: web,
    dst: api,
    direction: 'INGRESS',
    port: 8080,
    http: { method: 'DELETE', url: 'http://api/v2/items/7?force=1' },
  });
  const other = drop({
    src: web,
    dst: api,
    direction: 'INGRESS',
    port: 8080,
    http: { method: 'POST', url: 'http://api/v2/items' },
  });
  const a = recommend({
    policies: base,
    flows: [del, other],
    target: { flow: del },
    window: { from: 0, to: Date.now() },
    settings,
  });
  const c = a.changes[0]!;
  assert.equal(c.policyId, 'CiliumNetworkPolicy/shop/api-ingress');
  assert.deepEqual(ruleOf(c.after, 'ingress')[1], {
    fromEndpoints: [{ matchLabels: { app: 'web' } }],
    toPorts: [
      {
        ports: [{ port: '8080', protocol: 'TCP' }],
        rules: { http: [{ method: 'DELETE', path: '/v2/items/7\\?force=1' }] },
      },
    ],
  });
  const next = applied(base, a.yaml);
  assert.equal(evaluate(next, del, settings).verdict, 'allowed');
  // Only the request seen is allowed: the other one stays denied and is not called wider.
  assert.equal(evaluate(next, other, settings).verdict, 'default-deny');
  assert.equal(a.verification.widerCount, 0);
});

test('what the proposal newly allows beyond the target is reported as wider', () => {
  const base = policies(`${SHOP_DENY}---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: db-ingress, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: db}}
  ingress:
    - fromEndpoints: [{matchLabels: {app: backend}}]
      toPorts: [{ports: [{port: '5432', protocol: TCP}]}]
`);
  const db = withLabels('shop', { app: 'db' }, '10.0.1.5');
  // Two deployments sharing app=worker: the selector cannot tell them apart.
  const worker = withLabels(
    'shop',
    { app: 'worker', 'app.kubernetes.io/instance': 'a' },
    '10.0.1.6',
  );
  const target = drop({ src: worker, dst: db, direction: 'INGRESS', port: 5432 });
  // Another port: not the target, and the proposal does not open it.
  const otherPort = drop({ src: worker, dst: db, direction: 'INGRESS', port: 22 });
  const a = recommend({
    policies: base,
    flows: [target, otherPort],
    target: { flow: target },
    window: { from: 0, to: Date.now() },
    settings,
  });
  assert.equal(a.verification.widerCount, 0);
  assert.equal(evaluate(applied(base, a.yaml), otherPort, settings).verdict, 'default-deny');

  // The workload mode folds both; a peer seen only allowed elsewhere does not count.
  const w = recommend({
    policies: base,
    flows: [target, otherPort],
    target: { workload: 'shop/db' },
    window: { from: 0, to: Date.now() },
    settings,
  });
  assert.deepEqual(w.changes[0]!.rules[0]!.ports, ['22/TCP', '5432/TCP']);
  assert.equal(w.verification.fixed, 2);

  // A rule for app=worker also matches a second workload seen with app=worker: its drop on the
  // same port is newly allowed and reported as wider, and the selector says whom it adds.
  const twin = pod('shop', { 'app.kubernetes.io/name': 'worker-b', app: 'worker' }, '10.0.1.7');
  const twinDrop = drop({ src: twin, dst: db, direction: 'INGRESS', port: 5432 }, 5);
  const byApp = withLabels('shop', { app: 'worker' }, '10.0.1.8');
  const t2 = drop({ src: byApp, dst: db, direction: 'INGRESS', port: 5432 }, 1);
  const b = recommend({
    policies: base,
    flows: [t2, twinDrop],
    target: { flow: t2 },
    window: { from: 0, to: Date.now() },
    settings,
  });
  assert.equal(b.verification.widerCount, 1);
  assert.equal(b.verification.wider[0]!.flowId, twinDrop.id);
  assert.match(b.summary, /Wider than observed/);
  assert.deepEqual(b.verification.widerSelectors[0]!.alsoSelects, ['shop/worker-b']);
});

test('traffic first seen after the cut-off is new, not folded in', () => {
  const base = policies(SHOP_DENY);
  const api = withLabels('shop', { app: 'api' }, '10.0.1.2');
  const old = drop({ src: api, dst: world('198.51.100.4'), direction: 'EGRESS', port: 443 }, 10);
  const later = drop({ src: api, dst: world('198.51.100.9'), direction: 'EGRESS', port: 443 }, 100);
  const cut = old.ts + 50_000;
  const a = recommend({
    policies: base,
    flows: [old, later],
    target: { workload: 'shop/api' },
    window: { from: 0, to: Date.now() },
    stableBefore: cut,
    settings,
  });
  assert.equal(a.changes.length, 1);
  assert.deepEqual(ruleOf(a.changes[0]!.after, 'egress').length, 1);
  assert.doesNotMatch(a.yaml, /198\.51\.100\.9/);
  assert.deepEqual(
    a.newTraffic.map((r) => r.peer),
    ['cidr 198.51.100.9/32'],
  );
  assert.equal(a.verification.targets, 1);
});

test('intended and non-policy drops are left out, with the reason', () => {
  const base = policies(`${SHOP_DENY}---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: no-metadata}
spec:
  endpointSelector: {}
  enableDefaultDeny: {egress: false, ingress: false}
  egressDeny: [{toCIDR: [169.254.169.254/32]}]
`);
  const api = withLabels('shop', { app: 'api' }, '10.0.1.2');
  const meta = drop({ src: api, dst: world('169.254.169.254'), direction: 'EGRESS', port: 80 });
  meta.dropReason = 'POLICY_DENY';
  const a = recommend({
    policies: base,
    flows: [meta],
    target: { flow: meta },
    window: { from: 0, to: Date.now() },
    settings,
  });
  assert.equal(a.status, 'nothing');
  assert.match(a.summary, /deny rule/);
  const ct = drop({ src: api, dst: world('198.51.100.4'), direction: 'EGRESS', port: 443 });
  ct.dropReason = 'CT_MAP_INSERTION_FAILED';
  const w = recommend({
    policies: base,
    flows: [
      meta,
      ct,
      forwarded({ src: api, dst: world('1.1.1.1'), direction: 'EGRESS', port: 53 }),
    ],
    target: { workload: 'shop' },
    window: { from: 0, to: Date.now() },
    settings,
  });
  assert.equal(w.status, 'nothing');
  assert.deepEqual(w.skipped.map((s) => s.reason).sort(), [
    'denied by a deny rule, which is intended',
    'dropped for CT_MAP_INSERTION_FAILED, not by policy',
  ]);
});

test('a policy the viewer may not see is never changed or shown: a new policy is proposed', () => {
  const base = policies(`${SHOP_DENY}---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: cart-ingress, namespace: shop}
spec:
  description: secret-marker
  endpointSelector: {matchLabels: {app: cart}}
  ingress:
    - fromEndpoints: [{matchLabels: {app: frontend}}]
`);
  const cart = withLabels('shop', { app: 'cart' }, '10.0.1.1');
  const web = withLabels('shop', { app: 'web' }, '10.0.1.3');
  const f = drop({ src: web, dst: cart, direction: 'INGRESS', port: 8080 });
  const a = recommend({
    policies: base,
    editable: (p) => p.name !== 'cart-ingress',
    flows: [f],
    target: { flow: f },
    window: { from: 0, to: Date.now() },
    settings,
  });
  // The cart's ingress, and the web pod's egress (shop's default deny) as its companion.
  assert.deepEqual(
    a.changes.map((c) => `${c.action} ${c.name}`),
    ['create cart-allow-observed', 'create web-allow-observed'],
  );
  assert.doesNotMatch(JSON.stringify(a), /secret-marker/);
  assert.equal(evaluate(applied(base, a.yaml), f, settings).verdict, 'allowed');
});
