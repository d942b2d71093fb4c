// What the gap tracker decides from relay events, without a relay: the decision after a
// reconnect is a pure function, node status and lost events need no relay call. The same
// decisions against a real demo relay over gRPC are in relay-gaps.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LostEventSource } from '@/proto/gen/flow/flow_pb';
import { NodeState } from '@/proto/gen/relay/relay_pb';
import { GapLog } from './gap-log';
import { GapTracker, FIRST_FLOW_WAIT_MS, type OldestHeld } from './gap-tracker';
import { decideOutage, unrecoveredRanges, type Outage } from './outage-decision';

const T = 1_700_000_000_000;

const outage: Outage = {
  from: T,
  since: T - 2000,
  lastByNode: new Map([
    ['busy', T],
    ['quiet', T - 60_000],
  ]),
};

test('nothing is unrecovered when every buffer still reaches back to where the flows end', () => {
  const oldest = new Map([
    ['busy', T - 300_000],
    ['quiet', T - 300_000],
  ]);
  assert.deepEqual(unrecoveredRanges(outage, oldest, new Map(), T + 30_000), []);
});

test('a buffer that moved past the last flow leaves the range between unrecovered', () => {
  const oldest = new Map([
    ['busy', T + 12_000],
    ['quiet', T - 300_000],
  ]);
  assert.deepEqual(unrecoveredRanges(outage, oldest, new Map(), T + 30_000), [
    { node: 'busy', from: T, to: T + 12_000, noFlows: false },
  ]);
});

test("a quiet node's range starts where the resumed stream starts, not at its old last flow", () => {
  const oldest = new Map([
    ['busy', T - 1],
    ['quiet', T + 5000],
  ]);
  assert.deepEqual(unrecoveredRanges(outage, oldest, new Map(), T + 30_000), [
    { node: 'quiet', from: T - 2000, to: T + 5000, noFlows: false },
  ]);
});

test('a node that answers with no flow is unrecovered up to its first resumed flow or the reconnect', () => {
  const firstResumed = new Map([['busy', T + 20_000]]);
  assert.deepEqual(unrecoveredRanges(outage, new Map(), firstResumed, T + 30_000), [
    { node: 'quiet', from: T - 2000, to: T + 30_000, noFlows: true },
    { node: 'busy', from: T, to: T + 20_000, noFlows: true },
  ]);
});

test('a range never reaches past the first flow the resumed stream delivered', () => {
  const oldest = new Map([
    ['busy', T + 12_000],
    ['quiet', T - 300_000],
  ]);
  const firstResumed = new Map([['busy', T + 8000]]);
  assert.deepEqual(unrecoveredRanges(outage, oldest, firstResumed, T + 30_000), [
    { node: 'busy', from: T, to: T + 8000, noFlows: false },
  ]);
});

test('a node the relay no longer names after the reconnect has left the cluster: not marked', () => {
  const named = new Set(['busy']);
  assert.deepEqual(unrecoveredRanges(outage, new Map(), new Map(), T + 30_000, named), [
    { node: 'busy', from: T, to: T + 30_000, noFlows: true },
  ]);
});

/** A tracker on `clock`; its oldest-flow check answers `oldest`, or fails (no relay). */
function tracker(
  clock: () => number = () => T,
  oldest: () => Promise<OldestHeld> = () => Promise.reject(new Error('no relay in this test')),
) {
  const log = new GapLog({ now: clock });
  const gaps = new GapTracker(log, { overlapMs: 2000, oldestHeld: oldest, now: clock });
  return { log, gaps };
}

test("a node error opens the node's range from its last flow (at most 10 s back); its next flow ends it", () => {
  const { log, gaps } = tracker();
  gaps.flow('kind-worker', T - 3000);
  gaps.flow('kind-worker2', T - 60_000);
  gaps.nodeStatus(NodeState.NODE_ERROR, ['kind-worker', 'kind-worker2'], 'EOF', T);
  const open = log.overlapping(T - 120_000, T + 1, T + 1);
  assert.deepEqual(
    open.map((g) => [g.node, g.from, g.ongoing, g.detail]),
    [
      ['kind-worker2', T - 10_000, true, 'NODE_ERROR: EOF'],
      ['kind-worker', T - 3000, true, 'NODE_ERROR: EOF'],
    ],
  );
  // An old flow of the node (from before it went away) does not end its range.
  gaps.flow('kind-worker', T - 3500);
  assert.equal(log.findOpen('node-unavailable', 'kind-worker')?.to, undefined);
  gaps.flow('kind-worker', T + 40_000);
  assert.equal(log.findOpen('node-unavailable', 'kind-worker'), undefined);
  assert.deepEqual(log.all().find((e) => e.node === 'kind-worker')!.to, T + 40_000);
});

