import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GapLog, type GapRange } from './gap-log';

const T = 1_700_000_000_000;

function lost(node: string, from: number, count: number, source = 'HUBBLE_RING_BUFFER') {
  return {
    kind: 'lost-events' as const,
    from,
    to: from + 1000,
    node,
    lost: count,
    source,
    detail: 'lost',
  };
}

function covers(ranges: GapRange[], from: number, to: number, node?: string): boolean {
  return ranges.some(
    (r) => r.node === node && r.from <= from && (r.to === undefined || r.to >= to),
  );
}

test('lost events reported every second on one node become one range with the counts added', () => {
  const log = new GapLog({ now: () => T + 60_000 });
  for (let i = 0; i < 30; i++) log.add(lost('kind-worker', T + i * 1000, 10));
  const [only, ...rest] = log.overlapping(T, T + 60_000);
  assert.equal(rest.length, 0);
  assert.deepEqual(
    { from: only!.from, to: only!.to, lost: only!.lost, node: only!.node, ongoing: only!.ongoing },
    { from: T, to: T + 30_000, lost: 300, node: 'kind-worker', ongoing: false },
  );
});

test('ranges of other nodes, other sources or far apart in time stay apart', () => {
  const log = new GapLog({ now: () => T + 60_000 });
  log.add(lost('a', T, 1));
  log.add(lost('b', T, 2));
  log.add(lost('a', T, 4, 'PERF_EVENT_RING_BUFFER'));
  log.add(lost('a', T + 10_000, 8));
  const got = log.overlapping(T, T + 60_000).map((g) => [g.node, g.source, g.from, g.lost]);
  assert.deepEqual(got, [
    ['a', 'HUBBLE_RING_BUFFER', T, 1],
    ['b', 'HUBBLE_RING_BUFFER', T, 2],
    ['a', 'PERF_EVENT_RING_BUFFER', T, 4],
    ['a', 'HUBBLE_RING_BUFFER', T + 10_000, 8],
  ]);
});

test('an open range is ongoing up to the time asked, and ends where it is closed', () => {
  const log = new GapLog({ now: () => T + 5000 });
  const id = log.open({ kind: 'node-unavailable', node: 'n1', from: T, detail: 'NODE_ERROR' });
  const open = log.overlapping(T - 60_000, T + 60_000, T + 7000);
  assert.deepEqual(
    open.map((g) => [g.from, g.to, g.ongoing]),
    [[T, T + 7000, true]],
  );
  log.close(id, T + 9000);
  const closed = log.overlapping(T - 60_000, T + 60_000, T + 20_000);
  assert.deepEqual(
    closed.map((g) => [g.from, g.to, g.ongoing]),
    [[T, T + 9000, false]],
  );
});

test('opening a range that is already open keeps the first; a quick reopen continues it', () => {
  const log = new GapLog({ now: () => T });
  const a = log.open({ kind: 'node-unavailable', node: 'n1', from: T, detail: 'first' });
  const b = log.open({ kind: 'node-unavailable', node: 'n1', from: T + 5000, detail: 'second' });
  assert.equal(a, b);
  log.close(a, T + 10_000);
  // Back for half a second, then gone again: one range, not two.
  const c = log.open({ kind: 'node-unavailable', node: 'n1', from: T + 10_500, detail: 'again' });
  assert.equal(c, a);
  assert.equal(log.size, 1);
  assert.equal(log.all()[0]!.to, undefined);
  assert.equal(log.all()[0]!.detail, 'again');
  // Gone again much later: a range of its own.
  log.close(a, T + 20_000);
  log.open({ kind: 'node-unavailable', node: 'n1', from: T + 60_000, detail: 'later' });
  assert.equal(log.size, 2);
});

test('the window query returns only ranges that touch it, oldest first', () => {
  const log = new GapLog({ now: () => T + 100_000 });
  log.add({ kind: 'relay-unreachable', from: T + 50_000, to: T + 60_000, detail: 'b' });
  log.add({ kind: 'relay-unreachable', from: T, to: T + 10_000, detail: 'a', node: 'x' });
  log.add({ kind: 'relay-unreachable', from: T + 80_000, to: T + 90_000, detail: 'c' });
  assert.deepEqual(
    log.overlapping(T + 5000, T + 55_000).map((g) => g.detail),
    ['a', 'b'],
  );
  assert.deepEqual(
    log.overlapping(T + 10_001, T + 49_999).map((g) => g.detail),
    [],
  );
});

