import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  LineSplitter,
  changedFlowsHref,
  endpointText,
  parsePreviewLine,
  portText,
  progressPercent,
} from './preview';

test('lines split across chunks come out whole, the tail at the end', () => {
  const s = new LineSplitter();
  assert.deepEqual(s.push('{"progress":{"done":1,'), []);
  assert.deepEqual(s.push('"total":4}}\n{"progress":{"done":4,"total":4}}\n{"res'), [
    '{"progress":{"done":1,"total":4}}',
    '{"progress":{"done":4,"total":4}}',
  ]);
  assert.deepEqual(s.push('ult":{}}'), []);
  assert.deepEqual(s.end(), ['{"result":{}}']);
  assert.deepEqual(s.end(), []);
});

test('a line is progress, result or error; anything else is refused', () => {
  assert.deepEqual(parsePreviewLine('{"progress":{"done":2,"total":9}}'), {
    progress: { done: 2, total: 9 },
  });
  assert.deepEqual(parsePreviewLine('{"error":"the preview failed"}'), {
    error: 'the preview failed',
  });
  assert.throws(() => parsePreviewLine('{"flows":[]}'));
  assert.throws(() => parsePreviewLine('[1]'));
});

test('edges, ports and progress in words', () => {
  assert.equal(endpointText({ namespace: 'shop', workload: 'frontend' }), 'shop/frontend');
  assert.equal(
    endpointText({ namespace: '', workload: '', label: 'api.stripe.com' }),
    'api.stripe.com',
  );
  assert.equal(portText(8080, 'TCP'), '8080/TCP');
  assert.equal(portText(undefined, 'ICMPv4'), 'ICMPv4');
  assert.equal(progressPercent(0, 0), 0);
  assert.equal(progressPercent(1, 3), 33);
  assert.equal(progressPercent(5, 4), 100);
  assert.equal(changedFlowsHref('p-00ff'), '/lab/preview/flows?preview=p-00ff');
});
