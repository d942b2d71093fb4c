// Per-node resume and dedupe, as a Hubble Relay's per-node `since` requires
// (pkg/hubble/relay/observer/observer.go: each peer gets the client's request as it is).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NodeCursors } from './node-cursors';

const S = 1_000_000_000n;
const cursors = () => new NodeCursors({ marginNs: 2n * S, staleNodeNs: 600n * S });

test('a resume starts at the node that is furthest behind, not at the newest flow', () => {
  const c = cursors();
  c.admit('a', 'a1', 100n * S);
  c.admit('b', 'b1', 90n * S); // b lags, or its backlog had not been sent yet
  c.admit('a', 'a2', 130n * S);
  assert.equal(c.newest, 130n * S);
  assert.equal(c.resumeFrom(), 88n * S);
});

test('everything a resume re-sends is recognised, however long the span', () => {
  const c = cursors();
  const flows: { node: string; id: string; ns: bigint }[] = [];
  for (let i = 0; i < 600; i++) {
    flows.push({ node: 'a', id: `a${i}`, ns: 1000n * S + BigInt(i) * 100_000_000n });
  }
  flows.push({ node: 'b', id: 'b0', ns: 1000n * S });
  for (const f of flows) assert.equal(c.admit(f.node, f.id, f.ns), true);
  const since = c.resumeFrom()!;
  // The relay re-sends a's whole last minute, because b holds the resume point back.
  const resent = flows.filter((f) => f.ns >= since);
  assert.equal(resent.length, 601);
  for (const f of resent) assert.equal(c.admit(f.node, f.id, f.ns), false, f.id);
  // Only the margin's worth of ids is kept per node, not the minute.
  assert.ok(c.size <= 22, `kept ${c.size} ids`);
  assert.equal(c.admit('b', 'b1', 1001n * S), true, "b's next flow is new");
  assert.equal(c.admit('a', 'new', 1060n * S), true);
});

test("flows within the margin below a node's newest are told apart by id", () => {
  const c = cursors();
  c.admit('a', 'x', 100n * S);
  assert.equal(c.admit('a', 'y', 99n * S), true, 'slightly out of order, new');
  assert.equal(c.admit('a', 'y', 99n * S), false);
  assert.equal(c.admit('a', 'z', 97n * S), false, 'older than the margin: delivered before');
});

test('a node far behind every other stops holding the resume point back', () => {
  const c = cursors();
  c.admit('gone', 'g', 100n * S);
  c.admit('a', 'a', 1000n * S);
  assert.equal(c.resumeFrom(), 998n * S);
  assert.equal(c.admit('gone', 'g', 100n * S), false, 'its own flows are still deduplicated');
});

test('nothing seen: no resume point', () => {
  assert.equal(cursors().resumeFrom(), undefined);
});
