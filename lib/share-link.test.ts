import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shareLink } from './share-link';

const now = Date.parse('2026-11-21T08:00:00Z');

test('a live window is pinned to absolute times; everything else is kept', () => {
  const link = shareLink({
    base: 'https://flowscope.example.com/flowscope',
    pathname: '/map',
    search: '?window=15m&namespace=shop&edge=shop%2Ffrontend%3Eshop%2Fbackend',
    now,
  });
  const url = new URL(link);
  assert.equal(url.origin + url.pathname, 'https://flowscope.example.com/flowscope/map');
  assert.equal(url.searchParams.get('window'), null);
  assert.equal(url.searchParams.get('from'), '2026-11-21T07:45:00.000Z');
  assert.equal(url.searchParams.get('to'), '2026-11-21T08:00:00.000Z');
  assert.equal(url.searchParams.get('namespace'), 'shop');
  assert.equal(url.searchParams.get('edge'), 'shop/frontend>shop/backend');
});

test('a view without a window gets the default window, pinned', () => {
  const url = new URL(
    shareLink({
      base: 'http://127.0.0.1:3000',
      pathname: '/flows',
      search: '?q=--verdict+DROPPED',
      now,
    }),
  );
  assert.equal(url.searchParams.get('q'), '--verdict DROPPED');
  assert.equal(url.searchParams.get('from'), '2026-11-21T07:45:00.000Z');
});

test('an absolute window stays as it is', () => {
  const url = new URL(
    shareLink({
      base: 'http://h/',
      pathname: '/flows',
      search: '?from=2026-11-20T10:00:00.000Z&to=2026-11-20T11:00:00.000Z',
      now,
    }),
  );
  assert.equal(url.pathname, '/flows');
  assert.equal(url.searchParams.get('from'), '2026-11-20T10:00:00.000Z');
  assert.equal(url.searchParams.get('to'), '2026-11-20T11:00:00.000Z');
});
