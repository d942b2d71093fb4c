// A flow Hubble reports as denied by a named policy never reads as "no rule allows this"
// alone, even when the policies Flowscope reads give another answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainFlow } from './explain';
import { parsePolicyYaml } from './parse';
import { flow, pod } from '@/testing/policy-flows';

const DEFAULT_DENY = parsePolicyYaml(
  `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec:
  endpointSelector: {}
  egress:
  - {}
`,
  'test.yaml',
).policies;

test('a deny Hubble names comes first in the summary when Flowscope finds no deny rule', () => {
  const f = flow({
    src: pod('shop', { app: 'frontend' }),
    dst: pod('payments', { app: 'ledger' }, '10.0.2.2'),
    direction: 'EGRESS',
    port: 5432,
  });
  f.verdict = 'DROPPED';
  f.dropReason = 'POLICY_DENY';
  f.egressDeniedBy = [
    {
      kind: 'CiliumNetworkPolicy',
      namespace: 'shop',
      name: 'no-ledger',
      revision: '1',
      labels: [],
    },
  ];
  const ex = explainFlow(DEFAULT_DENY, f);
  assert.equal(ex.evaluation.verdict, 'default-deny');
  assert.match(ex.summary, /^Hubble reports a deny rule of shop\/no-ledger decided this drop/);
  // Without a named deny the summary is the evaluator's own.
  f.egressDeniedBy = [];
  f.dropReason = 'POLICY_DENIED';
  assert.match(explainFlow(DEFAULT_DENY, f).summary, /^Default-deny at egress/);
});
