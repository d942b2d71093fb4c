import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readinessApiPath, readinessSearch, readinessState, stagedDenialLines } from './readiness';

test('the page state round-trips through the URL, the default period left out', () => {
  const s = readinessState(new URLSearchParams('draft=d1&namespace=shop&period=24h'));
  assert.deepEqual(s, { draft: 'd1', namespace: 'shop', period: '24h' });
  assert.equal(readinessSearch(s), 'draft=d1&namespace=shop&period=24h');
  const d = readinessState(new URLSearchParams('draft=d1'));
  assert.equal(d.period, '1h');
  assert.equal(readinessSearch(d), 'draft=d1');
  assert.equal(readinessApiPath(d, 'csv'), '/api/lab/readiness?draft=d1&period=1h&format=csv');
  assert.equal(
    readinessApiPath({ draft: 'a b', namespace: 'x', period: '7d' }),
    '/api/lab/readiness?draft=a+b&namespace=x&period=7d',
  );
});

test('a staged denial names the draft and the rule', () => {
  assert.deepEqual(
    stagedDenialLines([{ draft: 'd1', name: 'tighten shop', decidedBy: 'default deny' }]),
    ['Would be denied by staged tighten shop (default deny)'],
  );
});
