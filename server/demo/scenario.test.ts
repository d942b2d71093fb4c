import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DropReason, L7FlowType, Verdict } from '@/proto/gen/flow/flow_pb';
import type { Flow } from '@/proto/gen/flow/flow_pb';
import { timestampToNs } from '@/server/ingest/to-flow-record';
import { ScenarioGenerator } from './scenario/generator';
import { DEMO_POLICIES } from './scenario/policies';

const START = 1_700_000_000_000_000_000n;
const MINUTES = 10n;

function generate(seed: number): Flow[] {
  const g = new ScenarioGenerator({ seed, startNs: START });
  return g.advance(START + MINUTES * 60n * 1_000_000_000n);
}

const flows = generate(42);
const type = (f: Flow) => f.eventType?.type ?? 0;
const port = (f: Flow) => {
  const p = f.l4?.protocol;
  return p?.case === 'TCP' || p?.case === 'UDP' ? p.value.destinationPort : 0;
};
const hasPolicyNames = (f: Flow) =>
  f.egressAllowedBy.length +
    f.ingressAllowedBy.length +
    f.egressDeniedBy.length +
    f.ingressDeniedBy.length >
  0;

describe('demo scenario', () => {
  it('is deterministic per seed and keeps the configured rate', () => {
    const again = generate(42);
    assert.deepEqual(
      again.slice(0, 50).map((f) => f.uuid),
      flows.slice(0, 50).map((f) => f.uuid),
    );
    assert.notDeepEqual(generate(43)[0]?.uuid, flows[0]?.uuid);
    const rate = flows.length / (Number(MINUTES) * 60);
    assert.ok(rate > 20 && rate < 30, `rate ${rate}`);
    const ns = flows.map((f) => timestampToNs(f.time));
    assert.ok(ns.every((t, i) => i === 0 || (ns[i - 1] ?? 0n) <= t));
    assert.ok(
      flows.every((f) =>
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(f.uuid),
      ),
    );
  });

  it('has default-deny drops without policy names, paired with drop events', () => {
    const verdicts = flows.filter(
      (f) => type(f) === 5 && f.dropReasonDesc === DropReason.POLICY_DENIED,
    );
    assert.ok(verdicts.length > 0);
    assert.ok(verdicts.every((f) => f.verdict === Verdict.DROPPED && !hasPolicyNames(f)));
    const drops = flows.filter((f) => type(f) === 1 && f.eventType?.subType === 133);
    assert.ok(drops.length > 0 && drops.every((f) => !hasPolicyNames(f) && f.dropReason === 133));
    const typo = drops.filter(
      (f) => f.source?.labels.includes('k8s:app=backnd') && port(f) === 5432,
    );
    assert.ok(typo.length > 0, 'the backnd pod is dropped on its way to the ledger');
  });

  it('has explicit-deny drops naming the deny policy', () => {
    const denied = flows.filter(
      (f) => type(f) === 5 && f.dropReasonDesc === DropReason.POLICY_DENY,
    );
    assert.ok(denied.length > 0);
    for (const f of denied) {
      assert.equal(f.egressDeniedBy[0]?.name, 'deny-egress-to-metadata');
      assert.equal(f.egressDeniedBy[0]?.kind, 'CiliumClusterwideNetworkPolicy');
      assert.equal(f.destination?.identity, 2);
    }
    assert.ok(flows.some((f) => type(f) === 1 && f.eventType?.subType === 181));
  });

  it('has allowed policy verdicts naming known policies', () => {
    const allowed = flows.filter((f) => type(f) === 5 && f.verdict !== Verdict.DROPPED);
    const names = new Set(
      allowed
        .flatMap((f) => [...f.egressAllowedBy, ...f.ingressAllowedBy])
        .map((p) => `${p.namespace}/${p.name}`),
    );
    for (const want of [
      'shop/frontend-ingress',
      'shop/frontend-egress',
      'shop/backend-api',
      'shop/backend-egress',
      'shop/allow-monitoring',
      'payments/ledger-ingress',
    ]) {
      assert.ok(names.has(want), `no flow allowed by ${want}`);
    }
    const known = new Set(DEMO_POLICIES.map((p) => `${p.namespace}/${p.name}`));
    for (const n of names) assert.ok(known.has(n), `unknown policy ${n}`);
    const p = allowed.find((f) => f.ingressAllowedBy.length > 0)?.ingressAllowedBy[0];
    assert.ok(p?.labels.includes('k8s:io.cilium.k8s.policy.derived-from=CiliumNetworkPolicy'));
    assert.ok(p?.labels.some((l) => l.startsWith('k8s:io.cilium.k8s.policy.uid=')));
    assert.ok((p?.revision ?? 0n) > 0n);
  });

  it('covers the L7, DNS and FQDN stories', () => {
    const http = flows.filter((f) => f.l7?.record.case === 'http');
    assert.ok(http.some((f) => f.verdict === Verdict.DROPPED));
    assert.ok(
      http.some(
        (f) =>
          f.source?.namespace === 'envoy-gateway-system' &&
          f.destination?.podName.startsWith('frontend-'),
      ),
    );
    assert.ok(
      http.some((f) => f.l7?.record.case === 'http' && f.l7.record.value.url.endsWith('/metrics')),
    );
    const dns = flows.filter((f) => f.l7?.record.case === 'dns');
    assert.ok(
      dns.some(
        (f) =>
          f.l7?.record.case === 'dns' &&
          f.l7.record.value.query === 'api.stripe.com.' &&
          f.l7.record.value.ips.length > 0,
      ),
    );
    const stripe = flows.filter((f) => f.destinationNames.includes('api.stripe.com'));
    assert.ok(stripe.some((f) => f.egressAllowedBy[0]?.name === 'backend-egress'));
    assert.ok(stripe.every((f) => (f.destination?.identity ?? 0) >= 16_777_216));
  });

  // cilium/proxy cilium/l7policy.cc logs a denied request as a Denied entry and the proxy's
  // own 403 as a Response entry; Cilium's pkg/envoy GetVerdict gives the Response entry
  // VerdictForwarded, and pkg/hubble/parser/seven decodeVerdict maps Denied to DROPPED.
  it('an L7 denial is one DROPPED request, answered by a FORWARDED 403 response', () => {
    const http = (f: Flow) => (f.l7?.record.case === 'http' ? f.l7.record.value : undefined);
    const requestId = (f: Flow) => http(f)?.headers.find((h) => h.key === 'x-request-id')?.value;
    const denied = flows.filter((f) => http(f) && f.verdict === Verdict.DROPPED);
    assert.ok(denied.length > 10, `only ${denied.length} L7 denials`);
    const responses = new Map<string, Flow[]>();
    for (const f of flows) {
      if (!http(f) || f.l7?.type !== L7FlowType.RESPONSE) continue;
      const id = requestId(f) ?? '';
      responses.set(id, [...(responses.get(id) ?? []), f]);
    }
    for (const req of denied) {
      assert.equal(req.l7?.type, L7FlowType.REQUEST);
      assert.equal(http(req)?.code, 0, 'a request record carries no status code');
      assert.equal(req.isReply ?? false, false);
      const answers = responses.get(requestId(req) ?? '') ?? [];
      assert.equal(answers.length, 1, 'one response record per denied request');
      const res = answers[0]!;
      assert.equal(res.verdict, Verdict.FORWARDED);
      assert.equal(http(res)?.code, 403);
      assert.equal(res.isReply, true);
      assert.equal(res.source?.podName, req.destination?.podName);
    }
    const droppedResponses = flows.filter(
      (f) => f.l7?.type === L7FlowType.RESPONSE && f.verdict === Verdict.DROPPED,
    );
    assert.deepEqual(droppedResponses, []);
  });

  it('covers hosts, kube-apiserver, health, world and workloads', () => {
    const kubelet = flows.filter((f) => port(f) === 10250);
    assert.ok(kubelet.some((f) => f.destination?.identity === 1));
    assert.ok(kubelet.some((f) => f.destination?.identity === 6));
    assert.ok(flows.some((f) => f.destination?.identity === 7 && port(f) === 6443));
    assert.ok(flows.some((f) => f.destination?.identity === 4));
    assert.ok(
      flows.some(
        (f) => f.source?.identity === 2 && f.destination?.namespace === 'envoy-gateway-system',
      ),
    );
    const kinds = new Set(flows.flatMap((f) => f.source?.workloads.map((w) => w.kind) ?? []));
    assert.deepEqual([...kinds].sort(), ['DaemonSet', 'Deployment', 'StatefulSet']);
    const backend = flows.find((f) => f.source?.labels.includes('k8s:app=backend'));
    const typo = flows.find((f) => f.source?.labels.includes('k8s:app=backnd'));
    assert.ok(backend && typo && backend.source?.identity !== typo.source?.identity);
    assert.equal(typo?.source?.workloads[0]?.name, 'backend');
    assert.ok(flows.every((f) => f.nodeName.startsWith('demo/')));
  });
});
