import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  policyFlowsQueryOptions,
  segmentFlowsQueryOptions,
  timelinePath,
  timelineQueryOptions,
  TIMELINE_REFETCH_MS,
} from './queries';

const live = { kind: 'relative', last: '15m', ms: 900_000 } as const;
const fixed = { kind: 'absolute', from: 0, to: 60_000 } as const;

test('the timeline path carries the window, namespaces and breakdown', () => {
  assert.equal(
    timelinePath(live, { namespaces: ['a', 'b'], breakdown: 'policy' }),
    '/api/timeline?window=15m&namespace=a&namespace=b&breakdown=policy',
  );
});

test('live windows refetch every 10 s; absolute windows never go stale', () => {
  const l = timelineQueryOptions(live, { namespaces: [], breakdown: '' });
  assert.equal(l.refetchInterval, TIMELINE_REFETCH_MS);
  assert.equal(l.staleTime, TIMELINE_REFETCH_MS);
  const f = timelineQueryOptions(fixed, { namespaces: [], breakdown: '' });
  assert.equal(f.refetchInterval, false);
  assert.equal(f.staleTime, Infinity);
  assert.equal(policyFlowsQueryOptions(live, []).refetchInterval, TIMELINE_REFETCH_MS);
});

test('policy flows and segment flows have their own keys', () => {
  const p = policyFlowsQueryOptions(live, ['shop']);
  assert.deepEqual(p.queryKey, [
    'timeline',
    'policy-flows',
    { window: 'last:15m', q: '--type policy-verdict --namespace shop' },
  ]);
  const s = segmentFlowsQueryOptions(
    { chart: 'drops', key: 'default-deny', start: 1000, end: 2000, breakdown: 'policy' },
    [],
  );
  assert.deepEqual(s.queryKey, [
    'timeline',
    'segment-flows',
    { window: '1000-2000', q: '--verdict DROPPED --drop-reason-desc POLICY_DENIED' },
  ]);
  assert.equal(s.refetchInterval, false);
});
