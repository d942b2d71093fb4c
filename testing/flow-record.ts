// A plain FlowRecord for tests: a forwarded TCP trace event between two empty endpoints,
// which each test overrides where it matters.
import type { FlowDns, FlowEndpoint, FlowRecord } from '@/lib/api/flow-record';

export function testEndpoint(over: Partial<FlowEndpoint> = {}): FlowEndpoint {
  return {
    identity: 0,
    namespace: '',
    pod: '',
    workloads: [],
    labels: [],
    ip: '',
    names: [],
    ...over,
  };
}

export function testFlowRecord(over: Partial<FlowRecord> = {}): FlowRecord {
  return {
    id: 'f1',
    hasUuid: true,
    time: '2026-01-01T00:00:00.000000000Z',
    ts: 0,
    node: 'node-1',
    nodeLabels: [],
    verdict: 'FORWARDED',
    type: 'L3_L4',
    eventType: 4,
    eventSubType: 0,
    direction: 'EGRESS',
    policyMatchType: 0,
    ipVersion: 'IPv4',
    encrypted: false,
    protocol: 'TCP',
    tcpFlags: [],
    source: testEndpoint(),
    destination: testEndpoint(),
    ingressAllowedBy: [],
    egressAllowedBy: [],
    ingressDeniedBy: [],
    egressDeniedBy: [],
    policyLog: [],
    ...over,
  };
}

/** An A query for `query` as the DNS proxy reports it, before any answer. */
export function testDns(query: string, over: Partial<FlowDns> = {}): FlowDns {
  return {
    query,
    ips: [],
    ttl: 0,
    cnames: [],
    observationSource: 'proxy',
    rcode: 0,
    qtypes: ['A'],
    rrtypes: [],
    ...over,
  };
}
