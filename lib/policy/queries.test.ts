import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  flowExplanationApiPath,
  flowExplanationQueryOptions,
  policyViewApiPath,
  policyViewQueryOptions,
} from './queries';
import { ApiError } from '@/lib/api-client';
import type { TimeWindow } from '@/lib/time-window/time-window';

const LIVE: TimeWindow = { kind: 'relative', last: '15m', ms: 900_000 };
const PINNED: TimeWindow = { kind: 'absolute', from: 0, to: 60_000 };

test('the policy API path has one encoded segment per part and _ for no namespace', () => {
  assert.equal(
    policyViewApiPath(
      { kind: 'CiliumNetworkPolicy', namespace: 'shop', name: 'backend-egress' },
      LIVE,
    ),
    '/api/policies/CiliumNetworkPolicy/shop/backend-egress?window=15m',
  );
  assert.equal(
    policyViewApiPath({ kind: 'CiliumClusterwideNetworkPolicy', namespace: '', name: 'x' }, LIVE),
    '/api/policies/CiliumClusterwideNetworkPolicy/_/x?window=15m',
  );
});

test('the flow and a pinned window travel as query parameters', () => {
  const path = policyViewApiPath({ kind: 'cnp', namespace: '_', name: 'p' }, PINNED, 'fs-ab');
  const url = new URL(path, 'http://h.invalid');
  assert.equal(url.pathname, '/api/policies/cnp/_/p');
  assert.equal(url.searchParams.get('flow'), 'fs-ab');
  assert.equal(url.searchParams.get('from'), '1970-01-01T00:00:00.000Z');
});

test('crafted names cannot leave their path segment', () => {
  const path = policyViewApiPath({ kind: 'K', namespace: '../..', name: 'a/b?c#d' }, LIVE, 'x&y=1');
  const url = new URL(path, 'http://h.invalid');
  assert.equal(url.pathname, '/api/policies/K/..%2F../a%2Fb%3Fc%23d');
  assert.deepEqual([...url.searchParams.keys()], ['window', 'flow']);
  assert.equal(url.searchParams.get('flow'), 'x&y=1');
  assert.equal(flowExplanationApiPath('a/../b'), '/api/flows/a%2F..%2Fb/explain');
});

test('keys differ by window and flow; only live windows refresh', () => {
  const key = { kind: 'CiliumNetworkPolicy', namespace: 'shop', name: 'p' };
  const a = policyViewQueryOptions(key, LIVE);
  const b = policyViewQueryOptions(key, LIVE, 'fs-1');
  const c = policyViewQueryOptions(key, PINNED);
  assert.notDeepEqual(a.queryKey, b.queryKey);
  assert.notDeepEqual(a.queryKey, c.queryKey);
  assert.ok(a.refetchInterval);
  assert.equal(c.refetchInterval, false);
});

test('client errors (unknown flow or policy) are not retried', () => {
  const retry = flowExplanationQueryOptions('fs-1').retry as (n: number, e: Error) => boolean;
  assert.equal(retry(0, new ApiError(404, 'flow not found in retention')), false);
  assert.equal(retry(0, new ApiError(503, 'busy')), true);
  assert.equal(retry(2, new ApiError(503, 'busy')), false);
});
