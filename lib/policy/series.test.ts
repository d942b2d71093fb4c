import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketText, seriesBars, usageBucketCount, usageBucketMs } from './series';

const MIN = 60_000;

test('bucket sizes are round and give 24 to 60 buckets', () => {
  assert.equal(usageBucketMs(0, 15 * MIN), 15_000);
  assert.equal(usageBucketMs(0, 60 * MIN), 60_000);
  assert.equal(usageBucketMs(0, 24 * 60 * MIN), 1_800_000);
  for (const span of [5 * MIN, 6 * 60 * MIN, 7 * 1440 * MIN, 31 * 1440 * MIN]) {
    const n = usageBucketCount(0, span, usageBucketMs(0, span));
    assert.ok(n >= 24 && n <= 60, `${span} ms gave ${n}`);
  }
  assert.equal(usageBucketCount(5, 5, 1000), 0);
  assert.equal(usageBucketCount(0, 1001, 1000), 2);
});

test('bars stack denied on allowed, scaled to the busiest bucket, empty ones left out', () => {
  const bars = seriesBars(
    { allowed: [2, 0, 1, 0], denied: [2, 0, 0, 0] },
    { seriesFrom: 1000, bucketMs: 1000, window: { from: 1000, to: 5000 }, width: 40, height: 20 },
  );
  assert.deepEqual(
    bars.map((b) => [
      b.start,
      b.x,
      b.width,
      b.allowedY,
      b.allowedHeight,
      b.deniedY,
      b.deniedHeight,
    ]),
    [
      [1000, 0, 9, 10, 10, 0, 10],
      [3000, 20, 9, 15, 5, 15, 0],
    ],
  );
});

test('bars sit at their time when the buckets start inside the window', () => {
  const [bar] = seriesBars(
    { allowed: [1], denied: [0] },
    { seriesFrom: 3000, bucketMs: 1000, window: { from: 1000, to: 5000 }, width: 40, height: 10 },
  );
  assert.equal(bar?.x, 20);
});

test('nothing to draw gives no bars; bucket sizes read as words', () => {
  const layout = { seriesFrom: 0, bucketMs: 1000, window: { from: 0, to: 1000 }, width: 10 };
  assert.deepEqual(seriesBars({ allowed: [0], denied: [0] }, { ...layout, height: 5 }), []);
  assert.deepEqual(seriesBars({ allowed: [], denied: [] }, { ...layout, height: 5 }), []);
  assert.equal(bucketText(15_000), '15 s');
  assert.equal(bucketText(300_000), '5 min');
  assert.equal(bucketText(3_600_000), '1 h');
});
