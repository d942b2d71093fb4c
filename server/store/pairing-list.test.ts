// Pairing as the flow list sees it: one row per decision. Cilium reports a packet denied by
// policy twice, as a policy-verdict event (monitor type 5, pkg/monitor/api/types.go
// MessageTypePolicyVerdict) and a drop notification (type 1, MessageTypeDrop); the store
// pairs them (server/aggregate/policy-pairing.ts) and the list shows the policy-verdict row
// carrying the notification.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FlowRecord } from '@/lib/api/flow-record';
import { parseFilterText } from '@/server/filter/parse-filter-text';
import { flow, T0 } from '@/testing/aggregate-flows';
import { openFlowStore } from './flow-store';

const BIG = { maxFlows: 1_000_000, maxBytes: 2 ** 40, maxAgeMs: 86_400_000 };
const WINDOW = { from: T0 - 1000, to: T0 + 60_000 };
const LIST = { ...WINDOW, order: 'newest' as const, limit: 100, total: true };
const DENIED = { verdict: 'DROPPED', dropReason: 'POLICY_DENIED' } as const;

function pv(ts = T0, over: Partial<FlowRecord> = {}): FlowRecord {
  return flow({ ...DENIED, ts, eventType: 5, eventSubType: 0, ...over });
}
function dropNote(ts = T0, over: Partial<FlowRecord> = {}): FlowRecord {
  return flow({ ...DENIED, ts, eventType: 1, eventSubType: 133, ...over });
}

function removeDir(dir: string): void {
  for (const name of fs.readdirSync(dir)) fs.unlinkSync(path.join(dir, name));
  fs.rmdirSync(dir);
}

for (const order of ['policy verdict first', 'drop notification first'] as const) {
  test(`one row per decision, ${order}: the policy-verdict row carries its partner`, async () => {
    const s = await openFlowStore({ limits: BIG });
    const verdict = pv(T0);
    const note = dropNote(T0);
    const [first, second] = order === 'policy verdict first' ? [verdict, note] : [note, verdict];
    s.append(flow({ ts: T0 - 5 }));
    const firstRow = s.append(structuredClone(first));
    assert.equal(firstRow.id, first.id, 'the first event is a row of its own until the second');
    assert.equal(firstRow.paired, undefined);
    const secondRow = s.append(structuredClone(second));
    assert.equal(secondRow.id, verdict.id, 'the second event re-sends the decision row');
    assert.equal(secondRow.paired?.id, note.id);

    const page = s.scan(LIST);
    assert.equal(page.flows.length, 2, 'the forwarded flow and one row for the pair');
    assert.equal(page.total, 2);
    const row = page.flows.find((f) => f.verdict === 'DROPPED')!;
    assert.equal(row.id, verdict.id);
    assert.equal(row.eventType, 5);
    assert.deepEqual(row.paired, {
      id: note.id,
      time: note.time,
      ts: note.ts,
      eventType: 1,
      eventSubType: 133,
      verdict: 'DROPPED',
      dropReason: 'POLICY_DENIED',
      observationPoint: 'TO_STACK',
      direction: note.direction,
      node: note.node,
    });
    // Both ids open the same decision.
    assert.equal(s.get(note.id)?.id, verdict.id);
    assert.equal(s.get(note.id)?.paired?.id, note.id);
    assert.equal(s.get(verdict.id)?.paired?.id, note.id);
    // Export and restart still see both events.
    const events = s.scan({ ...WINDOW, order: 'oldest', limit: 100, rows: 'events' });
    assert.deepEqual(
      events.flows.map((f) => f.id),
      [page.flows[1]!.id, first.id, second.id],
    );
    // The list counts what the map and the timeline count.
    assert.equal(s.serviceMap(WINDOW).totals.dropped, 1);
  });
}

test('a drop that is not a policy verdict (no partner) stays a row of its own', async () => {
  const s = await openFlowStore({ limits: BIG });
  s.append(dropNote(T0, { dropReason: 'CT_MAP_INSERTION_FAILED' }));
  // Same 5-tuple, but too far apart to be one packet (policy-pairing.ts: 100 ms).
  s.append(pv(T0 + 5000));
  const page = s.scan(LIST);
  assert.equal(page.total, 2);
  assert.ok(page.flows.every((f) => f.paired === undefined));
  assert.equal(s.serviceMap(WINDOW).totals.dropped, 2);
});

test('total counts every matching decision of the window, not only the page', async () => {
  const s = await openFlowStore({ limits: BIG });
  for (let k = 0; k < 30; k++) {
    const ts = T0 + k * 1000;
    s.append(flow({ ts }));
    s.append(pv(ts, { source: { ...flow().source, port: 41000 + k } }));
    s.append(dropNote(ts, { source: { ...flow().source, port: 41000 + k } }));
  }
  const parsed = parseFilterText('--verdict DROPPED');
  assert.ok(parsed.ok);
  const page = s.scan({ ...LIST, limit: 10, query: parsed.query });
  assert.equal(page.flows.length, 10);
  assert.equal(page.truncated, true);
  assert.equal(page.total, 30, '30 denied packets, 60 events');
  assert.equal(s.scan({ ...LIST, limit: 10 }).total, 60);
  const timeline = s.timeline({ ...WINDOW, bucketMs: 60_000 });
  const dropped = timeline.verdicts.dropped.reduce((a, b) => a + b, 0);
  assert.equal(dropped, 30);
  assert.equal(s.serviceMap({ ...WINDOW, verdicts: ['DROPPED'] }).totals.dropped, 30);
});

test('pairs survive a restart, also when the two events straddle a written segment', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowscope-pairlist-'));
  try {
    for (const order of [
      ['pv', 'drop'],
      ['drop', 'pv'],
    ] as const) {
      const opts = { limits: BIG, dataDir: dir, segmentRows: 2 };
      const a = await openFlowStore(opts);
      const port = order[0] === 'pv' ? 42001 : 42002;
      const ev = {
        pv: pv(T0, { source: { ...flow().source, port } }),
        drop: dropNote(T0, { source: { ...flow().source, port } }),
      };
      // Fill so that the first event is the last row of a segment that gets written.
      while ((a.stats().flows + 1) % 2 !== 0) a.append(flow({ ts: T0 - 10 }));
      a.append(structuredClone(ev[order[0]]));
      a.append(structuredClone(ev[order[1]]));
      const before = a.get(ev.drop.id);
      assert.equal(before?.id, ev.pv.id);
      await a.close();
      const b = await openFlowStore(opts);
      assert.equal(b.get(ev.drop.id)?.id, ev.pv.id, order.join(' then '));
      assert.equal(b.get(ev.pv.id)?.paired?.id, ev.drop.id, order.join(' then '));
      const rows = b.scan({ ...LIST, limit: 1000 }).flows.filter((f) => f.source.port === port);
      assert.equal(rows.length, 1, order.join(' then '));
      await b.close();
    }
  } finally {
    removeDir(dir);
  }
});
