import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PolicyRuleDto } from '@/lib/api/policy';
import { inRange, ruleAtLine, ruleRange, yamlLines } from './yaml';

function rule(id: string, start: number, end: number): PolicyRuleDto {
  return { id, direction: 'egress', action: 'allow', lines: { start, end }, unsupported: [] };
}

test('yaml lines are split on LF and CRLF, without an empty line after the last newline', () => {
  assert.deepEqual(yamlLines('a: 1\nb: 2\n'), ['a: 1', 'b: 2']);
  assert.deepEqual(yamlLines('a: 1\r\nb: 2'), ['a: 1', 'b: 2']);
  assert.deepEqual(yamlLines('a\n\nb\n'), ['a', '', 'b']);
  assert.deepEqual(yamlLines(''), ['']);
});

test('markup in the yaml stays text in its line', () => {
  assert.deepEqual(yamlLines('name: <img src=x onerror=alert(1)>\n'), [
    'name: <img src=x onerror=alert(1)>',
  ]);
});

test('a rule range is found by id; unknown or no rule gives none', () => {
  const rules = [rule('egress[0]', 10, 14), rule('egress[1]', 15, 20)];
  assert.deepEqual(ruleRange(rules, 'egress[1]'), { start: 15, end: 20 });
  assert.equal(ruleRange(rules, 'ingress[0]'), undefined);
  assert.equal(ruleRange(rules, undefined), undefined);
});

test('ranges are inclusive at both ends', () => {
  const r = { start: 3, end: 5 };
  assert.deepEqual(
    [2, 3, 4, 5, 6].map((n) => inRange(r, n)),
    [false, true, true, true, false],
  );
  assert.equal(inRange(undefined, 3), false);
});

test('the rule at a line is the innermost one holding it', () => {
  const rules = [rule('specs[0].egress[0]', 5, 30), rule('specs[0].egress[1]', 8, 12)];
  assert.equal(ruleAtLine(rules, 10)?.id, 'specs[0].egress[1]');
  assert.equal(ruleAtLine(rules, 20)?.id, 'specs[0].egress[0]');
  assert.equal(ruleAtLine(rules, 2), undefined);
});
