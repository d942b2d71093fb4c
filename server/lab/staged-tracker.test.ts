import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FlowRecord } from '@/lib/api/flow-record';
import { flow, pod } from '@/testing/policy-flows';
import { backendOnlyFrom, demoPolicies, draft, testStagedSource } from '@/testing/staged-sets';
import { StagedTracker } from './staged-tracker';
import { readiness, parsePeriod } from './readiness';
import { stagedMarks } from './staged-verdict';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const MIN = 60_000;
const frontend = pod('shop', { app: 'frontend' }, '10.0.1.1');
const backend = pod('shop', { app: 'backend' }, '10.0.1.2');
const monitoring = pod('monitoring', { app: 'prometheus' }, '10.0.2.1');

function at(id: string, minutes: number, over: Partial<FlowRecord> = {}): FlowRecord {
  const f = flow({ src: frontend, dst: backend, direction: 'INGRESS', port: 8080 });
  return { ...f, id, ts: T0 + minutes * MIN, verdict: 'FORWARDED', ...over };
}

function setup(opts: { maxTuples?: number; dataDir?: string } = {}) {
  let now = T0;
  const source = testStagedSource([
    { draft: draft('d1', 'backend from storefront'), policies: backendOnlyFrom('storefront') },
  ]);
  const tracker = new StagedTracker({
    source: () => source,
    now: () => now,
    flushMs: 0,
    ...opts,
  });
  return { tracker, source, setNow: (t: number) => (now = t) };
}

