import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  activeBreakdown,
  namespacesSeen,
  readTimelineFilters,
  timelineFilterParams,
  toggleNamespace,
  writeTimelineFilters,
} from './filters';

test('filters read from repeated and comma-separated namespaces, sorted', () => {
  const f = readTimelineFilters(
    new URLSearchParams('namespace=shop&namespace=payments,shop&breakdown=policy'),
  );
  assert.deepEqual(f, { namespaces: ['payments', 'shop'], breakdown: 'policy' });
  assert.deepEqual(timelineFilterParams(f), [
    ['namespace', 'payments'],
    ['namespace', 'shop'],
    ['breakdown', 'policy'],
  ]);
});

test('no breakdown means reason; an unknown one is kept for the server to reject', () => {
  assert.equal(activeBreakdown(readTimelineFilters(new URLSearchParams(''))), 'reason');
  const bogus = readTimelineFilters(new URLSearchParams('breakdown=bogus'));
  assert.equal(bogus.breakdown, 'bogus');
  assert.equal(activeBreakdown(bogus), undefined);
  assert.deepEqual(timelineFilterParams(bogus), [['breakdown', 'bogus']]);
});

test('writing filters keeps the window and replaces the old filters', () => {
  const params = new URLSearchParams('window=1h&namespace=a&breakdown=reason');
  const out = writeTimelineFilters(params, { namespaces: ['b'], breakdown: '' });
  assert.equal(out.toString(), 'window=1h&namespace=b');
});

test('toggling a namespace adds it sorted, removes it, and ignores blanks', () => {
  const f = { namespaces: ['shop'], breakdown: '' };
  assert.deepEqual(toggleNamespace(f, ' payments ').namespaces, ['payments', 'shop']);
  assert.deepEqual(toggleNamespace(f, 'shop').namespaces, []);
  assert.equal(toggleNamespace(f, '  '), f);
});

test('namespaces seen come from both ends of the flows and include the chosen ones', () => {
  const flows = [
    { source: { namespace: 'shop' }, destination: { namespace: '' } },
    { source: { namespace: 'kube-system' }, destination: { namespace: 'shop' } },
  ];
  assert.deepEqual(namespacesSeen(flows, ['payments']), ['kube-system', 'payments', 'shop']);
});
