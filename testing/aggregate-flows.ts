// Hand-built FlowRecords for tests: a plain pod-to-pod TCP flow with overridable parts.
import type { FlowEndpoint, FlowRecord } from '@/lib/api/flow-record';
import { testEndpoint, testFlowRecord } from '@/testing/flow-record';

export const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

let counter = 0;

export function pod(ns: string, podName: string, extra: Partial<FlowEndpoint> = {}): FlowEndpoint {
  return testEndpoint({
    identity: 40000 + podName.length,
    namespace: ns,
    pod: podName,
    labels: [`k8s:io.kubernetes.pod.namespace=${ns}`],
    ip: '10.0.0.1',
    ...extra,
  });
}

export function reserved(
  identity: number,
  label: string,
  extra: Partial<FlowEndpoint> = {},
): FlowEndpoint {
  return testEndpoint({ identity, labels: [label], ip: '1.2.3.4', ...extra });
}

function uuidFor(n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `0b9f3c2e-1a2b-4c3d-8e4f-${hex}`;
}

/** Hubble's time text for `ts`, with sub-millisecond digits as a node reports them. */
function timeAt(ts: number): string {
  return new Date(ts).toISOString().replace('Z', '123456Z');
}

export function flow(over: Partial<FlowRecord> = {}): FlowRecord {
  counter += 1;
  const ts = over.ts ?? T0;
  const rec = testFlowRecord({
    id: uuidFor(counter),
    time: timeAt(ts),
    ts,
    node: 'kind-worker',
    observationPoint: 'TO_STACK',
    isReply: false,
    tcpFlags: ['SYN'],
    source: pod('shop', 'frontend-7d4b9c6f5d-x7k2p', { ip: '10.0.1.1', port: 40000 }),
    destination: pod('shop', 'backend-5f6d8b7c9d-q9w4z', { ip: '10.0.1.2', port: 8080 }),
    summary: 'TCP Flags: SYN',
    ...over,
  });
  if (over.ts !== undefined && over.time === undefined) rec.time = timeAt(ts);
  return rec;
}
