import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFlowBatch } from './apply-flow-batch';
import type { FlowRow, FlowsPage } from '@/lib/api/types';
import { pairedEventOf } from './flow-pairing';
import type { FlowRecord } from '@/lib/api/flow-record';
import { testFlowRecord } from '@/testing/flow-record';

function flow(id: string, ts = 0): FlowRecord {
  return testFlowRecord({ id, ts, time: new Date(ts).toISOString() });
}

const ids = (page: FlowsPage) => page.flows.map((f) => f.id);

test('prepends a batch newest first', () => {
  const page: FlowsPage = { flows: [flow('b'), flow('a')], truncated: false };
  const next = applyFlowBatch(page, [flow('c'), flow('d'), flow('e')], 100);
  assert.deepEqual(ids(next), ['e', 'd', 'c', 'b', 'a']);
  assert.equal(next.truncated, false);
  assert.deepEqual(ids(page), ['b', 'a'], 'input page is not mutated');
});

test('returns the same object when the batch is empty', () => {
  const page: FlowsPage = { flows: [flow('a')], truncated: false };
  assert.equal(applyFlowBatch(page, [], 100), page);
});

test('returns the same object when every flow is already present', () => {
  const page: FlowsPage = { flows: [flow('b'), flow('a')], truncated: true };
  assert.equal(applyFlowBatch(page, [flow('a'), flow('b')], 100), page);
});

test('drops ids already present and repeated within the batch', () => {
  const page: FlowsPage = { flows: [flow('b'), flow('a')], truncated: false };
  const next = applyFlowBatch(page, [flow('b'), flow('c'), flow('c'), flow('d')], 100);
  assert.deepEqual(ids(next), ['d', 'c', 'b', 'a']);
});

test('trims the oldest flows beyond max and marks the page truncated', () => {
  const page: FlowsPage = { flows: [flow('c'), flow('b'), flow('a')], truncated: false };
  const next = applyFlowBatch(page, [flow('d'), flow('e')], 4);
  assert.deepEqual(ids(next), ['e', 'd', 'c', 'b']);
  assert.equal(next.truncated, true);
});

test('a batch larger than max keeps only its newest flows', () => {
  const batch = ['a', 'b', 'c', 'd', 'e'].map((id) => flow(id));
  const next = applyFlowBatch({ flows: [], truncated: false }, batch, 2);
  assert.deepEqual(ids(next), ['e', 'd']);
});

test('trims a page already over max even without new flows', () => {
  const page: FlowsPage = { flows: [flow('c'), flow('b'), flow('a')], truncated: false };
  const next = applyFlowBatch(page, [flow('a')], 2);
  assert.deepEqual(ids(next), ['c', 'b']);
  assert.equal(next.truncated, true);
});

test('builds a page when there was none', () => {
  const next = applyFlowBatch(undefined, [flow('a'), flow('b')], 10);
  assert.deepEqual(ids(next), ['b', 'a']);
  assert.equal(next.truncated, false);
});

test('keeps the truncated flag of the page it was given', () => {
  const page: FlowsPage = { flows: [flow('a')], truncated: true };
  assert.equal(applyFlowBatch(page, [flow('b')], 10).truncated, true);
});

// One row per decision in the live list (lib/flows/flow-pairing.ts): the second event of a pair
// re-sends the decision row with its partner, which replaces the lone first row in place.
function paired(id: string, partner: string, ts = 0): FlowRow {
  const partnerRec = testFlowRecord({ id: partner, ts, eventType: 1, dropReason: 'POLICY_DENIED' });
  return { ...flow(id, ts), eventType: 5, paired: pairedEventOf(partnerRec) };
}

test('a drop notification shown alone is replaced in place by its decision row', () => {
  const page: FlowsPage = {
    flows: [flow('b'), flow('drop1'), flow('a')],
    truncated: false,
    total: 3,
  };
  const next = applyFlowBatch(page, [paired('pv1', 'drop1')], 100);
  assert.deepEqual(ids(next), ['b', 'pv1', 'a']);
  assert.equal(next.flows[1]!.paired?.id, 'drop1');
  assert.equal(next.total, 3, 'a replacement is not a new row');
});

test('a policy-verdict row shown alone gains its partner, never a second row', () => {
  const page: FlowsPage = { flows: [flow('pv1'), flow('a')], truncated: false, total: 2 };
  const next = applyFlowBatch(page, [flow('c'), paired('pv1', 'drop1')], 100);
  assert.deepEqual(ids(next), ['c', 'pv1', 'a']);
  assert.equal(next.flows[1]!.paired?.id, 'drop1');
  assert.equal(next.total, 3);
});

test('both events of a pair in one batch make one row', () => {
  for (const first of ['drop1', 'pv1']) {
    const next = applyFlowBatch(undefined, [flow(first), paired('pv1', 'drop1')], 100);
    assert.deepEqual(ids(next), ['pv1'], first);
    assert.equal(next.flows[0]!.paired?.id, 'drop1');
  }
});

test('a lone event arriving after its paired row (stream and page overlap) is skipped', () => {
  const page: FlowsPage = { flows: [paired('pv1', 'drop1')], truncated: false, total: 1 };
  assert.equal(applyFlowBatch(page, [flow('drop1')], 100), page);
  assert.equal(applyFlowBatch(page, [flow('pv1'), paired('pv1', 'drop1')], 100), page);
});
