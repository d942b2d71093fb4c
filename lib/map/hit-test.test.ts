import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeIndex, pickNode, pickSegment, segmentDistance } from './hit-test';

test('segment distance measures to the nearest point, clamped to the ends', () => {
  const s = { id: 's', x1: 0, y1: 0, x2: 10, y2: 0 };
  assert.equal(segmentDistance({ x: 5, y: 3 }, s), 3);
  assert.equal(segmentDistance({ x: -4, y: 3 }, s), 5);
  assert.equal(segmentDistance({ x: 1, y: 1 }, { id: 'p', x1: 1, y1: 1, x2: 1, y2: 1 }), 0);
});

test('the nearest segment within tolerance wins', () => {
  const segs = [
    { id: 'a', x1: 0, y1: 0, x2: 100, y2: 0 },
    { id: 'b', x1: 0, y1: 4, x2: 100, y2: 4 },
  ];
  assert.equal(pickSegment(segs, { x: 50, y: 3 }, 5)?.id, 'b');
  assert.equal(pickSegment(segs, { x: 50, y: 1 }, 5)?.id, 'a');
  assert.equal(pickSegment(segs, { x: 50, y: 30 }, 5), undefined);
});

test('a node is picked inside its disc, not beside it', () => {
  const index = nodeIndex([
    { id: 'a', x: 0, y: 0, r: 10 },
    { id: 'b', x: 100, y: 0, r: 5 },
  ]);
  assert.equal(pickNode(index, { x: 8, y: 0 }, 10, 0)?.id, 'a');
  assert.equal(pickNode(index, { x: 93, y: 0 }, 10, 0), undefined);
  assert.equal(pickNode(index, { x: 93, y: 0 }, 10, 3)?.id, 'b');
});
