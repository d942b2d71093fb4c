import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TimelineGap } from '@/lib/api/types';
import { describeGap, gapBands, MAX_BAND_LINES } from './gaps';

const T = 1_700_000_000_000;
/** Seconds after T, so expectations do not depend on the machine's time zone. */
const time = (ms: number) => `+${(ms - T) / 1000}s`;

function gap(partial: Partial<TimelineGap> & Pick<TimelineGap, 'from' | 'to'>): TimelineGap {
  return { kind: 'relay-unreachable', ongoing: false, detail: '', ...partial };
}

test('each kind of range reads as what was lost, where and when', () => {
  assert.equal(
    describeGap(
      gap({
        kind: 'lost-events',
        from: T,
        to: T + 1000,
        node: 'kind-worker',
        lost: 1234,
        source: 'HUBBLE_RING_BUFFER',
      }),
      time,
    ),
    '1,234 events lost (Hubble ring buffer) on node kind-worker +0s–+1s',
  );
  assert.equal(
    describeGap(gap({ from: T, to: T + 89_000, node: 'kind-worker', detail: 'why' }), time),
    'not recovered: relay unreachable +0s–+89s on node kind-worker (why)',
  );
  assert.equal(
    describeGap(gap({ from: T, to: T + 5000, ongoing: true, detail: 'UNAVAILABLE: EOF' }), time),
    'not received yet: relay unreachable since +0s (UNAVAILABLE: EOF); what it still holds is checked when it is back',
  );
  assert.equal(
    describeGap(
      gap({ kind: 'node-unavailable', from: T, to: T + 5000, node: 'n1', detail: 'NODE_ERROR' }),
      time,
    ),
    'not recovered: unreachable through the relay +0s–+5s on node n1 (NODE_ERROR)',
  );
});

test('characters that could disguise a node name are removed from the words', () => {
  const text = describeGap(gap({ from: T, to: T + 1, node: 'evil\u202Eroot\u0000' }), time);
  assert.ok(!/[\u202E\u0000]/.test(text));
  assert.match(text, /evilroot/);
});

test('overlapping ranges share a band clipped to the window; one outage on every node is one line', () => {
  const window = { from: T, to: T + 600_000 };
  const bands = gapBands(
    [
      gap({ from: T + 100_000, to: T + 190_000, node: 'a', detail: 'gone' }),
      gap({ from: T + 100_500, to: T + 190_000, node: 'b', detail: 'gone' }),
      gap({
        kind: 'lost-events',
        from: T + 150_000,
        to: T + 151_000,
        node: 'a',
        lost: 5,
        source: 'PERF_EVENT_RING_BUFFER',
      }),
      gap({ kind: 'node-unavailable', from: T - 50_000, to: T + 10_000, node: 'c' }),
      gap({ from: T + 700_000, to: T + 800_000 }),
    ],
    window,
    time,
  );
  assert.deepEqual(
    bands.map((b) => [b.from, b.to, b.kinds, b.label]),
    [
      [T, T + 10_000, ['node-unavailable'], 'not recovered'],
      [T + 100_000, T + 190_000, ['relay-unreachable', 'lost-events'], 'not recovered'],
    ],
  );
  assert.deepEqual(bands[1]!.lines, [
    'not recovered: relay unreachable +100s–+190s on nodes a, b (gone)',
    '5 events lost (BPF perf ring buffer) on node a +150s–+151s',
  ]);
});

test('a band of many ranges names a few and counts the rest', () => {
  const many = Array.from({ length: 20 }, (_, i) =>
    gap({ kind: 'node-unavailable', from: T, to: T + 1000, node: `n${i}`, detail: `d${i}` }),
  );
  const [band] = gapBands(many, { from: T, to: T + 60_000 }, time);
  assert.equal(band!.lines.length, MAX_BAND_LINES);
  assert.equal(band!.lines.at(-1), `… and ${20 - (MAX_BAND_LINES - 1)} more`);
  const sameWhy = Array.from({ length: 12 }, (_, i) =>
    gap({ from: T, to: T + 1000, node: `n${i}`, detail: 'same' }),
  );
  const [one] = gapBands(sameWhy, { from: T, to: T + 60_000 }, time);
  assert.deepEqual(one!.lines, [
    'not recovered: relay unreachable +0s–+1s on 12 nodes (n0, n1, n2, …) (same)',
  ]);
});

test('only lost events, or an outage still going on, get their own band label', () => {
  const w = { from: T, to: T + 60_000 };
  const lost = gapBands([gap({ kind: 'lost-events', from: T, to: T + 1000, lost: 1 })], w, time);
  assert.equal(lost[0]!.label, 'events lost');
  const open = gapBands([gap({ from: T, to: T + 1000, ongoing: true })], w, time);
  assert.equal(open[0]!.label, 'relay unreachable');
  assert.equal(open[0]!.ongoing, true);
});
