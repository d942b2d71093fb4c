import { test } from 'node:test';
import assert from 'node:assert/strict';
import { captureLines, capturesSkip } from '@/testing/captures';
import { fromJson } from '@bufbuild/protobuf';
import type { JsonValue } from '@bufbuild/protobuf';
import { GetFlowsResponseSchema } from '@/proto/gen/observer/observer_pb';
import type { DropReason, Flow, Verdict } from '@/proto/gen/flow/flow_pb';
import { derivedFlowId, toFlowRecord } from './to-flow-record';

function flowFromJson(line: JsonValue): Flow {
  const res = fromJson(GetFlowsResponseSchema, line, { ignoreUnknownFields: true });
  assert.equal(res.responseTypes.case, 'flow');
  return res.responseTypes.value as Flow;
}

// A policy-verdict drop by an explicit deny rule, in the lowerCamelCase of `-o jsonpb`.
const denied = {
  flow: {
    time: '2026-11-20T10:00:00.123456789Z',
    uuid: '3f6d0b52-8a8e-4c55-9a39-1f0d8b9a7c11',
    verdict: 'DROPPED',
    dropReason: 181,
    dropReasonDesc: 'POLICY_DENY',
    IP: { source: '10.244.1.15', destination: '169.254.169.254', ipVersion: 'IPv4' },
    l4: { TCP: { sourcePort: 41234, destinationPort: 80, flags: { SYN: true } } },
    source: {
      ID: 812,
      identity: 48213,
      clusterName: 'demo',
      namespace: 'shop',
      labels: ['k8s:app=backend', 'k8s:io.kubernetes.pod.namespace=shop'],
      podName: 'backend-7d9f8-abcde',
      workloads: [{ name: 'backend', kind: 'Deployment' }],
    },
    destination: { identity: 2, labels: ['reserved:world'] },
    Type: 'L3_L4',
    nodeName: 'demo/worker-1',
    nodeLabels: ['kubernetes.io/hostname=worker-1'],
    eventType: { type: 5 },
    trafficDirection: 'EGRESS',
    policyMatchType: 2,
    isReply: false,
    egressDeniedBy: [
      {
        name: 'deny-egress-to-metadata',
        labels: ['k8s:io.cilium.k8s.policy.name=deny-egress-to-metadata'],
        revision: '6',
        kind: 'CiliumClusterwideNetworkPolicy',
      },
    ],
    policyLog: [''],
    Summary: 'TCP Flags: SYN',
  },
  nodeName: 'demo/worker-1',
  time: '2026-11-20T10:00:00.123456789Z',
};

test('every field a dashboard shows survives into the record', () => {
  const rec = toFlowRecord(flowFromJson(denied));
  assert.equal(rec.id, '3f6d0b52-8a8e-4c55-9a39-1f0d8b9a7c11');
  assert.equal(rec.hasUuid, true);
  assert.equal(rec.time, '2026-11-20T10:00:00.123456789Z');
  assert.equal(rec.ts, Date.parse('2026-11-20T10:00:00.123Z'));
  assert.equal(rec.node, 'demo/worker-1');
  assert.deepEqual(rec.nodeLabels, ['kubernetes.io/hostname=worker-1']);
  assert.equal(rec.verdict, 'DROPPED');
  assert.equal(rec.dropReason, 'POLICY_DENY');
  assert.equal(rec.type, 'L3_L4');
  assert.equal(rec.eventType, 5);
  assert.equal(rec.direction, 'EGRESS');
  assert.equal(rec.policyMatchType, 2);
  assert.equal(rec.isReply, false);
  assert.equal(rec.protocol, 'TCP');
  assert.deepEqual(rec.tcpFlags, ['SYN']);
  assert.equal(rec.ipVersion, 'IPv4');
  assert.deepEqual(rec.source, {
    identity: 48213,
    endpointId: 812,
    cluster: 'demo',
    namespace: 'shop',
    pod: 'backend-7d9f8-abcde',
    workloads: [{ name: 'backend', kind: 'Deployment' }],
    labels: ['k8s:app=backend', 'k8s:io.kubernetes.pod.namespace=shop'],
    ip: '10.244.1.15',
    port: 41234,
    names: [],
  });
  assert.equal(rec.destination.identity, 2);
  assert.equal(rec.destination.port, 80);
  assert.deepEqual(rec.egressDeniedBy, [
    {
      name: 'deny-egress-to-metadata',
      namespace: '',
      kind: 'CiliumClusterwideNetworkPolicy',
      revision: '6',
      labels: ['k8s:io.cilium.k8s.policy.name=deny-egress-to-metadata'],
    },
  ]);
  assert.deepEqual(rec.ingressAllowedBy, []);
  assert.equal(rec.summary, 'TCP Flags: SYN');
});

test('unknown enum values from a newer Hubble print as numbers instead of failing', () => {
  const flow = flowFromJson(denied);
  flow.verdict = 42 as Verdict;
  flow.dropReasonDesc = 999 as DropReason;
  const rec = toFlowRecord(flow);
  assert.equal(rec.verdict, '42');
  assert.equal(rec.dropReason, '999');
});

test(
  'the real snake_case captures decode, with L7 HTTP and DNS and stable derived ids',
  { skip: capturesSkip },
  () => {
    for (const file of ['basic-sample-348-http-flows.json', 'basic-sample-330-dns-flows.json']) {
      const lines = captureLines(file);
      const ids = new Set<string>();
      for (const line of lines) {
        const flow = flowFromJson(JSON.parse(line) as JsonValue);
        const rec = toFlowRecord(flow);
        assert.equal(rec.hasUuid, false);
        assert.equal(rec.id, derivedFlowId(flow), 'derived id is stable');
        assert.match(rec.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
        ids.add(rec.id);
      }
      assert.ok(ids.size >= lines.length - 2, `${file}: ids are nearly all distinct`);
    }
    const http = JSON.parse(captureLines('basic-sample-348-http-flows.json')[0]!);
    const rec = toFlowRecord(flowFromJson(http as JsonValue));
    assert.equal(rec.l7?.http?.method, 'GET');
    assert.equal(rec.l7?.http?.url, 'http://10.128.0.4:9990/metrics');
    assert.equal(rec.source.namespace, 'istio-system');
    assert.deepEqual(rec.destination.labels, ['reserved:world']);
    const dns = JSON.parse(captureLines('basic-sample-330-dns-flows.json')[1]!);
    const drec = toFlowRecord(flowFromJson(dns as JsonValue));
    assert.equal(drec.l7?.dns?.rcode, 3);
    assert.equal(drec.isReply, true);
  },
);
