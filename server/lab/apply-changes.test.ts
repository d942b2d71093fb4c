// Applying a draft's changes to the policies in force.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadPolicyFolder } from '@/server/policies/source';
import type { Policy } from '@/server/policies/model';
import { proposedPolicies } from './apply-changes';

const DEMO_DIR = path.join(import.meta.dirname, '../policies/demo');

async function demo(): Promise<Policy[]> {
  return (await loadPolicyFolder(DEMO_DIR)).policies();
}

const cnp = (name: string, namespace: string, app: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  endpointSelector:
    matchLabels:
      app: ${app}
  ingress:
    - fromEndpoints:
        - matchLabels:
            app: cache
`;

test('an applied document with the name of a policy in force replaces it in place', async () => {
  const current = await demo();
  const at = current.findIndex((p) => p.id === 'CiliumNetworkPolicy/shop/backend-api');
  assert.ok(at >= 0);
  const { policies, problems } = proposedPolicies(current, [
    { action: 'apply', yaml: cnp('backend-api', 'shop', 'backend') },
  ]);
  assert.deepEqual(problems, []);
  assert.equal(policies.length, current.length);
  assert.equal(policies[at]?.id, 'CiliumNetworkPolicy/shop/backend-api');
  assert.match(policies[at]?.yaml ?? '', /app: cache/);
  // The others are the very same objects.
  policies.forEach((p, i) => i !== at && assert.equal(p, current[i]));
});

test('a document with a new name is added, and a remove drops the policy named', async () => {
  const current = await demo();
  const { policies, problems } = proposedPolicies(current, [
    { action: 'apply', yaml: cnp('cache-in', 'shop', 'backend') },
    { action: 'remove', kind: 'CiliumNetworkPolicy', namespace: 'shop', name: 'frontend-ingress' },
  ]);
  assert.deepEqual(problems, []);
  const ids = policies.map((p) => p.id);
  assert.equal(ids.at(-1), 'CiliumNetworkPolicy/shop/cache-in');
  assert.ok(!ids.includes('CiliumNetworkPolicy/shop/frontend-ingress'));
  assert.ok(current.some((p) => p.id === 'CiliumNetworkPolicy/shop/frontend-ingress'));
  assert.equal(policies.length, current.length);
});

test('the same name in another namespace or kind is another policy', async () => {
  const current = await demo();
  const { policies } = proposedPolicies(current, [
    { action: 'apply', yaml: cnp('backend-api', 'payments', 'backend') },
  ]);
  assert.equal(policies.length, current.length + 1);
  const r = proposedPolicies(current, [
    { action: 'remove', kind: 'NetworkPolicy', namespace: 'shop', name: 'backend-api' },
  ]);
  assert.equal(r.policies.length, current.length);
  assert.equal(r.problems.length, 1);
});

test('changes apply in order: a policy added then removed is gone, removed twice is a problem', async () => {
  const current = await demo();
  const remove = {
    action: 'remove',
    kind: 'CiliumNetworkPolicy',
    namespace: 'shop',
    name: 'cache-in',
  } as const;
  const { policies, problems } = proposedPolicies(current, [
    { action: 'apply', yaml: cnp('cache-in', 'shop', 'backend') },
    remove,
    remove,
  ]);
  assert.equal(policies.length, current.length);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]?.change, 2);
  assert.match(problems[0]?.message ?? '', /CiliumNetworkPolicy\/shop\/cache-in is not in force/);
});

test('a broken document is a problem at its line and changes nothing', async () => {
  const current = await demo();
  const yaml = `${cnp('ok-one', 'shop', 'backend')}---\nkind: CiliumNetworkPolicy\nmetadata: [\n  name: x\n`;
  const { policies, problems } = proposedPolicies(current, [
    { action: 'remove', kind: 'CiliumNetworkPolicy', namespace: 'shop', name: 'frontend-ingress' },
    { action: 'apply', yaml },
  ]);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]?.change, 1);
  // A line of the broken document (its separator is line 14), not of the first one.
  const line = problems[0]?.line ?? 0;
  assert.ok(line >= 14 && line <= 17, JSON.stringify(problems[0]));
  assert.match(problems[0]?.message ?? '', /^document 2: /);
  // The good document of the same change still applies.
  assert.ok(policies.some((p) => p.id === 'CiliumNetworkPolicy/shop/ok-one'));
});

test('a document that is not a network policy is a problem naming the kind', () => {
  const { policies, problems } = proposedPolicies(
    [],
    [{ action: 'apply', yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n' }],
  );
  assert.deepEqual(policies, []);
  assert.deepEqual(problems, [
    { change: 0, line: 1, message: 'document 1: kind "Pod" is not a network policy' },
  ]);
  const empty = proposedPolicies([], [{ action: 'apply', yaml: '' }]);
  assert.deepEqual(empty.problems, [
    { change: 0, line: 1, message: 'the document holds no policy' },
  ]);
});
