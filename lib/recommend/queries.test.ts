// The API path and the download names of a suggested fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RecommendAnswer } from '@/lib/api/recommend';
import { fixFileName, flowRecommendApiPath, labDraftBody, labDraftHref } from './queries';

test('paths and file names are safe for any flow id', () => {
  assert.equal(flowRecommendApiPath('a b&c'), '/api/recommend?flow=a+b%26c');
  assert.equal(fixFileName('../x/5f0c-1', 'yaml'), 'fix-x5f0c-1.yaml');
});

test('a suggestion opens in the lab as a draft applying each changed policy, over its window', () => {
  const answer = {
    target: { flowId: '5f0c1234-aaaa', from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 0, 1, 1) },
    changes: [{ after: 'kind: A\n' }, { after: 'kind: B\n' }],
  } as unknown as RecommendAnswer;
  assert.deepEqual(labDraftBody(answer), {
    name: 'Suggested fix for flow 5f0c1234',
    changes: [
      { action: 'apply', yaml: 'kind: A\n' },
      { action: 'apply', yaml: 'kind: B\n' },
    ],
  });
  assert.equal(
    labDraftHref('abc', answer),
    '/lab/drafts/abc?from=2026-01-01T00%3A00%3A00.000Z&to=2026-01-01T01%3A00%3A00.000Z',
  );
});
