import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getFlag, quoteValue, setFlag, tokenize } from './flag-text';

test('tokenize groups quoted values', () => {
  const values = tokenize(`--http-path "/a b" --label 'k8s:app=x y' --pod=a"b c"`).map(
    (t) => t.value,
  );
  assert.deepEqual(values, ['--http-path', '/a b', '--label', 'k8s:app=x y', '--pod=ab c']);
});

test('getFlag reads both flag forms and ignores negated ones', () => {
  assert.equal(getFlag('--from-pod shop/frontend --verdict DROPPED', 'verdict'), 'DROPPED');
  assert.equal(getFlag('--port=8080', 'port'), '8080');
  assert.equal(getFlag('--not --verdict FORWARDED', 'verdict'), '');
  assert.equal(getFlag('--verdict', 'verdict'), '');
  assert.equal(getFlag('--from-port 1', 'port'), '');
});

test('setFlag appends, replaces in place, and removes', () => {
  assert.equal(setFlag('', 'verdict', 'DROPPED'), '--verdict DROPPED');
  assert.equal(setFlag('--pod a', 'verdict', 'DROPPED'), '--pod a --verdict DROPPED');
  assert.equal(
    setFlag('--verdict FORWARDED --pod a', 'verdict', 'DROPPED'),
    '--verdict DROPPED --pod a',
  );
  assert.equal(setFlag('--pod a --verdict DROPPED --port 80', 'verdict', ''), '--pod a --port 80');
  assert.equal(setFlag('--port=80 --port 81', 'port', '443'), '--port 443');
  assert.equal(setFlag('--pod a', 'verdict', ''), '--pod a');
});

test('setFlag keeps negated occurrences', () => {
  assert.equal(
    setFlag('--not --verdict FORWARDED', 'verdict', 'DROPPED'),
    '--not --verdict FORWARDED --verdict DROPPED',
  );
});

test('setFlag quotes values the tokenizer would split', () => {
  assert.equal(quoteValue('a "b"'), '"a \\"b\\""');
  const text = setFlag('', 'http-path', '/a "b" c');
  assert.equal(getFlag(text, 'http-path'), '/a "b" c');
});
