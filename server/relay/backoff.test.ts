import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backoff } from './backoff';

test('delays double up to the cap and start over after reset', () => {
  const b = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0 });
  assert.deepEqual(
    [b.next(), b.next(), b.next(), b.next(), b.next(), b.next()],
    [100, 200, 400, 800, 1000, 1000],
  );
  assert.equal(b.attempts, 6);
  b.reset();
  assert.equal(b.next(), 100);
});

test('jitter stays within its fraction and never exceeds the cap', () => {
  let r = 0;
  const randoms = [0, 1, 0.5];
  const b = new Backoff({
    initialMs: 1000,
    maxMs: 1000,
    jitter: 0.2,
    random: () => randoms[r++ % 3]!,
  });
  const delays = [b.next(), b.next(), b.next()];
  assert.deepEqual(delays, [800, 1000, 1000]);
});