test('replace swaps an open range for what was found, or for nothing', () => {
  const log = new GapLog({ now: () => T });
  const id = log.open({ kind: 'relay-unreachable', from: T, detail: 'down' });
  log.replace(id, [
    { kind: 'relay-unreachable', from: T, to: T + 4000, node: 'n1', detail: 'lost' },
    { kind: 'relay-unreachable', from: T + 500, to: T + 4000, node: 'n2', detail: 'lost' },
  ]);
  assert.deepEqual(
    log.all().map((e) => [e.node, e.to]),
    [
      ['n1', T + 4000],
      ['n2', T + 4000],
    ],
  );
  const again = log.open({ kind: 'relay-unreachable', from: T + 9000, detail: 'down' });
  log.replace(again, []);
  assert.equal(log.size, 2);
});

test('past the cap, the closest ranges of a kind and node are joined, so none is hidden', () => {
  const now = T + 10_000_000;
  const log = new GapLog({ maxEntries: 50, now: () => now });
  const added: GapRange[] = [];
  for (let i = 0; i < 400; i++) {
    const node = `n${i % 4}`;
    // Uneven spacing, so some neighbours are closer than others.
    const from = T + i * 10_000 + (i % 7) * 1000;
    const r = { kind: 'node-unavailable' as const, from, to: from + 2000, node, detail: 'x' };
    added.push(r);
    log.add(r);
    assert.ok(log.size <= 50, `size ${log.size} after ${i + 1}`);
  }
  const kept = log.all();
  for (const r of added) assert.ok(covers(kept, r.from, r.to!, r.node), `covers ${r.from}`);
  // Joined ranges still belong to one node each.
  for (let n = 0; n < 4; n++) assert.ok(kept.some((r) => r.node === `n${n}`));
});

test('ranges that ended before the age limit are dropped; open ones stay', () => {
  let now = T;
  const log = new GapLog({ maxAgeMs: 60_000, now: () => now });
  log.add({ kind: 'relay-unreachable', from: T - 5000, to: T, detail: 'old' });
  log.open({ kind: 'node-unavailable', node: 'n1', from: T - 5000, detail: 'open' });
  now = T + 120_000;
  log.add({ kind: 'relay-unreachable', from: now - 1000, to: now, detail: 'new' });
  assert.deepEqual(
    log.all().map((e) => e.detail),
    ['open', 'new'],
  );
});

test('long node names and messages from the relay are clipped', () => {
  const log = new GapLog({ now: () => T });
  log.add({
    kind: 'lost-events',
    from: T,
    to: T + 1,
    node: 'n'.repeat(5000),
    detail: 'd'.repeat(5000),
  });
  const [g] = log.overlapping(T, T + 10);
  assert.ok(g!.node!.length <= 300);
  assert.ok(g!.detail.length <= 300);
});

test('subtract cuts a span out of ended ranges of one node, splitting one that spans it', () => {
  const N = Date.now() - 60_000;
  const log = new GapLog({ mergeWithinMs: 0 });
  log.add({ kind: 'node-unavailable', node: 'a', from: N, to: N + 10_000, detail: 'x' });
  log.add({ kind: 'node-unavailable', node: 'b', from: N, to: N + 10_000, detail: 'x' });
  log.subtract('node-unavailable', 'a', N + 2000, N + 3000);
  log.subtract('node-unavailable', 'a', N + 9000, N + 12_000);
  assert.deepEqual(
    log.all().map((e) => [e.node, e.from, e.to]),
    [
      ['a', N + 0, N + 2000],
      ['b', N + 0, N + 10_000],
      ['a', N + 3000, N + 9000],
    ],
  );
  log.subtract('node-unavailable', 'a', N + 0, N + 9000);
  assert.deepEqual(
    log.all().map((e) => [e.node, e.from, e.to]),
    [['b', N + 0, N + 10_000]],
  );
});
