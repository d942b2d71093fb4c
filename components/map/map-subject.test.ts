import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describe, MAX_EDGE_LISTS } from './map-subject';
import { buildVisGraph } from '@/lib/map/grouping';
import { edge, node, serviceMap } from '@/testing/map-fixtures';

const map = serviceMap(
  [node('shop/frontend'), node('shop/backend'), node('payments/ledger')],
  [
    edge(
      'shop/frontend',
      'shop/backend',
      { forwarded: 3, dropped: 1 },
      { dropReasons: { POLICY_DENIED: 1 } },
    ),
    edge('shop/backend', 'payments/ledger', { forwarded: 2 }, { port: 5432 }),
    ...Array.from({ length: 8 }, (_, i) =>
      edge('shop/frontend', 'payments/ledger', { dropped: 1 }, { port: 6000 + i }),
    ),
  ],
);

test('a link lists its busiest edges for the flow panel', () => {
  const s = describe(buildVisGraph(map, new Set()), {
    kind: 'link',
    id: 'shop/frontend>payments/ledger',
  });
  assert.equal(s?.title, 'shop/frontend → payments/ledger');
  assert.equal(s?.targets.length, MAX_EDGE_LISTS);
  assert.equal(s?.moreEdges, 8 - MAX_EDGE_LISTS);
});

test('a workload sums the links touching it; its flows are listed by node id', () => {
  const s = describe(buildVisGraph(map, new Set()), { kind: 'node', id: 'shop/backend' });
  assert.equal(s?.summary.counts.forwarded, 5);
  assert.deepEqual(s?.summary.dropReasons, { POLICY_DENIED: 1 });
  assert.deepEqual(s?.targets, [{ node: 'shop/backend' }]);
});

test('a collapsed namespace lists its flows by namespace; unknown ids describe nothing', () => {
  const g = buildVisGraph(map, new Set(['shop']));
  assert.deepEqual(describe(g, { kind: 'node', id: 'ns:shop' })?.targets, [{ namespace: 'shop' }]);
  assert.equal(describe(g, { kind: 'node', id: 'shop/backend' }), undefined);
});
