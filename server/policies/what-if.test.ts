// The what-if review: the flows a policy change decides otherwise, judged with the same
// evaluator as the server, against another policy set or against what the flows report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { FlowRecord, PolicyRef } from '@/lib/api/flow-record';
import { BACK, cnp, FRONT, FROM_FRONT_8080, LEDGER } from '@/testing/eval-table';
import { testDns } from '@/testing/flow-record';
import { flow, scenarioRecords, world } from '@/testing/policy-flows';
import { dnsAnswers } from './dns-answers';
import type { Policy } from './model';
import { parsePolicyYaml } from './parse';
import { loadPolicyFolder } from './source';
import { whatIf } from './what-if';

const DEMO_DIR = path.join(import.meta.dirname, 'demo');
const BACKEND_API = 'CiliumNetworkPolicy/shop/backend-api';

async function demoPolicies(): Promise<Policy[]> {
  const source = await loadPolicyFolder(DEMO_DIR);
  assert.deepEqual(source.errors(), []);
  return source.policies();
}

/** The demo policies with the backend's ingress allow from the frontend taken out. */
function withoutFrontendIngress(policies: Policy[]): Policy[] {
  return policies.map((p) => {
    if (p.id !== BACKEND_API) return p;
    const [doc] = parseAllDocuments(p.yaml);
    assert.ok(doc && !Array.isArray(doc));
    assert.ok(doc.hasIn(['spec', 'ingress', 0, 'fromEndpoints']));
    doc.deleteIn(['spec', 'ingress']);
    const [edited] = parsePolicyYaml(doc.toString(), p.source).policies;
    assert.ok(edited);
    return edited;
  });
}

const isDecision = (f: FlowRecord) =>
  f.eventType === 5 || (f.eventType === 129 && f.l7?.type === 'REQUEST');
const workload = (ep: FlowRecord['source']) => ep.workloads[0]?.name;

