import { test } from 'node:test';
import assert from 'node:assert/strict';
import { followSelection } from './selection';
import { edge, node, serviceMap } from '@/testing/map-fixtures';

const map = serviceMap(
  [node('shop/frontend'), node('shop/backend'), node('payments/ledger'), node('reserved:host')],
  [
    edge('shop/frontend', 'shop/backend', { forwarded: 10 }),
    edge('shop/frontend', 'payments/ledger', { dropped: 3 }),
    edge('shop/backend', 'payments/ledger', { forwarded: 30 }),
    // A reply-only edge: drawn on the request link ledger <- backend.
    edge('payments/ledger', 'shop/backend', { replies: 30 }, { port: 40000 }),
  ],
);
const none = new Set<string>();
const shop = new Set(['shop']);

test('a selected link into a namespace that collapses follows to the group link', () => {
  const s = followSelection(map, { kind: 'link', id: 'shop/frontend>payments/ledger' }, none, shop);
  assert.deepEqual(s, { kind: 'link', id: 'ns:shop>payments/ledger' });
});

test('a selected link inside the namespace that collapses becomes the namespace node', () => {
  const s = followSelection(map, { kind: 'link', id: 'shop/frontend>shop/backend' }, none, shop);
  assert.deepEqual(s, { kind: 'node', id: 'ns:shop' });
});

test('a selected workload becomes its namespace node; expanding it closes the panel', () => {
  assert.deepEqual(followSelection(map, { kind: 'node', id: 'shop/backend' }, none, shop), {
    kind: 'node',
    id: 'ns:shop',
  });
  assert.equal(followSelection(map, { kind: 'node', id: 'ns:shop' }, shop, none), undefined);
  assert.deepEqual(followSelection(map, { kind: 'node', id: 'reserved:host' }, none, shop), {
    kind: 'node',
    id: 'reserved:host',
  });
});

test('expanding a group link selects the busiest link it splits into, replies counted', () => {
  const s = followSelection(map, { kind: 'link', id: 'ns:shop>payments/ledger' }, shop, none);
  assert.deepEqual(s, { kind: 'link', id: 'shop/backend>payments/ledger' });
});

test('links untouched by the change stay selected', () => {
  const sel = { kind: 'link', id: 'shop/frontend>shop/backend' } as const;
  assert.deepEqual(followSelection(map, sel, none, new Set(['payments'])), sel);
  assert.equal(followSelection(map, undefined, none, shop), undefined);
});
