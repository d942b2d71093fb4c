import { test } from 'node:test';
import assert from 'node:assert/strict';
import { placeTooltip } from './tooltip-place';

const stage = { width: 800, height: 600 };
const card = { width: 300, height: 200 };
const inside = (p: { left: number; top: number }) =>
  p.left >= 0 &&
  p.top >= 0 &&
  p.left + card.width <= stage.width &&
  p.top + card.height <= stage.height;

test('the card opens below and right of the pointer when it fits', () => {
  assert.deepEqual(placeTooltip(100, 100, card, stage), { left: 114, top: 114 });
});

test('near the right and bottom edges it opens the other way', () => {
  const p = placeTooltip(700, 550, card, stage);
  assert.ok(p.left + card.width <= 700 && p.top + card.height <= 550, JSON.stringify(p));
  assert.ok(inside(p));
});

test('a card taller than the room either side is kept inside the stage', () => {
  const tall = { width: 300, height: 500 };
  for (const y of [0, 150, 300, 450, 600]) {
    const p = placeTooltip(400, y, tall, stage);
    assert.ok(p.top >= 0 && p.top + tall.height <= stage.height, `y=${y}: ${p.top}`);
  }
});

test('every pointer position keeps the card inside the stage', () => {
  for (let x = 0; x <= stage.width; x += 50)
    for (let y = 0; y <= stage.height; y += 50) assert.ok(inside(placeTooltip(x, y, card, stage)));
});
