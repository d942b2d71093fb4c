import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFlowBatch } from './apply-flow-batch';
import type { FlowsPage } from './api-types';
import type { FlowRecord } from './flow-record';
import { testFlowRecord } from './test-flow-record';

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
