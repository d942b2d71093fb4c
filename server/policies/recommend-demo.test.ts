// On the demo scenario: for every drop a missing allow rule caused (not the metadata drops a
// deny rule intends, not the drops for other reasons), the suggestion for that flow, applied to
// the demo policies as the policy lab applies its draft, turns it into allowed, and changes no
// other flow's verdict except the ones it reports as wider than observed. Checked with the
// answer's own YAML, re-read and re-evaluated here, not with the answer's verification counts
// alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync, mkdtempSync, cpSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import type { FlowRecord } from '@/lib/api/flow-record';
import { scenarioRecords } from '@/testing/policy-flows';
import { CILIUM_DEFAULT_SETTINGS } from './agent-settings';
import { evaluate } from './evaluate';
import { flowContext } from './flow-context';
import type { Policy } from './model';
import { parsePolicyYaml } from './parse';
import { recommend } from './recommend';
import { proposedPolicies } from '@/server/lab/apply-changes';
import { labDraftBody } from '@/lib/recommend/queries';
import { loadPolicyFolder } from './source';
import { isDecisionFlow, whatIf } from './what-if';

const DEMO_DIR = path.join(import.meta.dirname, 'demo');
const settings = CILIUM_DEFAULT_SETTINGS;

async function demoPolicies(): Promise<Policy[]> {
  const source = await loadPolicyFolder(DEMO_DIR);
  assert.deepEqual(source.errors(), []);
  return source.policies();
}

function applied(base: Policy[], yaml: string): Policy[] {
  const r = parsePolicyYaml(yaml, 'proposal.yaml');
  assert.deepEqual(r.errors, []);
  return [...base.filter((p) => !r.policies.some((n) => n.id === p.id)), ...r.policies];
}

/** The connection a decision is about, to tell one drop's traffic from another's. */
function shape(f: FlowRecord): string {
  const ctx = flowContext(f);
  const ep = (e: FlowRecord['source']) => `${e.namespace}/${e.workloads[0]?.name ?? e.pod}`;
  return `${ctx?.direction} ${ep(ctx!.subject)} ${ctx!.peer.pod ? ep(ctx!.peer) : ctx!.peer.ip} ${ctx?.port} ${ctx?.http?.method ?? ''} ${ctx?.http?.path ?? ''}`;
}

test('every drop a missing allow caused is fixed by its suggestion, and nothing else unreported', async () => {
  const policies = await demoPolicies();
  const flows = scenarioRecords(60, 7);
  const drops = flows.filter(
    (f) => f.verdict === 'DROPPED' && evaluate(policies, f, settings).verdict === 'default-deny',
  );
  const intended = flows.filter(
    (f) => f.verdict === 'DROPPED' && evaluate(policies, f, settings).verdict === 'denied-by-rule',
  );
  assert.ok(intended.length > 0);
  // One suggestion per distinct traffic shape (every flow of a shape gets the same answer).
  const byShape = new Map<string, FlowRecord>();
  for (const f of drops) if (!byShape.has(shape(f))) byShape.set(shape(f), f);
  assert.ok(byShape.size >= 6, `${byShape.size} shapes`);
  const l7 = [...byShape.values()].filter((f) => f.eventType === 129);
  assert.ok(l7.length > 0);
  for (const [what, f] of byShape) {
    const a = recommend({
      policies,
      flows,
      target: { flow: f },
      window: { from: 0, to: 1 },
      settings,
    });
    assert.equal(a.status, 'proposal', `${what}: ${a.summary}`);
    // Applied as the lab applies the draft "Open in policy lab" saves; the same set as the
    // downloaded YAML applied by hand.
    const lab = proposedPolicies(policies, labDraftBody(a).changes ?? []);
    assert.deepEqual(lab.problems, [], what);
    const next = lab.policies;
    assert.deepEqual(
      next.map((p) => p.id).sort(),
      applied(policies, a.yaml)
        .map((p) => p.id)
        .sort(),
      what,
    );
    assert.equal(evaluate(next, f, settings).verdict, 'allowed', `${what}\n${a.yaml}`);
    // Every decision of the same traffic is fixed, and the answer says so.
    const same = drops.filter((x) => shape(x) === what && isDecisionFlow(x));
    for (const x of same) assert.equal(evaluate(next, x, settings).verdict, 'allowed', what);
    assert.equal(a.verification.fixed, a.verification.targets, what);
    assert.deepEqual(a.verification.unresolved, [], what);
    // Nothing else changes verdict, except the flows reported as wider.
    const wider = new Set(a.verification.wider.map((w) => w.flowId));
    const changed = whatIf({ flows, baseline: policies, proposed: next, settings }).changes;
    for (const c of changed) {
      assert.notEqual(c.change, 'newly-denied', `${what}: ${c.uuid}`);
      if (c.change !== 'newly-allowed') continue;
      const x = flows.find((y) => y.id === c.uuid)!;
      assert.ok(shape(x) === what || wider.has(c.uuid), `${what}: unreported ${shape(x)}`);
    }
    // The intended drops stay dropped.
    for (const x of intended) assert.equal(evaluate(next, x, settings).verdict, 'denied-by-rule');
    // No generated label ever reaches a selector.
    assert.doesNotMatch(a.yaml, /pod-template-hash|controller-revision-hash|statefulset/);
  }
});

test('the namespace suggestion over the window fixes every missing-allow drop; the patch applies', async () => {
  const policies = await demoPolicies();
  const flows = scenarioRecords(60, 8);
  const files = (source: string) => readFileSync(path.join(DEMO_DIR, source), 'utf8');
  const a = recommend({
    policies,
    flows,
    target: { workload: 'shop' },
    window: { from: 0, to: 1 },
    settings,
    fileText: files,
  });
  const next = applied(policies, a.yaml);
  const missing = flows.filter(
    (f) =>
      isDecisionFlow(f) &&
      f.verdict === 'DROPPED' &&
      evaluate(policies, f, settings).verdict === 'default-deny',
  );
  assert.ok(missing.length > 50);
  for (const f of missing) assert.equal(evaluate(next, f, settings).verdict, 'allowed', shape(f));
  assert.equal(a.verification.fixed, missing.length);
  assert.ok(a.skipped.some((s) => s.reason.includes('deny rule')));
  // The frontend's egress to the ledger also needs the ledger's ingress: both are proposed.
  const ledger = a.changes.find(
    (c) => c.policyId === 'CiliumNetworkPolicy/payments/ledger-ingress',
  );
  assert.ok(ledger?.rules.some((r) => r.companion && r.peer.startsWith('shop/frontend')));
  // The patch applies to a copy of the demo folder and yields the same policies.
  const dir = mkdtempSync(path.join(tmpdir(), 'flowscope-recommend-'));
  try {
    cpSync(DEMO_DIR, dir, { recursive: true });
    writeFileSync(path.join(dir, 'fix.patch'), a.patch);
    execFileSync('git', ['apply', 'fix.patch'], { cwd: dir });
    const patched = await loadPolicyFolder(dir);
    assert.deepEqual(patched.errors(), []);
    const got = patched
      .policies()
      .map((p) => p.yaml)
      .sort();
    assert.deepEqual(got, next.map((p) => p.yaml).sort());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