test('NODE_CONNECTED or a GetNodes answer listing the node connected ends its range', () => {
  const { log, gaps } = tracker();
  gaps.nodeStatus(NodeState.NODE_UNAVAILABLE, ['a', 'b', 'c'], '', T);
  gaps.nodeStatus(NodeState.NODE_CONNECTED, ['a'], '', T + 5000);
  gaps.nodesPolled(
    [
      { name: 'b', state: NodeState.NODE_CONNECTED },
      { name: 'c', state: NodeState.NODE_UNAVAILABLE },
    ],
    T + 7000,
  );
  assert.deepEqual(
    log.all().map((e) => [e.node, e.to]),
    [
      ['a', T + 5000],
      ['b', T + 7000],
      ['c', undefined],
    ],
  );
  // The relay forgot the node: nothing more can be missed from it.
  gaps.nodesPolled([], T + 9000);
  const c = log.all().find((e) => e.node === 'c')!;
  assert.equal(c.to, T + 9000);
  assert.match(c.detail, /no longer listed by the relay/);
});

test('a lost event covers its first..last span, or else the second before it was reported', () => {
  const { log, gaps } = tracker();
  gaps.lostEvent(
    { source: LostEventSource.PERF_EVENT_RING_BUFFER, count: 1234, first: T + 100, last: T + 900 },
    'kind-worker',
    T + 1000,
  );
  gaps.lostEvent(
    { source: LostEventSource.HUBBLE_RING_BUFFER, count: 7 },
    'kind-worker2',
    T + 60_000,
  );
  assert.deepEqual(
    log.overlapping(T, T + 120_000).map((g) => [g.node, g.from, g.to, g.lost, g.source]),
    [
      ['kind-worker', T + 100, T + 900, 1234, 'PERF_EVENT_RING_BUFFER'],
      ['kind-worker2', T + 59_000, T + 60_000, 7, 'HUBBLE_RING_BUFFER'],
    ],
  );
});

test('an outage before any flow arrived marks nothing: there was no history to continue', () => {
  const { log, gaps } = tracker();
  gaps.streamDown('UNAVAILABLE: connection refused');
  assert.equal(log.size, 0);
  gaps.flow('n', T - 100);
  gaps.streamUp();
  gaps.streamDown('UNAVAILABLE: connection refused');
  const [open] = log.overlapping(T - 1000, T + 1000, T + 500);
  assert.equal(open?.kind, 'relay-unreachable');
  assert.equal(open?.from, T - 100);
  assert.equal(open?.ongoing, true);
  assert.equal(open?.detail, 'UNAVAILABLE: connection refused');
});

// A following relay stream (re)dials a node with the client's original request
// (pkg/hubble/relay/observer/observer.go, flowCollector.collect), so a node that joins late
// or rejoins after an error sends its backlog again from the stream's `since`.
test('a node that joins late with its backlog from before its range: the range is taken back', () => {
  const { log, gaps } = tracker();
  gaps.flow('late', T - 1000);
  gaps.nodeStatus(NodeState.NODE_UNAVAILABLE, ['late'], '', T);
  assert.equal(log.all().length, 1);
  // The relay dials it: its first flow is one Flowscope already holds.
  gaps.flow('late', T - 1000, true);
  assert.deepEqual(log.all(), []);
  gaps.flow('late', T + 500);
  assert.deepEqual(log.all(), []);
});

test('a node that comes back without its backlog keeps its range up to its first new flow', () => {
  const { log, gaps } = tracker();
  gaps.flow('gone', T - 1000);
  gaps.nodeStatus(NodeState.NODE_ERROR, ['gone'], 'EOF', T);
  gaps.flow('gone', T + 4000);
  assert.deepEqual(
    log.all().map((e) => [e.node, e.from, e.to]),
    [['gone', T - 1000, T + 4000]],
  );
});

test('a range ended by a status or a poll is taken back once the backlog passes its end', () => {
  const { log, gaps } = tracker();
  gaps.flow('n', T - 1000);
  gaps.nodeStatus(NodeState.NODE_UNAVAILABLE, ['n'], '', T);
  gaps.nodesPolled([{ name: 'n', state: NodeState.NODE_CONNECTED }], T + 3000);
  assert.equal(log.all()[0]?.to, T + 3000);
  gaps.flow('n', T - 1000, true); // the backlog starts before the range
  gaps.flow('n', T + 1000); // within the range: not yet past its end
  assert.equal(log.all().length, 1, 'still marked while the backlog is inside the range');
  gaps.flow('n', T + 3500);
  assert.deepEqual(log.all(), []);
});

