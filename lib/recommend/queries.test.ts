// The policy-lab hand-off and the download names of a suggested fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RecommendAnswer } from '@/lib/api/recommend';
import { fixFileName, flowRecommendApiPath, labDraftBody } from './queries';

test('the lab draft applies every changed or new policy, in order', () => {
  const answer = {
    changes: [
      { after: 'kind: CiliumNetworkPolicy\nmetadata: {name: a}\n' },
      { after: 'kind: CiliumNetworkPolicy\nmetadata: {name: b}\n' },
    ],
  } as unknown as RecommendAnswer;
  assert.deepEqual(labDraftBody(answer, 'fix'), {
    name: 'fix',
    changes: [
      { action: 'apply', yaml: 'kind: CiliumNetworkPolicy\nmetadata: {name: a}\n' },
      { action: 'apply', yaml: 'kind: CiliumNetworkPolicy\nmetadata: {name: b}\n' },
    ],
  });
});

test('paths and file names are safe for any flow id', () => {
  assert.equal(flowRecommendApiPath('a b&c'), '/api/recommend?flow=a+b%26c');
  assert.equal(fixFileName('../x/5f0c-1', 'yaml'), 'fix-x5f0c-1.yaml');
});
