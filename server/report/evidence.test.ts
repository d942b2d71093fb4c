// The evidence report on the demo scenario, checked against what the scenario says. The
// expected lists below were worked out by reading server/demo/scenario/default-scenario.ts
// (its stories) and server/policies/demo/*.yaml, not by running the report:
// - payments holds one workload, the ledger (StatefulSet, app=ledger).
// - Ingress: payments/ledger-ingress selects app=ledger with ingress rules, so ingress is in
//   default deny by it; it admits shop app=backend on 5432/TCP and monitoring app=vmagent
//   on 9187/TCP, both from other namespaces, nothing from the internet.
// - Egress: payments/ledger-backup-egress selects the ledger but sets enableDefaultDeny
//   egress: false, and the cluster-wide deny-egress-to-metadata has deny rules only, so
//   egress is selected by both and in default deny by neither: every peer is allowed out,
//   and the backup rule (toFQDNs backup.ledger-vault.example, 443/TCP) reaches the internet.
// - Stories touching the ledger: backend -> ledger 5432 (allowed), backend pods with the
//   `backnd` typo -> ledger 5432 (denied at egress; same Deployment, so node shop/backend),
//   frontend -> ledger 5432 (denied at egress), vmagent scrapes ledger 9187 (allowed),
//   ledger -> ledger-backup 198.18.7.40:443 (a world IP with no DNS name: reserved:world,
//   allowed). Every one of them crosses the payments boundary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { EvidenceReport } from '@/lib/api/report';
import type { TimelineGap } from '@/lib/api/types';
import { scopedReader } from '@/server/access/scoped-reader';
import { parseLabelSelector } from '@/server/filter/label-selector';
import { parsePolicyYaml } from '@/server/policies/parse';
import { loadPolicyFolder } from '@/server/policies/source';
import type { Policy } from '@/server/policies/model';
import { openFlowStore, type FlowStore } from '@/server/store/flow-store';
import { pod, scenarioRecords } from '@/testing/policy-flows';
import { testFlowRecord } from '@/testing/flow-record';
import { evidenceReport, NOT_DEFAULT_DENY, type EvidenceInput } from './evidence';

const LIMITS = { maxFlows: 1_000_000, maxBytes: 1 << 30, maxAgeMs: 86_400_000 };
const SETTINGS = { allowLocalhost: 'always', enforcement: 'default' } as const;
const cnp = (ns: string, name: string) => `CiliumNetworkPolicy/${ns}/${name}`;
const CCNP_METADATA = 'CiliumClusterwideNetworkPolicy/_/deny-egress-to-metadata';

async function demoPolicies(): Promise<Policy[]> {
  const source = await loadPolicyFolder(path.join(process.cwd(), 'server/policies/demo'));
  assert.deepEqual(source.errors(), []);
  return source.policies();
}

let demo: Promise<{ store: FlowStore; window: { from: number; to: number } }> | undefined;
function demoStore() {
  demo ??= (async () => {
    const store = await openFlowStore({ limits: LIMITS });
    const recs = scenarioRecords(60, 7);
    for (const f of recs) store.append(f);
    const ts = recs.map((r) => r.ts);
    return { store, window: { from: Math.min(...ts), to: Math.max(...ts) + 1 } };
  })();
  return demo;
}

async function report(over: Partial<EvidenceInput> = {}): Promise<EvidenceReport> {
  const { store, window } = await demoStore();
  return evidenceReport({
    scope: { kind: 'namespaces', namespaces: ['payments'] },
    window,
    viewerScope: undefined,
    flows: store,
    policies: await demoPolicies(),
    gaps: [],
    settings: SETTINGS,
    ...over,
  });
}

function parseSel(text: string) {
  const parsed = parseLabelSelector(text);
  assert.ok(parsed.ok);
  return parsed.reqs;
}

const edgeText = (e: { source: string; target: string; port: number; protocol: string }) =>
  `${e.source} > ${e.target}:${e.port}/${e.protocol}`;

