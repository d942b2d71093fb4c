import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brushWindow } from './brush';

test('a brushed range widens to whole seconds, in either direction', () => {
  assert.deepEqual(brushWindow(10_400, 25_100), { from: 10_000, to: 26_000 });
  assert.deepEqual(brushWindow(25_100, 10_400), { from: 10_000, to: 26_000 });
});

test('a range under a second, or not a number, is no window', () => {
  assert.equal(brushWindow(10_000, 10_900), undefined);
  assert.equal(brushWindow(Number.NaN, 10_900), undefined);
});
