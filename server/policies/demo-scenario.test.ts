// The demo policies must explain the demo scenario: every drop gets an explanation, and the
// evaluator agrees with every policy-verdict event the scenario produces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { DEMO_POLICIES } from '@/server/demo/scenario/policies';
import { evaluate } from './evaluate';
import { explainFlow } from './explain';
import { loadPolicyFolder } from './source';
import type { Policy } from './model';
import { dnsAnswers } from './dns-answers';
import { selfCheck } from './self-check';
import { scenarioRecords } from '@/testing/policy-flows';

const DEMO_DIR = path.join(import.meta.dirname, 'demo');

/** The ledger's backup host: reached by name, its DNS answer never shown by the demo. */
const BACKUP_NAME = 'backup.ledger-vault.example';

async function demoPolicies(): Promise<Policy[]> {
  const source = await loadPolicyFolder(DEMO_DIR);
  assert.deepEqual(source.errors(), []);
  return source.policies();
}

test('the demo folder holds exactly the scenario policies', async () => {
  const policies = await demoPolicies();
  const got = policies.map((p) => `${p.kind}/${p.namespace}/${p.name}`).sort();
  const want = DEMO_POLICIES.map((p) => `${p.kind}/${p.namespace}/${p.name}`).sort();
  assert.deepEqual(got, want);
  for (const p of policies)
    assert.deepEqual(
      p.rules.flatMap((r) => r.unsupported),
      [],
      p.id,
    );
});

test('every drop of the demo scenario gets an explanation', async () => {
  const policies = await demoPolicies();
  const drops = [7, 8]
    .flatMap((seed) => scenarioRecords(60, seed))
    .filter((f) => f.verdict === 'DROPPED');
  const reasons = new Set(drops.map((f) => `${f.eventType}/${f.dropReason ?? 'L7'}`));
  assert.ok(reasons.has('5/POLICY_DENIED') && reasons.has('5/POLICY_DENY'), [...reasons].join());
  assert.ok(reasons.has('1/POLICY_DENIED') && reasons.has('129/L7'), [...reasons].join());
  for (const f of drops) {
    const ex = explainFlow(policies, f);
    const what = `${f.id} ${ex.subject} -> ${ex.peer} ${ex.direction} ${f.dropReason ?? 'L7'}`;
    if (f.dropReason === 'POLICY_DENY') {
      assert.equal(ex.evaluation.verdict, 'denied-by-rule', what);
      assert.equal(ex.decidingRule?.name, 'deny-egress-to-metadata', what);
      assert.equal(ex.decidingRule?.ruleId, 'egressDeny[0]', what);
      assert.ok(ex.decidingRule.lines.start > 1, what);
    } else {
      assert.equal(ex.evaluation.verdict, 'default-deny', `${what}: ${ex.summary}`);
      assert.ok(ex.selecting.length > 0, what);
      const near = ex.nearest[0];
      assert.ok(near, `${what}: no nearest rule`);
      assert.ok(near.differences.length > 0, what);
      assert.ok(near.score > 0, what);
    }
    assert.equal(ex.agrees, true, what);
  }
});

test('the evaluator agrees with every policy-verdict event and names the same policy', async () => {
  const policies = await demoPolicies();
  const events = scenarioRecords(60, 3).filter((f) => f.eventType === 5);
  assert.ok(events.length > 100);
  const seen = new Set<string>();
  for (const f of events) {
    const ev = evaluate(policies, f);
    const named = [
      ...f.ingressAllowedBy,
      ...f.egressAllowedBy,
      ...f.ingressDeniedBy,
      ...f.egressDeniedBy,
    ];
    const what = `${f.id} ${f.direction} ${f.source.pod || f.source.ip} -> ${f.destination.pod || f.destination.ip}:${f.destination.port}`;
    if (named.some((p) => p.name === 'ledger-backup-egress')) {
      // Never a guess: without the name's DNS answer the toFQDNs rule cannot be read.
      assert.equal(ev.verdict, 'unknown', what);
      assert.deepEqual(ev.unsupported, [
        `CiliumNetworkPolicy/payments/ledger-backup-egress: egress[0]: no DNS answer seen for ${BACKUP_NAME}`,
      ]);
      seen.add('ledger-backup-egress');
    } else if (f.verdict === 'FORWARDED' || f.verdict === 'REDIRECTED') {
      assert.equal(ev.verdict, 'allowed', what);
      const allowing = ev.allowedBy.map((r) => r.policy);
      for (const p of named) {
        assert.ok(
          allowing.includes(`${p.kind}/${p.namespace || '_'}/${p.name}`),
          `${what}: ${p.name}`,
        );
        seen.add(p.name);
      }
    } else if (f.dropReason === 'POLICY_DENY') {
      assert.equal(ev.verdict, 'denied-by-rule', what);
      assert.equal(ev.matched?.policy, `${named[0]?.kind}/_/${named[0]?.name}`, what);
    } else {
      assert.equal(ev.verdict, 'default-deny', what);
    }
  }
  // Every scenario policy except the empty default-deny shows up as an allowing/denying policy.
  for (const p of DEMO_POLICIES.filter((x) => x.name !== 'default-deny')) {
    assert.ok(seen.has(p.name) || p.name === 'deny-egress-to-metadata', `never matched: ${p.name}`);
  }
});

test('allowed L7 requests evaluate as allowed and denied ones name the L7 difference', async () => {
  const policies = await demoPolicies();
  const l7 = scenarioRecords(60, 5).filter(
    (f) => f.eventType === 129 && f.l7?.http && f.l7.type === 'REQUEST',
  );
  assert.ok(l7.length > 0);
  for (const f of l7) {
    const ex = explainFlow(policies, f);
    if (f.verdict === 'FORWARDED') assert.equal(ex.evaluation.verdict, 'allowed', f.l7?.http?.url);
    else {
      assert.equal(ex.nearest[0]?.name, 'backend-api');
      assert.match(ex.nearest[0]?.differences.join() ?? '', /HTTP (method|path)/);
    }
  }
});

test('the self-check on the demo: every event agreed but the FQDN ones, unconfirmed', async () => {
  const policies = await demoPolicies();
  const events = scenarioRecords(60, 3);
  const check = selfCheck(policies, events);
  assert.equal(check.disagreed, 0, JSON.stringify(check.disagreements[0]));
  assert.ok(check.unconfirmed > 0);
  assert.equal(check.agreed + check.unconfirmed, check.compared);
  for (const u of check.unconfirmedFlows) {
    assert.deepEqual(u.flowscope.unsupported, [
      `CiliumNetworkPolicy/payments/ledger-backup-egress: egress[0]: no DNS answer seen for ${BACKUP_NAME}`,
    ]);
  }
  // Once the answer is seen, the same flows are confirmed.
  const ip = check.unconfirmedFlows[0]?.flowId;
  const flow = events.find((f) => f.id === ip);
  assert.ok(flow);
  dnsAnswers().add(BACKUP_NAME, [flow.destination.ip]);
  assert.equal(evaluate(policies, flow).verdict, 'allowed');
  dnsAnswers().clear();
});
