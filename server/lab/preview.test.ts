// The impact preview over a window of stored history, checked on the demo scenario against a
// hand-derived expectation and against the what-if engine the CLI runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { FlowRecord } from '@/lib/api/flow-record';
import { LEDGER } from '@/testing/eval-table';
import { testDns } from '@/testing/flow-record';
import { flow, scenarioRecords, world } from '@/testing/policy-flows';
import { scopedReader } from '@/server/access/scoped-reader';
import { dnsAnswers } from '@/server/policies/dns-answers';
import type { Policy } from '@/server/policies/model';
import { parsePolicyYaml } from '@/server/policies/parse';
import { loadPolicyFolder } from '@/server/policies/source';
import { whatIf } from '@/server/policies/what-if';
import { openFlowStore, type FlowStore } from '@/server/store/flow-store';
import { proposedPolicies } from './apply-changes';
import { runPreview } from './preview';

const DEMO_DIR = path.join(import.meta.dirname, '../policies/demo');
const LIMITS = { maxFlows: 1_000_000, maxBytes: 1 << 30, maxAgeMs: 7 * 86_400_000 };
const ALL = { from: 0, to: Number.MAX_SAFE_INTEGER };

async function demoPolicies(): Promise<Policy[]> {
  const source = await loadPolicyFolder(DEMO_DIR);
  assert.deepEqual(source.errors(), []);
  return source.policies();
}

/** backend-api as a user would edit it: its ingress section (the frontend's allow) deleted. */
function backendApiWithoutIngress(policies: Policy[]): string {
  const p = policies.find((x) => x.id === 'CiliumNetworkPolicy/shop/backend-api');
  assert.ok(p);
  const [doc] = parseAllDocuments(p.yaml);
  assert.ok(doc && !Array.isArray(doc));
  assert.ok(doc.hasIn(['spec', 'ingress', 0, 'fromEndpoints']));
  doc.deleteIn(['spec', 'ingress']);
  return doc.toString();
}

async function storeOf(flows: FlowRecord[]): Promise<FlowStore> {
  const store = await openFlowStore({ limits: LIMITS });
  // Stored in arrival order, which the scenario gives as generated.
  for (const f of flows) store.append(f);
  return store;
}

const isDecision = (f: FlowRecord) =>
  f.eventType === 5 || (f.eventType === 129 && f.l7?.type === 'REQUEST');
const workload = (ep: FlowRecord['source']) => ep.workloads[0]?.name;

