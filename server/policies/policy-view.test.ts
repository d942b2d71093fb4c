// The policy page's answer over the demo scenario: the usage it shows for a policy equals
// what Hubble itself reported for that policy in the same window, counted here from the
// flows directly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { FlowRecord } from '@/lib/api/flow-record';
import { openFlowStore, type FlowStore } from '@/server/store/flow-store';
import type { PolicyKey } from './route-params';
import { loadPolicyFolder } from './source';
import type { PolicySource } from './source';
import { policyView, type PolicyViewRequest } from './policy-view';
import { scenarioRecords } from '@/testing/policy-flows';

const LIMITS = { maxFlows: 1_000_000, maxBytes: 1 << 30, maxAgeMs: 86_400_000 };
const BACKEND_API: PolicyKey = {
  kind: 'CiliumNetworkPolicy',
  namespace: 'shop',
  name: 'backend-api',
};
const DEFAULT_DENY: PolicyKey = {
  kind: 'CiliumNetworkPolicy',
  namespace: 'shop',
  name: 'default-deny',
};

interface Demo {
  records: FlowRecord[];
  store: FlowStore;
  source: PolicySource;
  window: { from: number; to: number };
}

async function demo(): Promise<Demo> {
  const source = await loadPolicyFolder(path.join(import.meta.dirname, 'demo'));
  assert.deepEqual(source.errors(), []);
  const records = scenarioRecords(30, 11);
  const store = await openFlowStore({ limits: LIMITS });
  for (const r of records) store.append(r);
  const from = Math.min(...records.map((r) => r.ts));
  const to = Math.max(...records.map((r) => r.ts)) + 1;
  return { records, store, source, window: { from, to } };
}

function request(key: PolicyKey, d: Demo, over: Partial<PolicyViewRequest> = {}) {
  return { key, window: d.window, flowId: null, visible: () => true, ...over };
}

/** Policy-verdict events in the window in which Hubble names `key` as allowing the flow. */
function allowedByHubble(d: Demo, key: PolicyKey, window = d.window): FlowRecord[] {
  return d.records.filter((f) => {
    if (f.eventType !== 5 || f.ts < window.from || f.ts >= window.to) return false;
    const refs = f.direction === 'INGRESS' ? f.ingressAllowedBy : f.egressAllowedBy;
    return refs.some((r) => r.name === key.name && r.namespace === key.namespace);
  });
}

test('a policy shows as many allowed flows as Hubble attributed to it in the window', async () => {
  const d = await demo();
  try {
    const result = policyView(d.store, d.source, request(BACKEND_API, d));
    assert.ok(result.found);
    const { view } = result;
    const hubble = allowedByHubble(d, BACKEND_API).length;
    assert.ok(hubble > 50, `the scenario exercises the policy (${hubble} flows)`);
    assert.equal(view.policy.id, 'CiliumNetworkPolicy/shop/backend-api');
    assert.equal(view.perRule['ingress[0]']?.allowed, hubble);
    assert.equal(view.perRule['ingress[0]']?.reportedByHubble, hubble);
    assert.equal(view.truncated, false);
    assert.deepEqual(view.window, d.window);
    assert.equal(view.matchedRule, null);

    // The first half of the window counts only the flows of the first half.
    const half = { from: d.window.from, to: Math.floor((d.window.from + d.window.to) / 2) };
    const halfResult = policyView(d.store, d.source, request(BACKEND_API, d, { window: half }));
    assert.ok(halfResult.found);
    const inHalf = allowedByHubble(d, BACKEND_API, half).length;
    assert.ok(inHalf > 0 && inHalf < hubble);
    assert.equal(halfResult.view.perRule['ingress[0]']?.allowed, inHalf);
  } finally {
    await d.store.close();
  }
});

test('a default-deny policy shows the drops of its namespace Hubble reported as default deny', async () => {
  const d = await demo();
  try {
    const result = policyView(d.store, d.source, request(DEFAULT_DENY, d));
    assert.ok(result.found);
    // default-deny selects every pod in shop in both directions: a default-deny drop is its
    // doing when the shop pod is the receiver (ingress) or the sender (egress).
    const drops = d.records.filter(
      (f) =>
        f.eventType === 5 &&
        f.verdict === 'DROPPED' &&
        f.dropReason === 'POLICY_DENIED' &&
        (f.direction === 'INGRESS' ? f.destination : f.source).namespace === 'shop',
    ).length;
    assert.ok(drops > 0);
    assert.equal(result.view.defaultDenied, drops);
  } finally {
    await d.store.close();
  }
});

test('opened from a flow, the page names the rule of this policy that allowed it', async () => {
  const d = await demo();
  try {
    const flow = allowedByHubble(d, BACKEND_API)[0];
    assert.ok(flow);
    const result = policyView(d.store, d.source, request(BACKEND_API, d, { flowId: flow.id }));
    assert.ok(result.found);
    assert.deepEqual(result.view.matchedRule, { ruleId: 'ingress[0]', verdict: 'allowed' });
    assert.deepEqual(result.view.flowEndpoint, {
      direction: 'ingress',
      selects: true,
      enforcing: true,
    });
  } finally {
    await d.store.close();
  }
});

test('an unknown or hidden policy, or a flow not retained, is reported missing', async () => {
  const d = await demo();
  try {
    const unknown = { ...BACKEND_API, name: 'no-such-policy' };
    assert.deepEqual(policyView(d.store, d.source, request(unknown, d)), {
      found: false,
      missing: 'policy',
    });
    const hidden = request(BACKEND_API, d, { visible: (p) => p.namespace !== 'shop' });
    assert.deepEqual(policyView(d.store, d.source, hidden), { found: false, missing: 'policy' });
    const gone = request(BACKEND_API, d, { flowId: `fs-${'f'.repeat(32)}` });
    assert.deepEqual(policyView(d.store, d.source, gone), { found: false, missing: 'flow' });
  } finally {
    await d.store.close();
  }
});
