import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlowDeduper } from './flow-deduper';

const S = 1_000_000_000n;

test('a flow id is admitted once, and again only after it left the window', () => {
  const d = new FlowDeduper(5n * S);
  assert.equal(d.admit('a', 100n * S), true);
  assert.equal(d.admit('a', 100n * S), false);
  assert.equal(d.admit('b', 101n * S), true);
  assert.equal(d.newest, 101n * S);
  // Time moves past the window: 'a' is forgotten and its memory is released.
  assert.equal(d.admit('c', 110n * S), true);
  assert.equal(d.size, 1);
});

test('a re-sent overlap after a reconnect is recognised flow by flow', () => {
  const d = new FlowDeduper(6n * S);
  const ids = Array.from({ length: 50 }, (_, i) => ({
    id: `f${i}`,
    ns: 1000n * S + BigInt(i) * 100_000_000n,
  }));
  for (const f of ids) assert.equal(d.admit(f.id, f.ns), true);
  // Resume two seconds before the newest: the last 20 flows come again, then new ones.
  const resent = ids.filter((f) => f.ns >= d.newest - 2n * S);
  assert.equal(resent.length, 21);
  for (const f of resent) assert.equal(d.admit(f.id, f.ns), false);
  assert.equal(d.admit('new', d.newest + 1n), true);
});

test('flows older than the window are new, not duplicates', () => {
  const d = new FlowDeduper(1n * S);
  d.admit('x', 100n * S);
  assert.equal(d.admit('late', 10n * S), true);
  assert.equal(d.admit('late', 10n * S), true, 'not remembered: a resume never asks for it');
});