test('payments: the ledger is in default deny for ingress only, by ledger-ingress', async () => {
  const r = await report();
  assert.deepEqual(
    r.workloads.map((w) => w.id),
    ['payments/ledger'],
  );
  const w = r.workloads[0]!;
  assert.equal(w.ingress.enforced, true);
  assert.deepEqual(w.ingress.enforcingPolicies, [cnp('payments', 'ledger-ingress')]);
  assert.equal(w.egress.enforced, false);
  assert.deepEqual(w.egress.enforcingPolicies, []);
  assert.deepEqual(w.egress.selectingPolicies, [
    CCNP_METADATA,
    cnp('payments', 'ledger-backup-egress'),
  ]);
  assert.equal(w.protected, false);
  assert.equal(r.totals.protected, 0);
  assert.deepEqual(w.unsupported, []);
});

test('payments: what the policies allow in and out of the ledger', async () => {
  const w = (await report()).workloads[0]!;
  const rules = (list: { policy: string; ruleId: string; peer: string; ports: string }[]) =>
    list.map((a) => `${a.policy} ${a.ruleId} | ${a.peer} | ${a.ports}`);
  const fromElsewhere = [
    `${cnp('payments', 'ledger-ingress')} ingress[0] | endpoints app=backend, k8s:io.kubernetes.pod.namespace=shop | 5432/TCP`,
    `${cnp('payments', 'ledger-ingress')} ingress[1] | endpoints app=vmagent, k8s:io.kubernetes.pod.namespace=monitoring | 9187/TCP`,
  ];
  assert.deepEqual(rules(w.allows.fromInternet), []);
  assert.deepEqual(rules(w.allows.fromOtherNamespaces), fromElsewhere);
  assert.deepEqual(rules(w.allows.fromOutsideScope), fromElsewhere);
  assert.deepEqual(rules(w.allows.toInternet), [
    `${NOT_DEFAULT_DENY}  | every peer | every port`,
    `${cnp('payments', 'ledger-backup-egress')} egress[0] | FQDN backup.ledger-vault.example | 443/TCP`,
  ]);
});

test('payments: the boundary crossings and the denied attempts are the scenario stories', async () => {
  const r = await report();
  const crossing = r.boundary.map(
    (e) => `${e.direction} ${edgeText(e)} allowed=${e.allowed > 0} denied=${e.denied > 0}`,
  );
  assert.deepEqual(crossing, [
    'in monitoring/vmagent > payments/ledger:9187/TCP allowed=true denied=false',
    'out payments/ledger > reserved:world:443/TCP allowed=true denied=false',
    'in shop/backend > payments/ledger:5432/TCP allowed=true denied=true',
    'in shop/frontend > payments/ledger:5432/TCP allowed=false denied=true',
  ]);
  assert.deepEqual(
    r.denied.map(
      (d) => `${d.source} in-scope=${d.inScope}: ${d.attempts.map(edgeText).join(', ')}`,
    ),
    [
      'shop/backend in-scope=false: shop/backend > payments/ledger:5432/TCP',
      'shop/frontend in-scope=false: shop/frontend > payments/ledger:5432/TCP',
    ],
  );
  // Every observed edge of the ledger crosses the boundary here: the counts agree.
  const w = r.workloads[0]!;
  assert.deepEqual(w.observed.totals, r.totals.boundary);
  assert.equal(r.totals.denied, w.observed.totals.denied);
  assert.ok(r.denied[0]!.denied >= r.denied[1]!.denied, 'highest count first');
  // The revisions the ledger's flows name, as the demo's flows carry them.
  assert.deepEqual(
    r.revisions.seen.map((s) => `${s.policy}@${s.revisions.join('/')}`),
    [
      `${cnp('payments', 'ledger-backup-egress')}@1`,
      `${cnp('payments', 'ledger-ingress')}@2`,
      `${cnp('shop', 'backend-egress')}@4`,
    ],
  );
  assert.deepEqual(r.revisions.changes, []);
});

