import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  dropFraction,
  LINK_COLOURS,
  linkColour,
  linkTone,
  linkWidthScale,
  MAX_LINK_WIDTH,
  MIN_LINK_WIDTH,
} from './map-style';
import { emptyCounts } from './map-merge';

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

test('width grows with volume on a log scale and stays within bounds', () => {
  const width = linkWidthScale(10_000);
  assert.equal(width(0), MIN_LINK_WIDTH);
  assert.equal(width(1), MIN_LINK_WIDTH);
  assert.equal(width(10_000), MAX_LINK_WIDTH);
  assert.equal(width(1e9), MAX_LINK_WIDTH);
  const mid = width(100);
  assert.ok(mid > MIN_LINK_WIDTH && mid < MAX_LINK_WIDTH);
  assert.ok(Math.abs(mid - (MIN_LINK_WIDTH + MAX_LINK_WIDTH) / 2) < 0.01);
});
