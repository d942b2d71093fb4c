// Every flow is attributed: the deciding policy and rule, from Hubble's own fields where it
// named them, else from Flowscope's evaluation, and marked with who says so. Pinned on the
// demo scenario and its policies, as a user reads the list, the detail and the export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { flowFromJsonLine } from '@/server/ingest/flow-json';
import { exportLine } from '@/server/http/export-stream';
import type { FlowRecord } from '@/lib/api/flow-record';
import { attributeFlow, decisionOf } from './attribution';
import { toFlowRecord } from '@/server/ingest/to-flow-record';
import { loadPolicyFolder } from './source';
import { scenarioRecords } from '@/testing/policy-flows';

const DEMO_DIR = path.join(import.meta.dirname, 'demo');

async function demo() {
  const flows = scenarioRecords(60, 11);
  return { policies: await loadPolicies(), flows };
}

async function loadPolicies() {
  const source = await loadPolicyFolder(DEMO_DIR);
  assert.deepEqual(source.errors(), []);
  return source.policies();
}

const named = (f: FlowRecord) =>
  [...f.ingressDeniedBy, ...f.egressDeniedBy, ...f.ingressAllowedBy, ...f.egressAllowedBy][0];

test('a policy Hubble names is the decision, reported by Hubble', async () => {
  const { policies, flows } = await demo();
  const verdictEvents = flows.filter((f) => f.eventType === 5 && named(f));
  assert.ok(verdictEvents.length > 0);
  for (const f of verdictEvents) {
    const d = attributeFlow(policies, f);
    assert.equal(d.source, 'hubble', f.id);
    assert.equal(d.policy?.name, named(f)!.name, f.id);
  }
});

test('every other flow gets Flowscope’s answer, marked as derived, and never nothing', async () => {
  const { policies, flows } = await demo();
  const kinds = new Map<string, number>();
  for (const f of flows.filter((x) => !(x.eventType === 5 && named(x)))) {
    const d = attributeFlow(policies, f);
    const key = `${d.source}/${d.kind}`;
    kinds.set(key, (kinds.get(key) ?? 0) + 1);
    if (f.verdict !== 'DROPPED') assert.equal(d.source, 'flowscope', f.id);
  }
  // Forwarded trace events are decided by an allow rule Flowscope found.
  assert.ok((kinds.get('flowscope/policy') ?? 0) > 0, [...kinds].join());
});

test('the proxy’s 403 to a request it denied is decided by the same L7 rule', async () => {
  const { policies, flows } = await demo();
  const answers = flows.filter(
    (f) => f.eventType === 129 && f.isReply === true && f.l7?.http?.code === 403,
  );
  assert.ok(answers.length > 0, 'the demo has L7 denials, each answered with a 403');
  for (const f of answers) {
    const d = attributeFlow(policies, f);
    assert.equal(d.kind, 'l7', f.id);
    assert.equal(d.source, 'flowscope', f.id);
    assert.ok(d.policy && d.rule, f.id);
    // Its request, the DROPPED one, names the same rule.
    const request = flows.find(
      (r) =>
        r.eventType === 129 &&
        r.verdict === 'DROPPED' &&
        r.source.ip === f.destination.ip &&
        r.destination.port === f.source.port,
    );
    assert.ok(request, f.id);
    assert.deepEqual(attributeFlow(policies, request).rule, d.rule);
  }
  // No L7 flow the proxy let through is left undecided.
  const undecided = flows.filter(
    (f) =>
      f.eventType === 129 &&
      f.verdict === 'FORWARDED' &&
      attributeFlow(policies, f).kind === 'unknown',
  );
  assert.deepEqual(
    undecided.map((f) => f.id),
    [],
  );
});

test('an explicit-deny drop notification without its verdict event names the deny rule', async () => {
  const { policies, flows } = await demo();
  const drops = flows.filter(
    (f) => f.verdict === 'DROPPED' && f.dropReason === 'POLICY_DENY' && f.eventType === 1,
  );
  assert.ok(drops.length > 0, 'the demo has explicit-deny drop notifications');
  for (const f of drops) {
    const alone = { ...f, ingressDeniedBy: [], egressDeniedBy: [] };
    const d = attributeFlow(policies, alone);
    assert.equal(d.kind, 'policy', f.id);
    assert.equal(d.source, 'flowscope', f.id);
    assert.equal(d.rule?.action, 'deny', f.id);
  }
});

test('an FQDN rule with no DNS answer seen stays unknown with the reason', async () => {
  const { policies, flows } = await demo();
  const backup = flows.find(
    (f) =>
      f.eventType !== 5 &&
      f.destination.ip &&
      f.source.namespace === 'payments' &&
      attributeFlow(policies, f).kind === 'unknown',
  );
  assert.ok(backup, 'the demo reaches the ledger backup host by name');
  const d = attributeFlow(policies, backup);
  assert.match(d.reason ?? '', /no DNS answer seen for backup\.ledger-vault\.example/);
});

test('the export carries the decision under `flowscope`, and reads back as the same flow', async () => {
  const { policies, flows } = await demo();
  const f = flows.find((x) => x.eventType === 5 && named(x))!;
  const line = exportLine(f, (r) => decisionOf(policies, r));
  const parsed = JSON.parse(line) as { flowscope: { source: string; decidedBy: { kind: string } } };
  assert.equal(parsed.flowscope.source, 'hubble');
  assert.equal(parsed.flowscope.decidedBy.kind, 'policy');
  const back = flowFromJsonLine(line);
  assert.equal(back && toFlowRecord(back).id, f.id);
});
