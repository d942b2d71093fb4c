// The API path and the download names of a suggested fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixFileName, flowRecommendApiPath } from './queries';

test('paths and file names are safe for any flow id', () => {
  assert.equal(flowRecommendApiPath('a b&c'), '/api/recommend?flow=a+b%26c');
  assert.equal(fixFileName('../x/5f0c-1', 'yaml'), 'fix-x5f0c-1.yaml');
});
