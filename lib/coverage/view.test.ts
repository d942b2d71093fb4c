import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coverageApiPath } from './queries';
import { directionText, policyLink, summaryText } from './view';

test('policy ids link to their policy pages, cluster-wide ones under _', () => {
  assert.deepEqual(policyLink('CiliumNetworkPolicy/shop/default-deny'), {
    id: 'CiliumNetworkPolicy/shop/default-deny',
    label: 'shop/default-deny',
    href: '/policies/CiliumNetworkPolicy/shop/default-deny',
  });
  assert.deepEqual(policyLink('CiliumClusterwideNetworkPolicy/_/deny-egress-to-metadata'), {
    id: 'CiliumClusterwideNetworkPolicy/_/deny-egress-to-metadata',
    label: 'deny-egress-to-metadata',
    href: '/policies/CiliumClusterwideNetworkPolicy/_/deny-egress-to-metadata',
  });
  // A name that could only be a path step gets no link.
  assert.equal(policyLink('NetworkPolicy/shop/..').href, undefined);
  assert.equal(policyLink('not-an-id').href, undefined);
});

test('cells and summary in words', () => {
  const base = { selectingPolicies: [], enforcingPolicies: [] };
  assert.equal(directionText({ ...base, enforced: true }), 'enforced');
  assert.equal(directionText({ ...base, enforced: false }), 'not enforced');
  assert.equal(directionText({ ...base, enforced: false, partial: true }), 'partly enforced');
  assert.equal(
    directionText({ ...base, enforced: true, agent: 'enable-policy=always' }),
    'enforced (agent)',
  );
  assert.equal(
    summaryText({ totals: { workloads: 9, protected: 2, unprotected: 0, open: 6 } }),
    '2 of 9 workloads protected both ways',
  );
});

test('the API path carries the window and the namespaces', () => {
  const w = { kind: 'relative', last: '15m', ms: 900_000 } as const;
  assert.equal(coverageApiPath(w, []), '/api/coverage?window=15m');
  assert.equal(
    coverageApiPath(w, ['shop', 'payments']),
    '/api/coverage?window=15m&namespace=shop%2Cpayments',
  );
});
