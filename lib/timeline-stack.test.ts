import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Timeline } from '@/server/aggregate/types';
import { DROP_PALETTE, dropKeyLabel, dropStack, verdictStack } from './timeline-stack';

function timeline(drops: Record<string, number[]>): Timeline {
  const zero = [0, 0, 0];
  return {
    window: { from: 1000, to: 1250 },
    bucketMs: 100,
    times: [1000, 1100, 1200],
    verdicts: {
      forwarded: [5, 0, 1],
      dropped: [2, 0, 3],
      error: zero,
      audit: zero,
      redirected: zero,
      other: [0, 0, 1],
    },
    breakdown: 'policy',
    drops,
  };
}

test('verdicts stack bottom-up in verdict order, empty segments left out', () => {
  const m = verdictStack(timeline({}));
  assert.deepEqual(
    m.segments.map((s) => [s.key, s.start, s.y0, s.y1]),
    [
      ['forwarded', 1000, 0, 5],
      ['dropped', 1000, 5, 7],
      ['forwarded', 1200, 0, 1],
      ['dropped', 1200, 1, 4],
      ['other', 1200, 4, 5],
    ],
  );
  assert.equal(m.max, 7);
  assert.equal(m.total, 12);
  assert.deepEqual(
    m.series.map((s) => [s.key, s.total]),
    [
      ['forwarded', 6],
      ['dropped', 5],
      ['error', 0],
      ['audit', 0],
      ['redirected', 0],
      ['other', 1],
    ],
  );
});

test('the last bucket ends at the window end, not a full bucket later', () => {
  const last = verdictStack(timeline({})).segments.at(-1)!;
  assert.equal(last.end, 1250);
});

test('drop keys get palette colours in sorted order and readable labels', () => {
  const m = dropStack(
    timeline({ 'reason:CT_MAP_INSERTION_FAILED': [0, 0, 1], 'default-deny': [2, 0, 2] }),
  );
  assert.deepEqual(
    m.series.map((s) => [s.key, s.colour, s.total]),
    [
      ['default-deny', DROP_PALETTE[0], 4],
      ['reason:CT_MAP_INSERTION_FAILED', DROP_PALETTE[1], 1],
    ],
  );
  assert.equal(m.series[0]!.label, 'default deny (no policy named)');
  assert.equal(m.series[1]!.label, 'no policy named: CT_MAP_INSERTION_FAILED');
});

test('policy keys and reasons read as they are', () => {
  assert.equal(dropKeyLabel('CiliumNetworkPolicy/shop/api'), 'CiliumNetworkPolicy/shop/api');
  assert.equal(dropKeyLabel('POLICY_DENIED'), 'POLICY_DENIED');
  assert.equal(dropKeyLabel('reason:UNKNOWN'), 'no policy named: no reason given');
});

test('an empty timeline has no segments and a zero max', () => {
  const m = dropStack({ ...timeline({}), times: [] });
  assert.equal(m.segments.length, 0);
  assert.equal(m.max, 0);
});
