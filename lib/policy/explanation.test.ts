import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowExplanation } from '@/lib/api/policy';
import { explanationView, linesText, nearnessText } from './explanation';

const SHOP = { kind: 'CiliumNetworkPolicy' as const, namespace: 'shop' };

function explanation(over: Partial<FlowExplanation>): FlowExplanation {
  return {
    flowId: 'fs-1',
    reported: { verdict: 'DROPPED', dropReason: 'POLICY_DENIED', policies: [] },
    direction: 'egress',
    evaluation: { verdict: 'default-deny', allowedBy: [], selecting: [], enforcing: [] },
    selecting: [{ ...SHOP, id: 'CiliumNetworkPolicy/shop/default-deny', name: 'default-deny' }],
    nearest: [],
    specNotes: [],
    confirmation: 'not-reported',
    summary: 'Default-deny at egress.',
    agrees: true,
    ...over,
  };
}

test('a default-deny drop shows the selecting policies and the nearest rules', () => {
  const near = {
    ...SHOP,
    id: 'CiliumNetworkPolicy/shop/backend-egress',
    name: 'backend-egress',
    ruleId: 'egress[1]',
    action: 'allow' as const,
    lines: { start: 20, end: 25 },
    score: 2,
    parts: 3,
    differences: ['port 80/TCP is not 443/TCP'],
  };
  const v = explanationView(explanation({ nearest: [near] }));
  assert.equal(v.case, 'dropped');
  assert.equal(v.selecting[0]?.name, 'default-deny');
  assert.equal(v.nearest[0]?.differences[0], 'port 80/TCP is not 443/TCP');
  assert.equal(v.deciding, undefined);
  assert.equal(v.disagrees, false);
});

test('an explicit deny names its deciding rule', () => {
  const deciding = {
    kind: 'CiliumClusterwideNetworkPolicy' as const,
    namespace: '',
    id: 'CiliumClusterwideNetworkPolicy/_/deny-egress-to-metadata',
    name: 'deny-egress-to-metadata',
    ruleId: 'egressDeny[0]',
    action: 'deny' as const,
    lines: { start: 14, end: 16 },
  };
  const v = explanationView(
    explanation({
      evaluation: { verdict: 'denied-by-rule', allowedBy: [], selecting: [], enforcing: [] },
      decidingRule: deciding,
    }),
  );
  assert.equal(v.case, 'dropped');
  assert.equal(v.deciding?.ruleId, 'egressDeny[0]');
});

test('an allowed flow shows its allowing rule and no selecting list', () => {
  const v = explanationView(
    explanation({
      reported: { verdict: 'FORWARDED', policies: ['shop/backend-egress'] },
      evaluation: { verdict: 'allowed', allowedBy: [], selecting: [], enforcing: [] },
      decidingRule: {
        ...SHOP,
        id: 'CiliumNetworkPolicy/shop/backend-egress',
        name: 'backend-egress',
        ruleId: 'egress[0]',
        action: 'allow',
        lines: { start: 1, end: 2 },
      },
    }),
  );
  assert.equal(v.case, 'allowed');
  assert.deepEqual(v.selecting, []);
  assert.equal(v.deciding?.ruleId, 'egress[0]');
});

test('a disagreement with what Cilium reported is flagged; not-selected is its own case', () => {
  assert.equal(explanationView(explanation({ agrees: false })).disagrees, true);
  assert.equal(explanationView(explanation({ agrees: undefined })).disagrees, false);
  const v = explanationView(
    explanation({
      evaluation: { verdict: 'not-selected', allowedBy: [], selecting: [], enforcing: [] },
    }),
  );
  assert.equal(v.case, 'not-selected');
});

test('nearness and line texts', () => {
  assert.equal(nearnessText({ score: 2, parts: 3 }), 'meets 2 of 3 parts');
  assert.equal(nearnessText({ score: 0, parts: 1 }), 'meets 0 of 1 part');
  assert.equal(linesText({ start: 4, end: 4 }), 'line 4');
  assert.equal(linesText({ start: 4, end: 9 }), 'lines 4–9');
});

test('selecting policies that enforce default deny come first and are marked', () => {
  const meta = {
    kind: 'CiliumClusterwideNetworkPolicy' as const,
    namespace: '',
    id: 'CiliumClusterwideNetworkPolicy/_/deny-egress-to-metadata',
    name: 'deny-egress-to-metadata',
  };
  const shop = { ...SHOP, id: 'CiliumNetworkPolicy/shop/default-deny', name: 'default-deny' };
  const v = explanationView(
    explanation({
      selecting: [meta, shop],
      evaluation: {
        verdict: 'default-deny',
        allowedBy: [],
        selecting: [meta.id, shop.id],
        enforcing: [shop.id],
      },
    }),
  );
  assert.deepEqual(
    v.selecting.map((p) => [p.name, p.enforcing]),
    [
      ['default-deny', true],
      ['deny-egress-to-metadata', false],
    ],
  );
});
