import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Timeline } from '@/lib/api/aggregate';
import { DROP_PALETTE, VERDICT_COLOURS, dropKeyLabel, dropStack, verdictStack } from './stack';

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
  assert.equal(m.series[0]!.label, 'default deny (no rule allows it)');
  assert.equal(
    m.series[1]!.label,
    'not a policy decision: connection table full · CT_MAP_INSERTION_FAILED',
  );
});

test('policy keys read as they are; reasons in plain words with Hubble’s name beside', () => {
  assert.equal(dropKeyLabel('CiliumNetworkPolicy/shop/api'), 'CiliumNetworkPolicy/shop/api');
  assert.equal(
    dropKeyLabel('POLICY_DENIED', 'reason'),
    'no rule allows it (default deny) · POLICY_DENIED',
  );
  assert.equal(dropKeyLabel('UNKNOWN', 'reason'), 'no reason given');
  // Never "no policy named: POLICY_DENY" or "no policy named: no reason given".
  for (const key of ['reason:POLICY_DENY', 'reason:UNKNOWN']) {
    assert.doesNotMatch(dropKeyLabel(key), /no policy named/);
  }
  assert.match(dropKeyLabel('reason:POLICY_DENY'), /deny rule .*POLICY_DENY/);
});

test('no drop key is drawn in red, which means "dropped" on the verdict chart', () => {
  const red = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [
      number,
      number,
      number,
    ];
    const max = Math.max(r, g, b);
    const min = Math.min(r, g, b);
    if (max !== r || (max - min) / max < 0.35) return false;
    const hue = (((g - b) / (max - min)) * 60 + 360) % 360;
    return hue <= 20 || hue >= 340;
  };
  assert.ok(red(VERDICT_COLOURS.dropped));
  for (const c of DROP_PALETTE) assert.ok(!red(c), c);
});

test('an empty timeline has no segments and a zero max', () => {
  const m = dropStack({ ...timeline({}), times: [] });
  assert.equal(m.segments.length, 0);
  assert.equal(m.max, 0);
});
