import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countsText, formFromParams, hasScope, reportApiPath, reportQuery } from './view';

const NOW = Date.UTC(2026, 11, 3, 12, 0, 0);

test('a relative window is pinned, so the link reproduces the same report later', () => {
  const q = reportQuery(
    { mode: 'namespaces', namespaces: ' payments, cde ,payments', selector: '' },
    { kind: 'relative', last: '1h', ms: 3_600_000 },
    NOW,
  );
  assert.ok(q.ok);
  const params = new URLSearchParams(q.query);
  assert.equal(params.get('namespace'), 'payments,cde');
  assert.equal(params.get('from'), '2026-12-03T11:00:00.000Z');
  assert.equal(params.get('to'), '2026-12-03T12:00:00.000Z');
  assert.equal(params.get('window'), null);
  // Read back, the form is the one that made it.
  assert.deepEqual(formFromParams(params), {
    mode: 'namespaces',
    namespaces: 'payments,cde',
    selector: '',
  });
  assert.equal(reportApiPath(q.query, 'csv'), `/api/report?${q.query}&format=csv`);
});

test('a selector scope, and forms that cannot make a report', () => {
  const q = reportQuery(
    { mode: 'selector', namespaces: 'ignored', selector: 'pci-zone=cde' },
    { kind: 'absolute', from: NOW - 1000, to: NOW },
    NOW,
  );
  assert.ok(q.ok);
  const params = new URLSearchParams(q.query);
  assert.equal(params.get('selector'), 'pci-zone=cde');
  assert.equal(params.get('namespace'), null);
  assert.equal(formFromParams(params).mode, 'selector');
  assert.equal(hasScope(params), true);
  assert.equal(hasScope(new URLSearchParams('window=15m')), false);
  const empty = { kind: 'relative', last: '15m', ms: 900_000 } as const;
  assert.equal(
    reportQuery({ mode: 'namespaces', namespaces: ' , ', selector: '' }, empty, NOW).ok,
    false,
  );
  assert.equal(
    reportQuery({ mode: 'selector', namespaces: '', selector: ' ' }, empty, NOW).ok,
    false,
  );
  assert.equal(countsText({ allowed: 3, denied: 1, other: 0 }), '3 allowed · 1 denied');
  assert.equal(countsText({ allowed: 0, denied: 0, other: 2 }), '0 allowed · 0 denied · 2 other');
});
