import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileRegex, nestedRepetition } from './filter-values';
import { parseFilterText } from './parse-filter-text';

test('patterns that can backtrack exponentially are refused, ordinary ones compile', () => {
  for (const bomb of ['(a+)+$', '(a|aa)*', '([a-z]+)*x', '(?:a*)*', '((ab)+)+']) {
    assert.match(String(nestedRepetition(bomb)), /exponential time/, bomb);
    assert.equal(typeof compileRegex(bomb), 'string', bomb);
  }
  for (const ok of [
    '/api/v1/.*',
    '^/api/v1/(orders|cart)/[0-9]+$',
    '(\\d+)?',
    'a+b+',
    '[(a+)+]',
    'x\\(a+\\)+',
  ]) {
    assert.equal(nestedRepetition(ok), null, ok);
    assert.ok(compileRegex(ok) instanceof RegExp, ok);
  }
  assert.match(String(compileRegex('a'.repeat(1001))), /longer than 1000/);
});

test('the filter box says why a regex bomb is refused', () => {
  const r = parseFilterText("--http-path '(a+)+$'");
  assert.equal(r.ok, false);
  if (!r.ok) assert.match(r.error, /--http-path: .*exponential time/);
});