test('a backlog cut short by the stream going down leaves its ended range marked', () => {
  const { log, gaps } = tracker();
  gaps.flow('n', T - 1000);
  gaps.nodeStatus(NodeState.NODE_UNAVAILABLE, ['n'], '', T);
  gaps.nodeStatus(NodeState.NODE_CONNECTED, ['n'], '', T + 3000);
  gaps.flow('n', T - 1000, true);
  gaps.streamDown('the relay ended the flow stream');
  gaps.flow('n', T + 3500); // from the continuing old stream's sort buffer, not a backlog
  assert.ok(
    log.all().some((e) => e.kind === 'node-unavailable' && e.to === T + 3000),
    'the range of the cut-short backlog stays',
  );
});

test('a node that answered no oldest flow is decided by its first flow on the resumed stream', () => {
  const both: Outage = {
    ...outage,
    lastByNode: new Map([
      ['busy', T],
      ['late', T - 500],
    ]),
  };
  const oldest = new Map([['busy', T - 300_000]]);
  const waiting = decideOutage(both, oldest, new Map(), new Map(), T + 1000, new Set(), true);
  assert.deepEqual(waiting.ranges, []);
  assert.deepEqual([...waiting.undecided], [['late', T - 500]]);
  const back = new Map([['late', { ts: T - 1500, duplicate: true }]]);
  assert.deepEqual(
    decideOutage(both, oldest, new Map(), back, T + 1000, new Set(), true).ranges,
    [],
  );
  const after = new Map([['late', { ts: T + 700, duplicate: false }]]);
  assert.deepEqual(
    decideOutage(both, oldest, new Map([['late', T + 700]]), after, T + 1000, new Set(), true)
      .ranges,
    [{ node: 'late', from: T - 500, to: T + 700, noFlows: true }],
  );
});

test('an undecided node is marked when it sends its first flow too late, or none in time', async () => {
  let now = T;
  const { log, gaps } = tracker(
    () => now,
    () => Promise.resolve(new Map([['busy', T - 300_000]])),
  );
  gaps.flow('busy', T);
  gaps.flow('late', T - 500);
  gaps.flow('idle', T - 800);
  now = T + 100;
  gaps.streamDown('relay restarted');
  now = T + 2000;
  gaps.streamUp();
  await gaps.settled();
  assert.deepEqual(log.all(), [], 'undecided nodes are not marked yet');
  gaps.flow('late', T + 1500); // its first flow is newer than where its flows ended
  assert.deepEqual(
    log.all().map((e) => [e.node, e.from, e.to]),
    [['late', T - 500, T + 1500]],
  );
  now = T + 2000 + FIRST_FLOW_WAIT_MS + 1;
  gaps.nodesPolled([]);
  assert.deepEqual(
    log
      .all()
      .filter((e) => e.node === 'idle')
      .map((e) => [e.from, e.to]),
    [[T - 800, T + 2000]],
  );
});

test('a backlog that starts inside an ended range takes back only the part it re-sends', () => {
  const { log, gaps } = tracker();
  gaps.flow('n', T - 5000);
  gaps.nodeStatus(NodeState.NODE_ERROR, ['n'], 'EOF', T);
  // A flow that was still in the relay's sort buffer ends the range...
  gaps.flow('n', T + 2000);
  // ...then the rejoined node re-sends from T + 1000 (its buffer no longer reaches back).
  gaps.flow('n', T + 1000, true);
  gaps.flow('n', T + 2500);
  assert.deepEqual(
    log.all().map((e) => [e.node, e.from, e.to]),
    [['n', T - 5000, T + 1000]],
  );
});

test('a node that never sent a flow, polled back before its backlog came, is taken back by it', () => {
  const { log, gaps } = tracker();
  gaps.nodeStatus(NodeState.NODE_UNAVAILABLE, ['new'], '', T);
  gaps.nodesPolled([{ name: 'new', state: NodeState.NODE_CONNECTED }], T + 30);
  assert.equal(log.all()[0]?.to, T + 30);
  gaps.flow('new', T - 92); // its backlog, from the stream's since
  gaps.flow('new', T + 400);
  assert.deepEqual(log.all(), []);
});

test("a node's first flow ever, newer than its range, takes the range back: nothing of it was held", () => {
  const { log, gaps } = tracker();
  gaps.nodeStatus(NodeState.NODE_UNAVAILABLE, ['fresh'], '', T);
  gaps.nodesPolled([{ name: 'fresh', state: NodeState.NODE_CONNECTED }], T + 21);
  gaps.flow('fresh', T + 24); // the node had no flow before this one
  gaps.flow('fresh', T + 400);
  assert.deepEqual(log.all(), []);
});