test('removing the backend ingress from frontend newly denies exactly the frontend→backend flows', async () => {
  const baseline = await demoPolicies();
  const proposed = withoutFrontendIngress(baseline);
  const flows = [7, 8].flatMap((seed) => scenarioRecords(30, seed));
  // Worked out from the flows alone: the backend's ingress decisions on the frontend's
  // connections to port 8080 that were let through.
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

  const { changes, summary } = whatIf({ flows, baseline, proposed });
  const denied = changes.filter((c) => c.change === 'newly-denied');
  assert.deepEqual(new Set(denied.map((c) => c.uuid)), expected);
  assert.equal(
    changes.length,
    denied.length,
    JSON.stringify(changes.find((c) => c.change !== 'newly-denied')),
  );
  assert.equal(summary.flows, flows.length);
  assert.equal(summary.evaluated, flows.filter(isDecision).length);
  assert.deepEqual(summary, {
    flows: flows.length,
    evaluated: summary.evaluated,
    unchanged: summary.evaluated - expected.size,
    newlyDenied: expected.size,
    newlyAllowed: 0,
    ruleChanged: 0,
    uncertain: 0,
  });
  for (const c of denied) {
    assert.equal(c.source.workload, 'frontend');
    assert.equal(c.destination.workload, 'backend');
    assert.equal(c.port, 8080);
    assert.deepEqual(c.old, {
      verdict: 'allowed',
      decidedBy: 'CiliumNetworkPolicy/shop/backend-api ingress[0]',
    });
    assert.equal(c.new.verdict, 'denied');
    assert.match(
      c.new.decidedBy,
      /^default deny \(enforced by .*CiliumNetworkPolicy\/shop\/default-deny/,
    );
  }
  // In time order.
  const times = changes.map((c) => c.time);
  assert.deepEqual(times, [...times].sort());

  // The other way round the same flows are newly allowed.
  const back = whatIf({ flows, baseline: proposed, proposed: baseline });
  assert.equal(back.summary.newlyAllowed, expected.size);
  assert.equal(back.summary.newlyDenied, 0);
  assert.equal(back.changes.length, expected.size);
});

test('identical policy sets change nothing, FQDN flows that cannot be read included', async () => {
  const flows = scenarioRecords(30, 3);
  const { changes, summary } = whatIf({
    flows,
    baseline: await demoPolicies(),
    proposed: await demoPolicies(),
  });
  assert.deepEqual(changes, []);
  assert.ok(summary.evaluated > 500);
  assert.equal(summary.unchanged, summary.evaluated);
});

const ref = (name: string): PolicyRef => ({
  name,
  namespace: 'shop',
  kind: 'CiliumNetworkPolicy',
  revision: '1',
  labels: [],
});

const GET_PRODUCTS: FlowRecord['l7'] = {
  type: 'REQUEST',
  latencyNs: '0',
  http: { code: 0, method: 'GET', url: '/api/v1/products', protocol: 'HTTP/1.1', headers: [] },
};

function reported(over: Partial<FlowRecord>, id: string, second: number): FlowRecord {
  const f = flow({ src: FRONT, dst: BACK, direction: 'INGRESS', port: 8080 });
  const time = `2024-01-01T00:00:0${second}.000000000Z`;
  return { ...f, id, time, ts: Date.parse(time), ...over };
}

test('without a baseline the flows report the old verdict and the policies Hubble named', () => {
  const proposed = parsePolicyYaml(
    cnp('backend', FROM_FRONT_8080, 'allow-front'),
    'p.yaml',
  ).policies;
  const flows = [
    // Dropped by default deny before; the proposal allows it.
    reported({ verdict: 'DROPPED', dropReason: 'POLICY_DENIED' }, 'f1', 1),
    // Allowed by another policy before; now by allow-front.
    reported({ verdict: 'FORWARDED', ingressAllowedBy: [ref('old-allow')] }, 'f2', 2),
    // Allowed by allow-front before and after.
    reported({ verdict: 'FORWARDED', ingressAllowedBy: [ref('allow-front')] }, 'f3', 3),
    // Allowed, no policy named (an L7 request): only the verdict is compared.
    reported({ verdict: 'FORWARDED', eventType: 129, l7: GET_PRODUCTS }, 'f4', 4),
    // Not a decision flow: a trace.
    reported({ verdict: 'FORWARDED', eventType: 4 }, 'f5', 5),
    // Allowed before; the proposal does not admit port 9090 and default-denies it.
    {
      ...reported({ verdict: 'FORWARDED', ingressAllowedBy: [ref('old-allow')] }, 'f6', 6),
      destination: { ...BACK, port: 9090 },
    },
  ];
  const { changes, summary } = whatIf({ flows, baseline: 'reported', proposed });
  assert.deepEqual(
    changes.map((c) => [c.uuid, c.change, c.old, c.new]),
    [
      [
        'f1',
        'newly-allowed',
        { verdict: 'denied', decidedBy: 'default deny' },
        { verdict: 'allowed', decidedBy: 'CiliumNetworkPolicy/shop/allow-front ingress[0]' },
      ],
      [
        'f2',
        'rule-changed',
        { verdict: 'allowed', decidedBy: 'CiliumNetworkPolicy/shop/old-allow' },
        { verdict: 'allowed', decidedBy: 'CiliumNetworkPolicy/shop/allow-front ingress[0]' },
      ],
      [
        'f6',
        'newly-denied',
        { verdict: 'allowed', decidedBy: 'CiliumNetworkPolicy/shop/old-allow' },
        {
          verdict: 'denied',
          decidedBy: 'default deny (enforced by CiliumNetworkPolicy/shop/allow-front)',
        },
      ],
    ],
  );
  assert.deepEqual(summary, {
    flows: 6,
    evaluated: 5,
    unchanged: 2,
    newlyDenied: 1,
    newlyAllowed: 1,
    ruleChanged: 1,
    uncertain: 0,
  });
});

test('without a baseline, the demo policies leave only the FQDN flows uncertain, with why', async () => {
  const flows = scenarioRecords(30, 3);
  const { changes, summary } = whatIf({
    flows,
    baseline: 'reported',
    proposed: await demoPolicies(),
  });
  assert.ok(changes.length > 0);
  assert.equal(summary.uncertain, changes.length);
  for (const c of changes) {
    assert.equal(c.change, 'uncertain');
    assert.deepEqual(c.old, {
      verdict: 'allowed',
      decidedBy: 'CiliumNetworkPolicy/payments/ledger-backup-egress',
    });
    assert.equal(c.new.verdict, 'unknown');
    assert.equal(
      c.reason,
      'proposed: CiliumNetworkPolicy/payments/ledger-backup-egress: egress[0]: no DNS answer seen for backup.ledger-vault.example',
    );
  }
});

test('DNS answers come from the flows in time order, and the process-wide index is untouched', () => {
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
  // Listed out of order: the answer at second 2 decides the connection at 3, not the one at 1.
  // (Without a baseline policy both are allowed by default; the later one now by the rule.)
  const flows = [at(connect, 'late', 3), at(answer, 'dns', 2), at(connect, 'early', 1)];
  dnsAnswers().add('unrelated.example', ['192.0.2.1']);
  const { changes } = whatIf({ flows, baseline: [], proposed: policy });
  assert.deepEqual(
    changes.map((c) => [c.uuid, c.change, c.new.verdict]),
    [
      ['early', 'uncertain', 'unknown'],
      ['late', 'rule-changed', 'allowed'],
    ],
  );
  assert.match(changes[0]?.reason ?? '', /no DNS answer seen for backup\.vault\.example/);
  assert.equal(dnsAnswers().ipsOf('backup.vault.example'), undefined);
  assert.deepEqual([...(dnsAnswers().ipsOf('unrelated.example') ?? [])], ['192.0.2.1']);
  dnsAnswers().clear();
});
