// Small FlowRecord builders for the policy tests: a pod, a world peer, and one flow.
import type { FlowEndpoint, FlowRecord } from '@/lib/api/flow-record';
import { testDns, testEndpoint, testFlowRecord } from '@/testing/flow-record';
import { scenarioFlows } from '@/server/demo/scenario/test-scenario';
import { toFlowRecord } from '@/server/ingest/to-flow-record';
import { dnsAnswers } from '@/server/policies/dns-answers';

export function pod(
  namespace: string,
  labels: Record<string, string>,
  ip = '10.0.0.5',
): FlowEndpoint {
  return testEndpoint({
    identity: 12345,
    namespace,
    pod: `${labels.app ?? 'pod'}-1`,
    labels: [
      ...Object.entries(labels).map(([k, v]) => `k8s:${k}=${v}`),
      `k8s:io.kubernetes.pod.namespace=${namespace}`,
      `k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=${namespace}`,
    ],
    ip,
  });
}

export function world(ip: string, names: string[] = []): FlowEndpoint {
  return testEndpoint({ identity: 2, labels: ['reserved:world'], ip, names });
}

export function reserved(entity: string, identity: number, ip = '172.18.0.2'): FlowEndpoint {
  return testEndpoint({ identity, labels: [`reserved:${entity}`], ip });
}

export interface FlowSpec {
  src: FlowEndpoint;
  dst: FlowEndpoint;
  direction: 'INGRESS' | 'EGRESS';
  port: number;
  protocol?: 'TCP' | 'UDP' | 'ICMPv4';
  http?: { method: string; url: string };
  dns?: string;
  /** A reply packet: `port` is then the source's (server's) port. */
  reply?: boolean;
}

export function flow(s: FlowSpec): FlowRecord {
  const rec = testFlowRecord({
    id: 'fs-00000000000000000000000000000001',
    hasUuid: false,
    time: '2024-01-01T00:00:00.000000000Z',
    ts: 1704067200000,
    node: 'test/node',
    type: s.http || s.dns ? 'L7' : 'L3_L4',
    eventType: s.http || s.dns ? 129 : 5,
    direction: s.direction,
    protocol: s.protocol ?? 'TCP',
    source: { ...s.src, port: s.reply ? s.port : 40000 },
    destination: { ...s.dst, port: s.reply ? 40000 : s.port },
  });
  if (s.reply) rec.isReply = true;
  if (s.http) {
    rec.l7 = {
      type: 'REQUEST',
      latencyNs: '0',
      http: { code: 0, method: s.http.method, url: s.http.url, protocol: 'HTTP/1.1', headers: [] },
    };
  }
  if (s.dns) {
    rec.l7 = { type: 'REQUEST', latencyNs: '0', dns: testDns(s.dns) };
  }
  return rec;
}

/**
 * The demo scenario's flows as stored (200 a second from a fixed start), with their DNS
 * answers fed to the index as the runtime does.
 */
export function scenarioRecords(seconds: number, seed: number): FlowRecord[] {
  const startNs = 1_700_000_000_000_000_000n;
  const flows = scenarioFlows({ startNs, seconds, seed, flowsPerSecond: 200 }).map(toFlowRecord);
  dnsAnswers().clear();
  for (const f of flows) dnsAnswers().observe(f);
  return flows;
}
