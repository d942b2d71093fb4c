import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PolicyRef } from '@/lib/api/flow-record';
import { describePolicyChange, policyChanges } from './policy-changes';

function ref(name: string, revision: string, kind = 'CiliumNetworkPolicy'): PolicyRef {
  return { kind, namespace: 'shop', name, revision, labels: [] };
}

function flow(ts: number, allowed: PolicyRef[] = [], denied: PolicyRef[] = []) {
  return {
    ts,
    ingressAllowedBy: allowed,
    egressAllowedBy: [],
    ingressDeniedBy: denied,
    egressDeniedBy: [],
  };
}

test('a policy seen at one revision only has no change', () => {
  assert.deepEqual(policyChanges([flow(1, [ref('api', '5')]), flow(2, [ref('api', '5')])]), []);
});

test('a new revision is marked at the first flow showing it, whatever the input order', () => {
  const flows = [
    flow(30, [ref('api', '6')]),
    flow(20, [ref('api', '6')]),
    flow(10, [ref('api', '5')]),
  ];
  const changes = policyChanges(flows);
  assert.deepEqual(changes, [
    { policy: 'CiliumNetworkPolicy/shop/api', from: '5', to: '6', at: 20 },
  ]);
  assert.equal(
    describePolicyChange(changes[0]!),
    'policy CiliumNetworkPolicy/shop/api: revision 5 → 6',
  );
});

test('an old revision seen again later is not a change; a third one is', () => {
  const flows = [
    flow(1, [ref('api', '5')]),
    flow(2, [ref('api', '6')]),
    flow(3, [ref('api', '5')]),
    flow(4, [], [ref('api', '7')]),
  ];
  assert.deepEqual(
    policyChanges(flows).map((c) => [c.from, c.to, c.at]),
    [
      ['5', '6', 2],
      ['6', '7', 4],
    ],
  );
});

test('policies are told apart by kind, namespace and name, from every ref list', () => {
  const egress = {
    ts: 2,
    ingressAllowedBy: [],
    egressAllowedBy: [ref('api', '2', 'NetworkPolicy')],
    ingressDeniedBy: [],
    egressDeniedBy: [ref('db', '9')],
  };
  const flows = [flow(1, [ref('api', '1')], [ref('db', '8')]), egress];
  assert.deepEqual(
    policyChanges(flows).map((c) => c.policy),
    ['CiliumNetworkPolicy/shop/db'],
  );
});
