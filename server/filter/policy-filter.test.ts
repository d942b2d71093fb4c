// The flow filter's policy flags (--policy, --decision): what they parse into, what they
// refuse, and that they select flows by the same decision the flow list shows (decidedBy).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { FlowRecord } from '@/lib/api/flow-record';
import { matchesQuery } from '@/server/filter/match-flow';
import { parseError, parsedQuery } from '@/testing/filter-text';
import { decisionOf } from '@/server/policies/attribution';
import { loadPolicyFolder } from '@/server/policies/source';
import { scenarioRecords } from '@/testing/policy-flows';

const ok = parsedQuery;
const err = parseError;

test('--policy takes namespace/name, a kind, a cluster-wide name and a rule', () => {
  assert.deepEqual(ok('--policy shop/backend-api').whitelist, [
    { policy: [{ namespace: 'shop', name: 'backend-api' }] },
  ]);
  assert.deepEqual(ok('--policy cnp/shop/backend-api#ingress[0]').whitelist, [
    {
      policy: [
        { kind: 'CiliumNetworkPolicy', namespace: 'shop', name: 'backend-api', rule: 'ingress[0]' },
      ],
    },
  ]);
  assert.deepEqual(ok('--policy ccnp/deny-egress-to-metadata#egressDeny[0]').whitelist, [
    {
      policy: [
        {
          kind: 'CiliumClusterwideNetworkPolicy',
          namespace: '',
          name: 'deny-egress-to-metadata',
          rule: 'egressDeny[0]',
        },
      ],
    },
  ]);
  assert.deepEqual(ok('--policy default-deny').whitelist, [{ policy: [{ name: 'default-deny' }] }]);
  assert.deepEqual(ok('--decision NONE --decision default-deny').whitelist, [
    { decision: ['none', 'default-deny'] },
  ]);
});

test('--policy and --decision refuse what names no policy or decision, saying why', () => {
  assert.match(err('--policy ccnp/shop/x'), /cluster-wide policy has no namespace/);
  assert.match(err('--policy netpol/x'), /NetworkPolicy is namespace\/name/);
  assert.match(err('--policy a/b/c'), /not a policy/);
  assert.match(err('--policy Shop/X'), /not a policy/);
  assert.match(err('--policy shop/x#rule1'), /"rule1" is not a rule id/);
  assert.match(err('--decision maybe'), /unknown decision "maybe" \(one of policy, l7,/);
});

test('the policy flags select the flows whose decidedBy names that policy, rule or kind', async () => {
  const source = await loadPolicyFolder(path.join(import.meta.dirname, '../policies/demo'));
  const policies = source.policies();
  const flows = scenarioRecords(30, 11);
  const decide = (f: FlowRecord) => decisionOf(policies, f);
  const pick = (text: string) => {
    const q = { ...ok(text), decide };
    return flows.filter((f) => matchesQuery(f, q)).map((f) => f.id);
  };
  const by = (want: (f: FlowRecord) => boolean) => flows.filter(want).map((f) => f.id);

  const metadata = pick('--policy ccnp/deny-egress-to-metadata#egressDeny[0]');
  assert.ok(metadata.length > 0, 'the demo denies metadata access');
  // Hubble's own POLICY_DENY drops and their verdict events are exactly those flows.
  assert.deepEqual(
    metadata,
    by((f) => decide(f).policy?.name === 'deny-egress-to-metadata'),
  );
  for (const id of metadata) {
    const f = flows.find((x) => x.id === id)!;
    assert.equal(f.verdict, 'DROPPED', id);
  }

  const backend = pick('--policy shop/backend-api');
  assert.ok(backend.length > 0);
  assert.deepEqual(
    backend,
    by((f) => decide(f).policy?.name === 'backend-api' && decide(f).policy?.namespace === 'shop'),
  );
  // A rule narrows a policy; the rules of one policy split its flows.
  const rules = [
    ...new Set(backend.map((id) => decide(flows.find((f) => f.id === id)!).rule?.ruleId)),
  ].filter((r) => r !== undefined);
  const perRule = rules.flatMap((r) => pick(`--policy cnp/shop/backend-api#${r}`));
  assert.equal(new Set(perRule).size, perRule.length, 'a flow has one deciding rule');
  assert.equal(
    perRule.length,
    backend.filter((id) => decide(flows.find((f) => f.id === id)!).rule).length,
  );

  const none = pick('--decision none');
  assert.ok(none.length > 0);
  assert.deepEqual(
    none,
    by((f) => ['allowed-by-default', 'default-deny'].includes(decide(f).kind)),
  );
  // --not inverts, and a query without the decision function matches nothing.
  assert.equal(pick('--not --decision none').length, flows.length - none.length);
  assert.equal(flows.filter((f) => matchesQuery(f, ok('--decision none'))).length, 0);
});
