import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  dropFraction,
  DROP_STEPS,
  LINK_COLOURS,
  linkColour,
  linkTone,
  linkWidthScale,
  MAX_LINK_WIDTH,
  MIN_LINK_WIDTH,
  readDropsMode,
  writeDropsMode,
} from './style';
import { emptyCounts } from './merge';

const counts = (c: Partial<ReturnType<typeof emptyCounts>>) => ({ ...emptyCounts(), ...c });

test('all forwarded is green, all dropped is red, a mix lies between', () => {
  assert.equal(linkColour(counts({ forwarded: 10 })), 'rgb(47, 158, 68)');
  assert.equal(linkColour(counts({ dropped: 10 })), 'rgb(214, 51, 108)');
  assert.deepEqual(linkTone(counts({ forwarded: 5, dropped: 5 })), { kind: 'drops', step: 4 });
});

test('a single drop among many forwarded flows still leaves green', () => {
  assert.deepEqual(linkTone(counts({ forwarded: 1000, dropped: 1 })), { kind: 'drops', step: 1 });
});

test('audit and unknown verdicts without drops are amber; replies alone are grey', () => {
  assert.equal(linkColour(counts({ audit: 3, forwarded: 1 })), LINK_COLOURS.caution);
  assert.equal(linkColour(counts({ replies: 3 })), LINK_COLOURS.replies);
  assert.equal(dropFraction(counts({ replies: 3 })), 0);
});

test('width grows with the square root of volume and stays within bounds', () => {
  const width = linkWidthScale(10_000);
  assert.equal(width(0), MIN_LINK_WIDTH);
  assert.equal(width(10_000), MAX_LINK_WIDTH);
  assert.equal(width(1e9), MAX_LINK_WIDTH);
  // A quarter of the busiest volume sits halfway up the range.
  assert.equal(width(2500), (MIN_LINK_WIDTH + MAX_LINK_WIDTH) / 2);
});

test('3,083 and 1,727 flows draw clearly different widths (issue 11: 9 and 8.3 px on log)', () => {
  const width = linkWidthScale(3083);
  assert.equal(width(3083), MAX_LINK_WIDTH);
  assert.ok(width(3083) - width(1727) > 1.5, `${width(3083)} vs ${width(1727)}`);
});

test('by count, the link with most drops is the reddest whatever its share', () => {
  const many = counts({ forwarded: 10_000, dropped: 400 });
  const few = counts({ dropped: 4 });
  assert.deepEqual(linkTone(many, 'count', 400), { kind: 'drops', step: DROP_STEPS });
  assert.deepEqual(linkTone(few, 'count', 400), { kind: 'drops', step: 1 });
  // By share it is the other way round.
  assert.deepEqual(linkTone(few, 'share'), { kind: 'drops', step: DROP_STEPS });
  assert.deepEqual(linkTone(many, 'share'), { kind: 'drops', step: 1 });
  assert.deepEqual(linkTone(counts({ forwarded: 5 }), 'count', 400), { kind: 'drops', step: 0 });
});

test('the drops mode lives in the URL as drops=count; share is the default', () => {
  assert.equal(readDropsMode(new URLSearchParams('drops=count')), 'count');
  assert.equal(readDropsMode(new URLSearchParams('drops=nonsense')), 'share');
  const p = writeDropsMode(new URLSearchParams('window=1h'), 'count');
  assert.equal(p.toString(), 'window=1h&drops=count');
  assert.equal(writeDropsMode(p, 'share').toString(), 'window=1h');
});
