import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  defaultDenyNote,
  eventSubTypeName,
  eventTypeName,
  explainDirection,
  explainPolicyMatch,
  formatDnsRcode,
  formatIdentity,
  formatLatency,
  reservedIdentityName,
} from './explain';

test('every policy match type has a name and a sentence', () => {
  const names = [0, 1, 2, 3, 4, 5, 6].map((v) => explainPolicyMatch(v).name);
  assert.deepEqual(names, ['none', 'L3-only', 'L3-L4', 'L4-only', 'all', 'L3-proto', 'proto-only']);
  for (let v = 0; v <= 6; v++) assert.ok(explainPolicyMatch(v).text.endsWith('.'));
  assert.match(explainPolicyMatch(4).text, /L3-L4 and L7/);
  assert.equal(explainPolicyMatch(42).name, 'unknown (42)');
});

test('event types and sub-types are named with their numbers', () => {
  assert.equal(eventTypeName(1), 'drop (1)');
  assert.equal(eventTypeName(5), 'policy verdict (5)');
  assert.equal(eventTypeName(129), 'L7 access log (129)');
  assert.equal(eventTypeName(99), 'unknown (99)');
  assert.equal(eventSubTypeName(4, 0), 'to-endpoint (0)');
  assert.equal(eventSubTypeName(4, 11), 'to-network (11)');
  assert.equal(eventSubTypeName(1, 133), 'drop reason code 133');
  assert.equal(eventSubTypeName(5, 0), '0');
});

test('reserved identities are named, others are plain numbers', () => {
  assert.equal(reservedIdentityName(7), 'kube-apiserver');
  assert.equal(formatIdentity(2), '2 (reserved:world)');
  assert.equal(formatIdentity(6), '6 (reserved:remote-node)');
  assert.equal(formatIdentity(8), '8 (reserved:ingress)');
  assert.equal(formatIdentity(0), '0 (unknown)');
  assert.equal(formatIdentity(48213), '48213');
});

test('DNS rcodes carry their names', () => {
  assert.equal(formatDnsRcode(0), '0 NOERROR');
  assert.equal(formatDnsRcode(3), '3 NXDOMAIN');
  assert.equal(formatDnsRcode(5), '5 REFUSED');
  assert.equal(formatDnsRcode(23), '23');
});

test('latency in ns becomes ms; zero and junk are blank', () => {
  assert.equal(formatLatency('999958359'), '999.958 ms');
  assert.equal(formatLatency('1500000'), '1.500 ms');
  assert.equal(formatLatency('0'), '');
  assert.equal(formatLatency(''), '');
  assert.equal(formatLatency('12abc'), '');
});

test('direction says whose policy applied', () => {
  assert.match(explainDirection('EGRESS'), /source/);
  assert.match(explainDirection('INGRESS'), /destination/);
});

test('the default-deny note appears only for unnamed POLICY_DENIED drops', () => {
  const base = { verdict: 'DROPPED', dropReason: 'POLICY_DENIED', direction: 'INGRESS' };
  const note = defaultDenyNote({ ...base, policyCount: 0 });
  assert.ok(note);
  assert.match(note, /names no policy/);
  assert.match(note, /destination endpoint is in default deny for ingress/);
  assert.match(
    defaultDenyNote({ ...base, direction: 'EGRESS', policyCount: 0 }) ?? '',
    /source endpoint is in default deny for egress/,
  );
  // Newer Cilium names the policies even on default deny: then there is nothing to explain.
  assert.equal(defaultDenyNote({ ...base, policyCount: 1 }), undefined);
  assert.equal(defaultDenyNote({ ...base, dropReason: 'POLICY_DENY', policyCount: 0 }), undefined);
  assert.equal(defaultDenyNote({ ...base, verdict: 'FORWARDED', policyCount: 0 }), undefined);
});

test('a named deny never reads as "no policy rule was matched"', async () => {
  const { explainFlowPolicyMatch } = await import('./explain');
  const ref = { name: 'deny-egress-to-metadata' };
  const base = { policyMatchType: 0, verdict: 'DROPPED', ingressDeniedBy: [], egressDeniedBy: [] };
  // The policy-verdict event naming the deny policy.
  const verdict = explainFlowPolicyMatch({
    ...base,
    eventType: 5,
    dropReason: 'POLICY_DENY',
    egressDeniedBy: [ref],
  });
  assert.equal(verdict.name, 'deny');
  assert.doesNotMatch(verdict.text, /No policy rule was matched/);
  // Its drop notification (type 1): Hubble reports no match type there at all.
  const drop = explainFlowPolicyMatch({ ...base, eventType: 1, dropReason: 'POLICY_DENY' });
  assert.equal(drop.name, 'not reported');
  assert.match(drop.text, /policy-verdict events \(type 5\) only; this is a drop event/);
  // Default deny: no allow rule matched, said as such.
  const dd = explainFlowPolicyMatch({ ...base, eventType: 5, dropReason: 'POLICY_DENIED' });
  assert.match(dd.text, /default deny/);
  // An allowed policy-verdict event keeps the plain meaning of its type.
  const ok = explainFlowPolicyMatch({
    ...base,
    eventType: 5,
    verdict: 'FORWARDED',
    policyMatchType: 2,
  });
  assert.equal(ok.name, 'L3-L4');
});

test('an explicit-deny drop notification says a deny rule decided, not that no policy applies', async () => {
  const { unnamedDenyNote } = await import('./explain');
  const note = unnamedDenyNote({
    verdict: 'DROPPED',
    dropReason: 'POLICY_DENY',
    eventType: 1,
    policyCount: 0,
  });
  assert.match(note ?? '', /explicit deny rule decided/);
  assert.match(note ?? '', /drop notification \(event type 1\)/);
  assert.equal(
    unnamedDenyNote({
      verdict: 'DROPPED',
      dropReason: 'POLICY_DENY',
      eventType: 5,
      policyCount: 1,
    }),
    undefined,
  );
});
