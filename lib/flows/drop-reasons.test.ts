import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainDropReason, hasDropExplanation } from './drop-reasons';

test('default deny and explicit deny read differently', () => {
  assert.match(explainDropReason('POLICY_DENIED'), /default deny/i);
  assert.match(explainDropReason('POLICY_DENIED'), /no rule matches/);
  assert.match(explainDropReason('POLICY_DENY'), /explicit deny rule/);
});

test('the reasons operators meet most have their own sentence', () => {
  const names = [
    'AUTH_REQUIRED',
    'CT_MAP_INSERTION_FAILED',
    'CT_MISSING_TCP_ACK_FLAG',
    'STALE_OR_UNROUTABLE_IP',
    'SERVICE_BACKEND_NOT_FOUND',
    'INVALID_SOURCE_IP',
    'UNKNOWN_L3_TARGET_ADDRESS',
    'UNKNOWN_L4_PROTOCOL',
    'FIB_LOOKUP_FAILED',
    'TTL_EXCEEDED',
    'DROP_RATE_LIMITED',
    'NO_EGRESS_GATEWAY',
    'UNENCRYPTED_TRAFFIC',
    'DROP_HOST_NOT_READY',
    'DROP_EP_NOT_READY',
  ];
  for (const name of names) {
    assert.ok(hasDropExplanation(name), name);
    assert.ok(explainDropReason(name).endsWith('.'), name);
  }
});

test('unknown names and object keys get the generic sentence', () => {
  const generic = explainDropReason('SOMETHING_NEW');
  assert.match(generic, /agent logs/);
  // A crafted reason must not reach Object.prototype members.
  assert.equal(explainDropReason('constructor'), generic);
  assert.equal(explainDropReason('__proto__'), generic);
  assert.equal(hasDropExplanation('toString'), false);
});

test('legends and tables show plain words with Hubble’s name beside', async () => {
  const { dropReasonLabel } = await import('./drop-reasons');
  assert.equal(
    dropReasonLabel('POLICY_DENIED'),
    'no rule allows it (default deny) · POLICY_DENIED',
  );
  assert.equal(dropReasonLabel('POLICY_DENY'), 'denied by a deny rule · POLICY_DENY');
  assert.equal(dropReasonLabel('UNKNOWN'), 'no reason given');
  // A name without its own words still reads as words, and keeps the name beside.
  assert.equal(dropReasonLabel('SOME_NEW_REASON'), 'some new reason · SOME_NEW_REASON');
  assert.equal(dropReasonLabel('constructor'), 'constructor · constructor');
});
