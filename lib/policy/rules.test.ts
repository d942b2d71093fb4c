import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EdgeUsage, PolicyView, RuleUsage } from '@/lib/api/policy';
import {
  matchedVerdictText,
  policyFilterValue,
  policyLabel,
  ruleRows,
  ruleSourceText,
} from './rules';

const EDGE: EdgeUsage = {
  id: 'shop/backend>kube-system/kube-dns:53/UDP',
  source: 'shop/backend',
  target: 'kube-system/kube-dns',
  port: 53,
  protocol: 'UDP',
  allowed: 7,
  denied: 0,
};

function usage(allowed: number, denied: number, edges: EdgeUsage[] = []): RuleUsage {
  return {
    allowed,
    denied,
    reportedByHubble: allowed,
    edges,
    edgeCount: edges.length,
    series: { allowed: [], denied: [] },
  };
}

function view(over: Partial<PolicyView> = {}): PolicyView {
  return {
    policy: {
      id: 'CiliumNetworkPolicy/shop/backend-egress',
      kind: 'CiliumNetworkPolicy',
      namespace: 'shop',
      name: 'backend-egress',
      source: 'demo',
      yaml: '',
      rules: [
        {
          id: 'egress[0]',
          direction: 'egress',
          action: 'allow',
          lines: { start: 10, end: 18 },
          unsupported: [],
        },
        {
          id: 'egressDeny[0]',
          direction: 'egress',
          action: 'deny',
          lines: { start: 19, end: 22 },
          unsupported: ['toRequires'],
        },
      ],
    },
    matchedRule: null,
    window: { from: 0, to: 1 },
    perRule: { 'egress[0]': usage(7, 0, [EDGE]), 'egressDeny[0]': usage(0, 2) },
    defaultDenied: 0,
    unusedRules: [],
    evaluated: 9,
    seriesFrom: 0,
    bucketMs: 1000,
    truncated: false,
    ...over,
  };
}

test('rows carry each rule with its counts in policy order', () => {
  const rows = ruleRows(view());
  assert.deepEqual(
    rows.map((r) => [r.id, r.direction, r.action, r.allowed, r.denied, r.unused]),
    [
      ['egress[0]', 'egress', 'allow', 7, 0, false],
      ['egressDeny[0]', 'egress', 'deny', 0, 2, false],
    ],
  );
  assert.deepEqual(rows[1]?.unsupported, ['toRequires']);
  assert.deepEqual(rows[0]?.edges, [EDGE]);
  assert.equal(rows[0]?.edgeCount, 1);
});

test('unused rules are marked, and a rule missing from the counts counts zero', () => {
  const rows = ruleRows(view({ perRule: {}, unusedRules: ['egress[0]'] }));
  assert.equal(rows[0]?.unused, true);
  assert.equal(rows[0]?.allowed, 0);
  assert.deepEqual(rows[0]?.edges, []);
  assert.deepEqual(rows[0]?.series, { allowed: [], denied: [] });
  assert.equal(rows[1]?.unused, false);
});

test('the rule that decided the chosen flow is flagged', () => {
  const rows = ruleRows(
    view({ matchedRule: { ruleId: 'egressDeny[0]', verdict: 'denied-by-rule' } }),
  );
  assert.deepEqual(
    rows.map((r) => r.matchedFlow),
    [false, true],
  );
});

test('policy labels and verdict words', () => {
  assert.equal(policyLabel({ namespace: 'shop', name: 'a' }), 'shop/a');
  assert.equal(
    policyLabel({ namespace: '', name: 'deny-egress-to-metadata' }),
    'deny-egress-to-metadata',
  );
  assert.equal(matchedVerdictText('denied-by-rule'), 'denied it');
  assert.equal(matchedVerdictText('something-new'), 'decided it');
});

test('a rule says who attributed its decisions', () => {
  assert.equal(
    ruleSourceText({ allowed: 7, denied: 2, reportedByHubble: 5 }),
    '5 reported by Hubble · 4 derived by Flowscope',
  );
  assert.equal(
    ruleSourceText({ allowed: 3, denied: 0, reportedByHubble: 3 }),
    '3 reported by Hubble',
  );
  assert.equal(
    ruleSourceText({ allowed: 0, denied: 2, reportedByHubble: 0 }),
    '2 derived by Flowscope',
  );
  assert.equal(ruleSourceText({ allowed: 0, denied: 0, reportedByHubble: 0 }), undefined);
});

test('each rule links to the flows it decided, in the same window, by --policy', () => {
  const rows = ruleRows(view());
  const href = rows[0]!.flowsHref;
  const url = new URL(href, 'http://x');
  assert.equal(url.pathname, '/flows');
  assert.match(
    url.searchParams.get('q') ?? '',
    /^--policy (cnp|ccnp|netpol)\/.+#.+\[0\] --type policy-verdict$/,
  );
  assert.ok(url.searchParams.get('from') && url.searchParams.get('to'));
  assert.equal(
    policyFilterValue(
      { kind: 'CiliumClusterwideNetworkPolicy', namespace: '', name: 'm' },
      'egressDeny[1]',
    ),
    'ccnp/m#egressDeny[1]',
  );
});
