// The policy links of the flow detail view carry the flow into the policy view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policyPath } from './links';

const POLICY = { kind: 'CiliumNetworkPolicy', namespace: 'shop', name: 'backend-egress' };

test('without a flow the policy path has no query', () => {
  assert.equal(policyPath(POLICY), '/policies/CiliumNetworkPolicy/shop/backend-egress');
});

test('with a flow the policy path opens that flow', () => {
  assert.equal(
    policyPath(POLICY, 'fs-0123456789abcdef0123456789abcdef'),
    '/policies/CiliumNetworkPolicy/shop/backend-egress?flow=fs-0123456789abcdef0123456789abcdef',
  );
});

test('a crafted flow id stays inside the flow parameter', () => {
  const path = policyPath(POLICY, 'a&window=1d#x/../y') ?? '';
  const url = new URL(path, 'http://h.invalid');
  assert.equal(url.pathname, '/policies/CiliumNetworkPolicy/shop/backend-egress');
  assert.deepEqual([...url.searchParams.keys()], ['flow']);
  assert.equal(url.searchParams.get('flow'), 'a&window=1d#x/../y');
  assert.equal(url.hash, '');
});

test('dot segments still give no link, flow or not', () => {
  assert.equal(policyPath({ ...POLICY, name: '..' }, 'fs-1'), undefined);
});
