import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cleanText,
  formatDropReason,
  formatEndpoint,
  formatFlowTime,
  formatL7,
  formatNodes,
  formatPort,
  formatRetryIn,
  httpPath,
} from './format-flow';
import type { FlowL7, FlowRecord } from '@/lib/api/flow-record';
import { testDns, testEndpoint, testFlowRecord } from '@/testing/flow-record';

const endpoint = testEndpoint;

function flow(over: Partial<FlowRecord> = {}): FlowRecord {
  return testFlowRecord({ time: '2024-01-02T03:04:05.006000000Z', ...over });
}

const dns = (over: Partial<NonNullable<FlowL7['dns']>>): FlowL7 => ({
  type: 'RESPONSE',
  latencyNs: '0',
  dns: testDns('api.stripe.com.', { ttl: 30, ...over }),
});

test('formatFlowTime shows local time with milliseconds', () => {
  const ts = new Date(2024, 0, 2, 3, 4, 5, 6).getTime();
  assert.equal(formatFlowTime(ts), '03:04:05.006');
  assert.equal(formatFlowTime(Number.NaN), '');
});

test('formatEndpoint prefers the workload, then the pod, with namespace', () => {
  const workloads = [{ name: 'frontend', kind: 'Deployment' }];
  assert.equal(
    formatEndpoint(endpoint({ namespace: 'shop', pod: 'frontend-7d9f-x2', workloads })),
    'shop/frontend',
  );
  assert.equal(formatEndpoint(endpoint({ namespace: 'shop', pod: 'cart-0' })), 'shop/cart-0');
});

test('formatEndpoint names world endpoints by DNS name, else IP', () => {
  const world = { identity: 2, labels: ['reserved:world'], ip: '1.2.3.4' };
  assert.equal(
    formatEndpoint(endpoint({ ...world, names: ['api.stripe.com'] })),
    'world: api.stripe.com',
  );
  assert.equal(formatEndpoint(endpoint(world)), 'world: 1.2.3.4');
  assert.equal(
    formatEndpoint(
      endpoint({ identity: 16777217, labels: ['reserved:world-ipv4'], ip: '8.8.8.8' }),
    ),
    'world: 8.8.8.8',
  );
});

test('formatEndpoint names reserved identities from their labels', () => {
  assert.equal(formatEndpoint(endpoint({ identity: 1, labels: ['reserved:host'] })), 'host');
  assert.equal(
    formatEndpoint(endpoint({ identity: 7, labels: ['reserved:kube-apiserver', 'k8s:x=y'] })),
    'kube-apiserver',
  );
  assert.equal(formatEndpoint(endpoint({ ip: '10.0.0.9' })), '10.0.0.9');
});

test('formatEndpoint strips characters that reorder or hide text', () => {
  const pod = 'evil\u202egnp.exe\u0000';
  assert.equal(formatEndpoint(endpoint({ namespace: 'ns', pod })), 'ns/evilgnp.exe');
  assert.equal(cleanText('a\u200bb\u2066c'), 'abc');
});

test('formatPort shows port/protocol, ICMP type/code, or the protocol alone', () => {
  assert.equal(formatPort(flow({ destination: endpoint({ port: 8080 }) })), '8080/TCP');
  assert.equal(formatPort(flow({ protocol: 'ICMPv4', icmp: { type: 8, code: 0 } })), 'ICMPv4 8/0');
  assert.equal(formatPort(flow({ protocol: 'UDP' })), 'UDP');
});

test('formatL7 summarises HTTP requests and responses by path', () => {
  const http = (code: number, url: string): FlowL7 => ({
    type: code ? 'RESPONSE' : 'REQUEST',
    latencyNs: '0',
    http: { code, method: 'GET', url, protocol: 'HTTP/1.1', headers: [] },
  });
  assert.equal(
    formatL7(flow({ l7: http(403, 'http://orders:8080/api/v1/orders') })),
    'GET /api/v1/orders → 403',
  );
  assert.equal(formatL7(flow({ l7: http(0, 'http://x/a?b=1') })), 'GET /a?b=1');
  assert.equal(formatL7(flow()), '');
});

test('formatL7 summarises DNS answers and errors', () => {
  assert.equal(
    formatL7(flow({ l7: dns({ ips: ['1.2.3.4'] }) })),
    'DNS A api.stripe.com. → 1.2.3.4',
  );
  assert.equal(formatL7(flow({ l7: dns({ rcode: 3 }) })), 'DNS A api.stripe.com. → NXDOMAIN');
  assert.equal(formatL7(flow({ l7: dns({ qtypes: [] }) })), 'DNS api.stripe.com.');
});

test('httpPath falls back to the raw text', () => {
  assert.equal(httpPath('/plain/path'), '/plain/path');
  assert.equal(httpPath('http://[bad'), 'http://[bad');
});

test('formatDropReason is blank unless set', () => {
  assert.equal(formatDropReason(flow()), '');
  assert.equal(
    formatDropReason(flow({ verdict: 'DROPPED', dropReason: 'POLICY_DENIED' })),
    'POLICY_DENIED',
  );
});

test('formatNodes and formatRetryIn', () => {
  assert.equal(formatNodes({ connectedNodes: 3, nodes: [{}, {}, {}] as never }), '3/3 nodes');
  assert.equal(formatNodes({ connectedNodes: 1, nodes: [] }), '1/1 node');
  assert.equal(formatRetryIn(10_500, 7_000), 'retry in 4s');
  assert.equal(formatRetryIn(1_000, 7_000), 'retrying now');
});