test('a staged draft counts the allowed flows it would deny, one tuple per connection', async () => {
  const { tracker } = setup();
  await tracker.start();
  tracker.observe(at('f1', 1));
  tracker.observe(at('f2', 5));
  tracker.observe(at('f2', 5)); // the same stored row published again
  tracker.observe(at('f3', 6, { eventType: 4 })); // a trace repeats the decision
  tracker.observe(at('f4', 7, { verdict: 'DROPPED', dropReason: 'POLICY_DENIED' }));
  // The backend reaching DNS stays allowed under the draft.
  const dns = pod('kube-system', { 'k8s-app': 'kube-dns' }, '10.0.9.9');
  tracker.observe({
    ...flow({ src: backend, dst: dns, direction: 'EGRESS', port: 53, protocol: 'UDP' }),
    id: 'f5',
    ts: T0 + 8 * MIN,
  });
  const t = tracker.tracking('d1');
  assert.ok(t);
  assert.equal(t.since, T0);
  assert.equal(t.evaluated, 4);
  assert.deepEqual(
    t.tuples.map(({ decidedBy, ...rest }) => {
      assert.match(decidedBy, /default deny \(enforced by .*shop\/backend-api/);
      return rest;
    }),
    [
      {
        draft: 'd1',
        namespace: 'shop',
        source: 'shop/frontend',
        destination: 'shop/backend',
        port: 8080,
        protocol: 'TCP',
        count: 2,
        firstSeen: T0 + 1 * MIN,
        lastSeen: T0 + 5 * MIN,
        exampleFlow: 'f2',
      },
    ],
  );
});

test('readiness: not ready while tuples are recent or tracking is shorter than the period', async () => {
  const { tracker } = setup();
  await tracker.start();
  tracker.observe(at('f1', 1));
  tracker.observe(at('f2', 5));
  const t = tracker.tracking('d1');
  assert.ok(t);
  const ask = (minutes: number, period: string, namespace?: string) =>
    readiness({
      tracking: t,
      scope: undefined,
      period: parsePeriod(period),
      now: T0 + minutes * MIN,
      ...(namespace ? { namespace } : {}),
    });
  let a = ask(30, '1h');
  assert.equal(a.ready, false);
  assert.equal(a.reason, '1 tuple seen in the last 1h; tracked for 30m only, less than 1h');
  a = ask(62, '1h');
  assert.equal(a.ready, false);
  assert.equal(a.reason, '1 tuple seen in the last 1h');
  a = ask(66, '1h');
  assert.equal(a.ready, true);
  assert.equal(a.recent, 0);
  assert.equal(a.tuples.length, 1);
  assert.equal(a.reason, 'no would-be-denied flow in the last 1h, tracked for 1h 6m');
  a = ask(66, '24h');
  assert.equal(a.ready, false);
  assert.equal(a.reason, '1 tuple seen in the last 24h; tracked for 1h 6m only, less than 24h');
  // The tuples are the backend's (shop): another namespace has none, but is tracked as long.
  a = ask(30, '15m', 'payments');
  assert.equal(a.ready, true);
  assert.deepEqual(a.tuples, []);
  // Without a namespace: only those the viewer sees.
  const scoped = readiness({
    tracking: t,
    scope: ['payments'],
    period: parsePeriod('1h'),
    now: T0 + 30 * MIN,
  });
  assert.deepEqual(scoped.tuples, []);
  assert.equal(scoped.reason, 'tracked for 30m only, less than 1h');
});

test('a changed staged policy set starts tracking over; the same one keeps it', async () => {
  const { tracker, source, setNow } = setup();
  await tracker.start();
  tracker.observe(at('f1', 1));
  setNow(T0 + 10 * MIN);
  source.set([{ draft: draft('d1', 'renamed'), policies: backendOnlyFrom('storefront') }]);
  assert.equal(tracker.tracking('d1')?.tuples.length, 1);
  assert.equal(tracker.tracking('d1')?.since, T0);
  assert.equal(tracker.tracking('d1')?.name, 'renamed');
  source.set([{ draft: draft('d1', 'renamed'), policies: backendOnlyFrom('shopfront') }]);
  assert.equal(tracker.tracking('d1')?.tuples.length, 0);
  assert.equal(tracker.tracking('d1')?.since, T0 + 10 * MIN);
  // Unstaged: no longer tracked.
  source.set([{ draft: draft('d1', 'renamed', false), policies: backendOnlyFrom('x') }]);
  assert.equal(tracker.tracking('d1'), undefined);
});

test('beyond the tuple limit flows are counted as overflow, and readiness says so', async () => {
  const { tracker } = setup({ maxTuples: 1 });
  await tracker.start();
  tracker.observe(at('f1', 1));
  tracker.observe(at('f2', 2, { source: { ...monitoring, port: 40000 } }));
  tracker.observe(at('f3', 3, { source: { ...monitoring, port: 40000 } }));
  const t = tracker.tracking('d1');
  assert.ok(t);
  assert.equal(t.tuples.length, 1);
  assert.equal(t.overflow, 2);
  const a = readiness({
    tracking: t,
    scope: undefined,
    period: parsePeriod('1m'),
    now: T0 + 3.5 * MIN,
  });
  assert.equal(a.ready, false);
  assert.equal(a.reason, '2 would-be-denied flows beyond the tuple limit, the last in the last 1m');
});

test('tracking survives a restart with the same policies, and restarts with others', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowscope-staged-'));
  try {
    const first = setup({ dataDir: dir });
    await first.tracker.start();
    first.tracker.observe(at('f1', 1));
    await first.tracker.stop();
    assert.deepEqual(readdirSync(path.join(dir, 'staged')), ['d1.json']);

    const second = setup({ dataDir: dir });
    second.setNow(T0 + 90 * MIN);
    await second.tracker.start();
    const t = second.tracker.tracking('d1');
    assert.equal(t?.since, T0);
    assert.equal(t?.tuples[0]?.count, 1);
    await second.tracker.stop();

    const third = setup({ dataDir: dir });
    third.source.set([{ draft: draft('d1', 'x'), policies: demoPolicies() }]);
    third.setNow(T0 + 100 * MIN);
    await third.tracker.start();
    assert.equal(third.tracker.tracking('d1')?.since, T0 + 100 * MIN);
    assert.equal(third.tracker.tracking('d1')?.tuples.length, 0);
    await third.tracker.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('stagedMarks names each staged draft that would deny a flow', () => {
  const sets = [
    { draft: draft('d1', 'strict'), policies: backendOnlyFrom('storefront') },
    { draft: draft('d2', 'as is'), policies: demoPolicies() },
  ];
  const marks = stagedMarks(sets, at('f1', 1));
  assert.deepEqual(
    marks.map((m) => [m.draft, m.name]),
    [['d1', 'strict']],
  );
  assert.deepEqual(stagedMarks(sets, at('f1', 1, { verdict: 'DROPPED' })), []);
});
