import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flowPath, flowShareUrl, policyPath } from './links';

test('flow paths encode the id', () => {
  assert.equal(
    flowPath('3f6d0b52-8a8e-4c55-9a39-1f0d8b9a7c11'),
    '/flows/3f6d0b52-8a8e-4c55-9a39-1f0d8b9a7c11',
  );
  assert.equal(flowPath('a/b?c#d'), '/flows/a%2Fb%3Fc%23d');
});

test('policy paths have one encoded segment per part, _ for no namespace', () => {
  assert.equal(
    policyPath({ kind: 'CiliumNetworkPolicy', namespace: 'net-lab', name: 'deny-tg-to-echo' }),
    '/policies/CiliumNetworkPolicy/net-lab/deny-tg-to-echo',
  );
  assert.equal(
    policyPath({ kind: 'CiliumClusterwideNetworkPolicy', namespace: '', name: 'base' }),
    '/policies/CiliumClusterwideNetworkPolicy/_/base',
  );
});

test('crafted policy names cannot leave their segment', () => {
  const path = policyPath({ kind: 'K', namespace: '../../api', name: 'x/../../y?z=1#f' });
  assert.equal(path, '/policies/K/..%2F..%2Fapi/x%2F..%2F..%2Fy%3Fz%3D1%23f');
  assert.equal(new URL(path, 'http://h.invalid').pathname, path);
  // Dot segments would be resolved by the browser: no link at all.
  assert.equal(policyPath({ kind: 'K', namespace: 'ns', name: '.' }), undefined);
  assert.equal(policyPath({ kind: '..', namespace: 'ns', name: 'p' }), undefined);
  assert.equal(policyPath({ kind: '', namespace: 'ns', name: 'p' }), '/policies/unknown/ns/p');
});

test('share links prefer the public URL, else origin plus base path', () => {
  const id = '00000000-0000-4000-8000-000000000001';
  assert.equal(
    flowShareUrl(
      id,
      { publicUrl: 'https://fs.example.com/flowscope/', basePath: '/x' },
      'http://o',
    ),
    `https://fs.example.com/flowscope/flows/${id}`,
  );
  assert.equal(
    flowShareUrl(id, { basePath: '/fs' }, 'http://o:3000'),
    `http://o:3000/fs/flows/${id}`,
  );
  assert.equal(flowShareUrl(id, { basePath: '' }, 'http://o'), `http://o/flows/${id}`);
});

test('a rule link names the rule in the fragment, and the page finds it back', async () => {
  const { policyRulePath, ruleFromHash, ruleAnchor } = await import('./links');
  const p = { kind: 'CiliumNetworkPolicy', namespace: 'shop', name: 'backend-api' };
  assert.equal(
    policyRulePath(p, 'ingress[0]', 'f 1'),
    '/policies/CiliumNetworkPolicy/shop/backend-api?flow=f%201#rule-ingress-0',
  );
  const ids = ['ingress[0]', 'ingress[1]', 'egressDeny[0]'];
  assert.equal(ruleFromHash('#rule-ingress-1', ids), 'ingress[1]');
  assert.equal(ruleFromHash(`#${ruleAnchor('egressDeny[0]')}`, ids), 'egressDeny[0]');
  assert.equal(ruleFromHash('#rule-egress-9', ids), undefined);
  assert.equal(ruleFromHash('', ids), undefined);
});
