// The self-check compares Flowscope's evaluation with the verdicts and deciding policies
// Hubble reports. On the demo scenario (whose verdicts come from the same policies) it must
// agree everywhere it compares; a flow whose report contradicts the policies must be listed
// with both answers; an evaluation that cannot decide must be counted as unconfirmed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { PolicyRef } from '@/lib/api/flow-record';
import { cnp, egressTo, FRONT, ingressFrom } from '@/testing/eval-table';
import { explainFlow } from './explain';
import { parsePolicyYaml } from './parse';
import { checkFlow, selfCheck } from './self-check';
import { loadPolicyFolder } from './source';
import { flow, scenarioRecords } from '@/testing/policy-flows';

const ref = (name: string, namespace = 'shop'): PolicyRef => ({
  name,
  namespace,
  kind: 'CiliumNetworkPolicy',
  revision: '1',
  labels: [],
});

/** One policy letting frontend into backend, and a forwarded flow it decides. */
function allowFrontCase() {
  const policies = parsePolicyYaml(
    cnp(
      'backend',
      `  ingress:\n  - fromEndpoints: [{matchLabels: {app: frontend}}]`,
      'allow-front',
    ),
    'p.yaml',
  ).policies;
  return { policies, allowed: { ...flow(ingressFrom(FRONT, 8080)), verdict: 'FORWARDED' } };
}

test('on the demo scenario the self-check compares every reported verdict and agrees', async () => {
  const source = await loadPolicyFolder(path.join(import.meta.dirname, 'demo'));
  const records = scenarioRecords(60, 3);
  const reported = records.filter(
    (f) =>
      f.eventType === 5 &&
      [...f.ingressAllowedBy, ...f.egressAllowedBy, ...f.ingressDeniedBy, ...f.egressDeniedBy]
        .length > 0,
  );
  assert.ok(reported.length > 100, `${reported.length} reported verdicts`);
  const check = selfCheck(source.policies(), records);
  assert.equal(check.compared, reported.length);
  assert.equal(check.agreed + check.disagreed + check.unconfirmed, check.compared);
  assert.deepEqual(check.disagreements, []);
  assert.equal(check.agreed, check.compared - check.unconfirmed);
});

test('a report that names another policy, or another verdict, is a disagreement', () => {
  const { policies, allowed } = allowFrontCase();
  const agreed = checkFlow(policies, { ...allowed, ingressAllowedBy: [ref('allow-front')] });
  assert.equal(agreed?.result, 'agreed');

  const other = checkFlow(policies, { ...allowed, ingressAllowedBy: [ref('something-else')] });
  assert.equal(other?.result, 'disagreed');
  assert.deepEqual(other?.checked.hubble.policies, ['CiliumNetworkPolicy/shop/something-else']);
  assert.deepEqual(other?.checked.flowscope.policies, ['CiliumNetworkPolicy/shop/allow-front']);

  const denied = checkFlow(policies, {
    ...allowed,
    verdict: 'DROPPED',
    dropReason: 'POLICY_DENY',
    ingressDeniedBy: [ref('allow-front')],
  });
  assert.equal(denied?.result, 'disagreed');
  assert.equal(denied?.checked.flowscope.verdict, 'allowed');

  // No deciding policy reported (a default-deny drop, a drop notification): nothing to check.
  assert.equal(checkFlow(policies, allowed), undefined);
  assert.equal(checkFlow(policies, { ...allowed, eventType: 1 }), undefined);
});

test('an evaluation that cannot decide leaves the report unconfirmed, with the construct', () => {
  const policies = parsePolicyYaml(
    cnp('backend', `  egress:\n  - toGroups: [{aws: {securityGroupsIds: [sg-1]}}]`, 'groups'),
    'p.yaml',
  ).policies;
  const f = {
    ...flow(egressTo(FRONT, 443)),
    verdict: 'FORWARDED',
    egressAllowedBy: [ref('groups')],
  };
  const c = selfCheck(policies, [f, f]);
  assert.equal(c.compared, 1, 'the same flow twice counts once');
  assert.equal(c.unconfirmed, 1);
  assert.match(c.unconfirmedFlows[0]?.flowscope.unsupported?.join() ?? '', /toGroups/);
});

test("a flow's explanation says whether Hubble's report confirms it", () => {
  const { policies, allowed } = allowFrontCase();
  assert.equal(explainFlow(policies, allowed).confirmation, 'not-reported');
  const ok = explainFlow(policies, { ...allowed, ingressAllowedBy: [ref('allow-front')] });
  assert.equal(ok.confirmation, 'agreed');
  const bad = explainFlow(policies, { ...allowed, ingressAllowedBy: [ref('other')] });
  assert.equal(bad.confirmation, 'disagreed');
  assert.match(
    bad.summary,
    /Hubble reported otherwise: allowed by CiliumNetworkPolicy\/shop\/other/,
  );
});
