import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  changeLabel,
  diagnosticsOf,
  parsePolicyKeyId,
  policyKeyId,
  problemText,
  problemsOfChange,
} from './draft-edit';

const TEXT = 'kind: X\nspec:\n  ingres:\n    - a\n';

test('a problem marks its line from its column to the end of that line', () => {
  const [d] = diagnosticsOf(TEXT, [{ change: 0, line: 3, column: 3, message: 'bad' }]);
  assert.equal(TEXT.slice(d!.from, d!.to), 'ingres:');
  const [noColumn] = diagnosticsOf(TEXT, [{ change: 0, line: 1, message: 'kind' }]);
  assert.equal(TEXT.slice(noColumn!.from, noColumn!.to), 'kind: X');
  // Past the end of the text: the last line, still inside the text.
  const [past] = diagnosticsOf('a: 1', [{ change: 0, line: 9, column: 40, message: 'x' }]);
  assert.ok(past!.from >= 0 && past!.to <= 4 && past!.to > past!.from, JSON.stringify(past));
});

test('problems read "line N: message" and are picked per change', () => {
  const problems = [
    { change: 0, line: 3, message: 'a' },
    { change: 1, line: 7, message: 'b' },
  ];
  assert.deepEqual(problemsOfChange(problems, 1).map(problemText), ['line 7: b']);
});

test('policy keys round-trip, cluster-wide ones with "_"', () => {
  for (const key of [
    { kind: 'CiliumNetworkPolicy' as const, namespace: 'shop', name: 'backend-api' },
    { kind: 'CiliumClusterwideNetworkPolicy' as const, namespace: '', name: 'deny' },
  ]) {
    assert.deepEqual(parsePolicyKeyId(policyKeyId(key)), key);
  }
  assert.equal(parsePolicyKeyId('Pod/a/b'), undefined);
  assert.equal(
    changeLabel({ action: 'remove', kind: 'NetworkPolicy', namespace: 'shop', name: 'db' }),
    'remove NetworkPolicy shop/db',
  );
  assert.equal(
    changeLabel({ action: 'apply', yaml: 'kind: NetworkPolicy\nmetadata:\n  name: db\n' }),
    'apply NetworkPolicy db',
  );
});
