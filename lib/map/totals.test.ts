import { test } from 'node:test';
import assert from 'node:assert/strict';
import { totalParts } from './totals';
import { edge, node, serviceMap } from '@/testing/map-fixtures';

test('the totals parts add up to the flows figure, redirected flows included', () => {
  // The figures of issue 11: 4,883 forwarded + 438 dropped + 3,266 replies left 883 out.
  const map = serviceMap(
    [node('shop/frontend'), node('shop/backend')],
    [
      edge('shop/frontend', 'shop/backend', { forwarded: 4883, dropped: 438, replies: 3266 }),
      edge('shop/backend', 'shop/frontend', { redirected: 883 }, { port: 9090 }),
    ],
  );
  assert.equal(map.totals.flows, 9470);
  const parts = totalParts(map.totals);
  assert.equal(
    parts.reduce((s, p) => s + p.count, 0),
    map.totals.flows,
  );
  assert.deepEqual(
    parts.map((p) => p.key),
    ['forwarded', 'redirected', 'dropped', 'replies'],
  );
});

test('every verdict that occurred is a part of its own', () => {
  const map = serviceMap(
    [node('a/x'), node('a/y')],
    [edge('a/x', 'a/y', { forwarded: 1, error: 2, audit: 3, other: 4, redirected: 5 })],
  );
  const parts = totalParts(map.totals);
  assert.deepEqual(Object.fromEntries(parts.map((p) => [p.key, p.count])), {
    forwarded: 1,
    redirected: 5,
    dropped: 0,
    error: 2,
    audit: 3,
    other: 4,
    replies: 0,
  });
  assert.equal(
    parts.reduce((s, p) => s + p.count, 0),
    map.totals.flows,
  );
});