test('editing out the frontend allow of backend-api newly denies exactly the frontend→backend 8080 flows', async () => {
  const flows = [7, 8].flatMap((seed) => scenarioRecords(30, seed));
  dnsAnswers().clear();
  const store = await storeOf(flows);
  const baseline = await demoPolicies();
  const { policies: proposed, problems } = proposedPolicies(baseline, [
    { action: 'apply', yaml: backendApiWithoutIngress(baseline) },
  ]);
  assert.deepEqual(problems, []);

  // Derived from the flows alone: the backend's ingress decisions on connections from the
  // frontend to 8080 that were let through.
  const expected = new Set(
    flows
      .filter(
        (f) =>
          isDecision(f) &&
          f.direction === 'INGRESS' &&
          !f.isReply &&
          workload(f.source) === 'frontend' &&
          workload(f.destination) === 'backend' &&
          f.destination.port === 8080 &&
          (f.verdict === 'FORWARDED' || f.verdict === 'REDIRECTED'),
      )
      .map((f) => f.id),
  );
  assert.ok(expected.size > 100, String(expected.size));

  const progress: [number, number][] = [];
  const out = await runPreview({
    reader: store,
    window: ALL,
    baseline,
    proposed,
    chunkFlows: 1000,
    onProgress: (done, total) => progress.push([done, total]),
  });
  assert.deepEqual(new Set(out.changedIds), expected);
  assert.equal(out.changedIds.length, expected.size);
  assert.equal(out.truncated, false);
  assert.ok(out.groups.length > 0);
  for (const g of out.groups) {
    assert.equal(g.change, 'newly-denied');
    assert.deepEqual(g.source, { namespace: 'shop', workload: 'frontend' });
    assert.deepEqual(g.destination, { namespace: 'shop', workload: 'backend' });
    assert.equal(g.port, 8080);
    assert.equal(g.protocol, 'TCP');
    assert.equal(g.oldRule, 'CiliumNetworkPolicy/shop/backend-api ingress[0]');
    assert.match(
      g.newRule,
      /^default deny \(enforced by .*CiliumNetworkPolicy\/shop\/default-deny/,
    );
    assert.ok(g.examples.length > 0 && g.examples.length <= 5);
    for (const id of g.examples) assert.ok(expected.has(id), id);
    assert.ok(g.firstSeen <= g.lastSeen);
  }
  assert.equal(
    out.groups.reduce((n, g) => n + g.count, 0),
    expected.size,
  );

  // The CLI's engine on the same flows counts the same.
  const cli = whatIf({ flows, baseline, proposed });
  assert.deepEqual(out.totals, cli.summary);
  assert.equal(out.totals.newlyDenied, expected.size);
  assert.equal(out.totals.evaluated, flows.filter(isDecision).length);

  // Read in many slices, reported as it went, ending at the window's flow count.
  assert.ok(progress.length > 5, String(progress.length));
  const last = progress.at(-1)!;
  assert.deepEqual(last, [flows.length, flows.length]);
  for (let i = 1; i < progress.length; i++) assert.ok(progress[i]![0] >= progress[i - 1]![0]);
});

test('the slice size does not change the answer, and the server gets turns meanwhile', async () => {
  const flows = scenarioRecords(20, 4);
  dnsAnswers().clear();
  const store = await storeOf(flows);
  const baseline = await demoPolicies();
  const { policies: proposed } = proposedPolicies(baseline, [
    { action: 'remove', kind: 'CiliumNetworkPolicy', namespace: 'shop', name: 'backend-api' },
  ]);
  const whole = await runPreview({ reader: store, window: ALL, baseline, proposed });
  let turns = 0;
  const timer = setInterval(() => turns++, 0);
  const sliced = await runPreview({
    reader: store,
    window: ALL,
    baseline,
    proposed,
    chunkFlows: 200,
  });
  clearInterval(timer);
  assert.ok(turns > 0);
  assert.ok(whole.totals.newlyDenied > 0);
  assert.deepEqual(sliced.totals, whole.totals);
  assert.deepEqual(sliced.changedIds, whole.changedIds);
  assert.deepEqual(sliced.totals, whatIf({ flows, baseline, proposed }).summary);
});

test('a viewer of payments only: shop flows are neither evaluated nor counted', async () => {
  const flows = scenarioRecords(20, 5);
  dnsAnswers().clear();
  const store = await storeOf(flows);
  const baseline = await demoPolicies();
  const { policies: proposed } = proposedPolicies(baseline, [
    { action: 'apply', yaml: backendApiWithoutIngress(baseline) },
  ]);
  const inPayments = (f: FlowRecord) =>
    f.source.namespace === 'payments' || f.destination.namespace === 'payments';
  const reader = scopedReader(store, ['payments']);
  const out = await runPreview({ reader, window: ALL, baseline, proposed });
  const visible = flows.filter(inPayments);
  assert.ok(visible.length > 0 && visible.length < flows.length);
  assert.equal(out.totals.flows, visible.length);
  assert.equal(out.totals.evaluated, visible.filter(isDecision).length);
  assert.equal(out.totals.newlyDenied, 0);
  assert.deepEqual(out.groups, []);
});

test('a window is a time range: flows outside it are not read', async () => {
  const flows = scenarioRecords(20, 6);
  dnsAnswers().clear();
  const store = await storeOf(flows);
  const baseline = await demoPolicies();
  const { policies: proposed } = proposedPolicies(baseline, [
    { action: 'apply', yaml: backendApiWithoutIngress(baseline) },
  ]);
  const mid = flows[Math.floor(flows.length / 2)]!.ts;
  const window = { from: mid, to: mid + 5000 };
  const inside = flows.filter((f) => f.ts >= window.from && f.ts < window.to);
  const out = await runPreview({ reader: store, window, baseline, proposed, chunkFlows: 300 });
  assert.equal(out.totals.flows, inside.length);
  assert.deepEqual(out.totals, whatIf({ flows: inside, baseline, proposed }).summary);
});

test('toFQDNs rules read the DNS answers of the window in time order, across slices', async () => {
  const policy = parsePolicyYaml(
    `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: backup, namespace: payments }
spec:
  endpointSelector: { matchLabels: { app: ledger } }
  egress:
    - toFQDNs: [{ matchName: backup.vault.example }]
      toPorts: [{ ports: [{ port: '443', protocol: TCP }] }]
`,
    'p.yaml',
  ).policies;
  const at = (f: FlowRecord, id: string, second: number): FlowRecord => {
    const time = `2024-01-01T00:00:0${second}.000000000Z`;
    return { ...f, id, time, ts: Date.parse(time) };
  };
  const connect = flow({ src: LEDGER, dst: world('198.18.7.40'), direction: 'EGRESS', port: 443 });
  const answer = flow({ src: LEDGER, dst: world('10.96.0.10'), direction: 'EGRESS', port: 53 });
  answer.eventType = 129;
  answer.l7 = {
    type: 'RESPONSE',
    latencyNs: '0',
    dns: testDns('backup.vault.example.', { ips: ['198.18.7.40'] }),
  };
  const store = await storeOf([
    at(connect, 'late', 3),
    at(answer, 'dns', 2),
    at(connect, 'early', 1),
  ]);
  dnsAnswers().clear();
  const out = await runPreview({
    reader: store,
    window: ALL,
    baseline: [],
    proposed: policy,
    chunkFlows: 1,
  });
  assert.deepEqual(out.groups.map((g) => [g.change, g.examples, g.newVerdict]).sort(), [
    ['rule-changed', ['late'], 'allowed'],
    ['uncertain', ['early'], 'unknown'],
  ]);
  const uncertain = out.groups.find((g) => g.change === 'uncertain');
  assert.match(uncertain?.reason ?? '', /no DNS answer seen for backup\.vault\.example/);
  assert.equal(uncertain?.destination.label, 'reserved:world');
  // The process-wide index learnt nothing.
  assert.equal(dnsAnswers().ipsOf('backup.vault.example'), undefined);
});

test('a window holding more flows than a preview reads says so', async () => {
  const flows = scenarioRecords(10, 2);
  dnsAnswers().clear();
  const store = await storeOf(flows);
  const policies = await demoPolicies();
  const out = await runPreview({
    reader: store,
    window: ALL,
    baseline: policies,
    proposed: policies,
    maxFlows: 500,
    chunkFlows: 100,
  });
  assert.equal(out.truncated, true);
  assert.equal(out.totals.flows, 500);
  assert.equal(out.totals.unchanged, out.totals.evaluated);
});
