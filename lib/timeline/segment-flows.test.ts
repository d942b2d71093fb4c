import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowRecord, PolicyRef } from '@/lib/api/flow-record';
import {
  decidingPolicy,
  segmentFlowFilter,
  segmentIncludes,
  withoutDoubleReports,
  type SegmentSelection,
} from './segment-flows';

const base = { start: 0, end: 10_000 };

function flow(patch: Partial<FlowRecord>): FlowRecord {
  return {
    verdict: 'DROPPED',
    ingressAllowedBy: [],
    egressAllowedBy: [],
    ingressDeniedBy: [],
    egressDeniedBy: [],
    ...patch,
  } as FlowRecord;
}

const api: PolicyRef = {
  kind: 'CiliumNetworkPolicy',
  namespace: 'shop',
  name: 'api',
  revision: '3',
  labels: [],
};

test('a verdict segment filters by its verdict and the chosen namespaces', () => {
  const sel: SegmentSelection = { ...base, chart: 'verdicts', key: 'audit', breakdown: 'reason' };
  assert.equal(
    segmentFlowFilter(sel, ['payments', 'shop']),
    '--verdict AUDIT --namespace payments --namespace shop',
  );
});

test('"other" cannot be named by a flag: it keeps flows of no known verdict', () => {
  const sel: SegmentSelection = { ...base, chart: 'verdicts', key: 'other', breakdown: 'reason' };
  assert.equal(segmentFlowFilter(sel, []), '');
  assert.equal(segmentIncludes(sel, flow({ verdict: 'TRACED' })), true);
  assert.equal(segmentIncludes(sel, flow({ verdict: 'FORWARDED' })), false);
});

test('a drop reason segment filters by the reason; UNKNOWN only client-side', () => {
  const sel: SegmentSelection = {
    ...base,
    chart: 'drops',
    key: 'POLICY_DENIED',
    breakdown: 'reason',
  };
  assert.equal(segmentFlowFilter(sel, []), '--verdict DROPPED --drop-reason-desc POLICY_DENIED');
  const unknown = { ...sel, key: 'UNKNOWN' };
  assert.equal(segmentFlowFilter(unknown, []), '--verdict DROPPED');
  assert.equal(segmentIncludes(unknown, flow({})), true);
  assert.equal(segmentIncludes(unknown, flow({ dropReason: 'POLICY_DENIED' })), false);
});

test('crafted keys and namespaces never become flags', () => {
  const sel: SegmentSelection = {
    ...base,
    chart: 'drops',
    key: 'X --verdict FORWARDED',
    breakdown: 'reason',
  };
  assert.equal(segmentFlowFilter(sel, ['shop --not']), '--verdict DROPPED');
});

test('policy segments: default deny by reason, named policies by the deciding policy', () => {
  const deny: SegmentSelection = {
    ...base,
    chart: 'drops',
    key: 'default-deny',
    breakdown: 'policy',
  };
  assert.equal(segmentFlowFilter(deny, []), '--verdict DROPPED --drop-reason-desc POLICY_DENIED');
  assert.equal(segmentIncludes(deny, flow({ dropReason: 'POLICY_DENIED' })), true);
  assert.equal(
    segmentIncludes(deny, flow({ dropReason: 'POLICY_DENIED', ingressDeniedBy: [api] })),
    false,
  );
  const named = { ...deny, key: 'CiliumNetworkPolicy/shop/api' };
  assert.equal(segmentFlowFilter(named, []), '--verdict DROPPED');
  assert.equal(
    segmentIncludes(named, flow({ dropReason: 'POLICY_DENY', ingressDeniedBy: [api] })),
    true,
  );
  const other = { ...deny, key: 'reason:CT_NO_MAP_FOUND' };
  assert.equal(
    segmentFlowFilter(other, []),
    '--verdict DROPPED --drop-reason-desc CT_NO_MAP_FOUND',
  );
});

test('the deciding policy prefers a deny over an allow and falls back to the reason', () => {
  assert.equal(decidingPolicy(flow({ egressAllowedBy: [api] })), 'CiliumNetworkPolicy/shop/api');
  assert.equal(decidingPolicy(flow({ dropReason: 'TTL_EXCEEDED' })), 'reason:TTL_EXCEEDED');
  assert.equal(decidingPolicy(flow({})), 'reason:UNKNOWN');
});

test('a drop notification is hidden when its policy-verdict twin is listed', () => {
  const ends = {
    node: 'n1',
    protocol: 'TCP',
    source: { ip: '10.0.0.1', port: 4000 },
    destination: { ip: '10.0.0.2', port: 80 },
  } as Partial<FlowRecord>;
  const verdict = flow({ ...ends, id: 'v', ts: 1000, eventType: 5 });
  const twin = flow({ ...ends, id: 'd', ts: 1040, eventType: 1 });
  const later = flow({ ...ends, id: 'late', ts: 1500, eventType: 1 });
  const forwarded = flow({ ...ends, id: 'f', ts: 1010, eventType: 1, verdict: 'FORWARDED' });
  assert.deepEqual(
    withoutDoubleReports([later, twin, verdict, forwarded]).map((f) => f.id),
    ['late', 'v', 'f'],
  );
});
