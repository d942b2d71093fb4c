import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDns } from '@/testing/flow-record';
import { l7Digest, normalizePath, statusClass } from './l7-digest';

test('paths lose scheme, host, query and ids', () => {
  assert.equal(normalizePath('http://10.0.0.1:9090/metrics?x=1'), '/metrics');
  assert.equal(normalizePath('/api/v1/orders/12345/items'), '/api/v1/orders/:id/items');
  assert.equal(normalizePath('/u/0b9f3c2e-1a2b-4c3d-8e4f-000000000001/x'), '/u/:id/x');
  assert.equal(normalizePath('/blob/9f86d081884c7d659a2feaa0'), '/blob/:id');
  assert.equal(normalizePath('/v1/users'), '/v1/users');
});

test('status classes', () => {
  assert.equal(statusClass(0), '');
  assert.equal(statusClass(204), '2xx');
  assert.equal(statusClass(503), '5xx');
  assert.equal(statusClass(99), 'other');
});

test('DNS digests drop the trailing dot', () => {
  const d = l7Digest({
    type: 'REQUEST',
    latencyNs: '0',
    dns: testDns('api.stripe.com.', { observationSource: '', qtypes: [] }),
  });
  assert.equal(d?.query, 'api.stripe.com');
});