test('a selector scope finds the same ledger, and only within the viewer namespaces', async () => {
  const parsed = parseLabelSelector('k8s:app=ledger');
  assert.ok(parsed.ok);
  const scope = { kind: 'selector' as const, selector: 'k8s:app=ledger', reqs: parsed.reqs };
  const r = await report({ scope });
  assert.deepEqual(
    r.workloads.map((w) => w.id),
    ['payments/ledger'],
  );
  assert.equal(r.boundary.length, 4);
  // shop/backend runs pods labelled app=backend and, from a typo, app=backnd.
  const backend = await report({
    scope: { kind: 'selector', selector: 'app=backend', reqs: parseSel('app=backend') },
  });
  assert.deepEqual(
    backend.workloads.map((w) => w.id),
    ['shop/backend'],
  );
  assert.ok(
    backend.gaps.notes.some((n) => n.startsWith('some pods of shop/backend do not match')),
    backend.gaps.notes.join(' | '),
  );
  assert.ok(!r.gaps.notes.some((n) => n.startsWith('some pods')));
  const { store } = await demoStore();
  const shopOnly = await report({
    scope,
    viewerScope: ['shop'],
    flows: scopedReader(store, ['shop']),
  });
  assert.deepEqual(shopOnly.workloads, []);
  assert.deepEqual(shopOnly.boundary, []);
  assert.deepEqual(shopOnly.scope, {
    kind: 'selector',
    selector: 'k8s:app=ledger',
    namespaces: ['shop'],
  });
  assert.ok(shopOnly.gaps.notes.some((n) => /no workload/.test(n)));
});

test('gaps: unrecovered ranges, lost events, unread constructs, history after the window', async () => {
  const store = await openFlowStore({ limits: LIMITS });
  const t0 = Date.UTC(2026, 0, 1, 10);
  store.append(
    testFlowRecord({
      ts: t0 + 60_000,
      source: pod('shop', { app: 'frontend' }),
      destination: { ...pod('cde', { app: 'vault', 'pci-zone': 'cde' }), port: 8443 },
    }),
  );
  const parsed = parsePolicyYaml(
    [
      'apiVersion: cilium.io/v2',
      'kind: CiliumNetworkPolicy',
      'metadata: {name: vault-in, namespace: cde}',
      'spec:',
      '  endpointSelector: {matchLabels: {app: vault}}',
      '  ingress:',
      '    - fromGroups: [{aws: {securityGroupsIds: [sg-1]}}]',
    ].join('\n'),
    'test.yaml',
  );
  assert.equal(parsed.policies.length, 1);
  const gaps: TimelineGap[] = [
    {
      kind: 'lost-events',
      from: t0 + 1000,
      to: t0 + 2000,
      ongoing: false,
      lost: 120,
      detail: 'ring buffer',
    },
    { kind: 'relay-unreachable', from: t0 + 5000, to: t0 + 9000, ongoing: false, detail: 'down' },
  ];
  const r = evidenceReport({
    scope: { kind: 'namespaces', namespaces: ['cde'] },
    window: { from: t0, to: t0 + 3_600_000 },
    viewerScope: undefined,
    flows: store,
    policies: parsed.policies,
    gaps,
    settings: SETTINGS,
  });
  assert.equal(r.gaps.lostEvents, 120);
  assert.deepEqual(
    r.gaps.ranges.map((g) => g.kind),
    ['lost-events', 'relay-unreachable'],
  );
  assert.equal(r.gaps.historyStartsAt, t0 + 60_000);
  assert.deepEqual(r.gaps.unsupported, ['CiliumNetworkPolicy/cde/vault-in: ingress[0].fromGroups']);
  assert.deepEqual(r.workloads[0]?.unsupported, r.gaps.unsupported);
  assert.deepEqual(
    r.boundary.map((e) => `${e.direction} ${edgeText(e)}`),
    ['in shop/frontend > cde/vault:8443/TCP'],
  );
});
