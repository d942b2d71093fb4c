import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flowDecisionsPath, missingDecisionIds } from './use-flow-decisions';
import type { FlowDecision } from '@/lib/api/decisions';

const D: FlowDecision = { kind: 'default-deny', source: 'hubble' };

test('only rows without a decision, own or fetched, are asked for, once each, sorted', () => {
  const known = new Map([['b', D]]);
  const rows = [{ id: 'c' }, { id: 'a', decidedBy: D }, { id: 'b' }, { id: 'd' }, { id: 'c' }];
  assert.deepEqual(
    missingDecisionIds(rows, (id) => known.get(id)),
    ['c', 'd'],
  );
  assert.deepEqual(
    missingDecisionIds(rows, () => undefined, 1),
    ['c'],
  );
  assert.deepEqual(
    missingDecisionIds([{ id: 'a', decidedBy: D }], () => undefined),
    [],
  );
});

test('the ids go in the query one by one, encoded', () => {
  assert.equal(flowDecisionsPath(['x', 'y z']), '/api/flows/decisions?id=x&id=y+z');
});
