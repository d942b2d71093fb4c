import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowEndpoint, FlowRecord } from '@/lib/api/flow-record';
import { testDns, testEndpoint, testFlowRecord } from '@/testing/flow-record';
import type { FlowFilterSpec } from '@/server/filter/filter-types';
import { matchesFilter, matchesQuery } from '@/server/filter/match-flow';
import { parseIpOrCidr } from '@/server/filter/ip-cidr';
import { parseLabelSelector } from '@/server/filter/label-selector';

const endpoint = testEndpoint;

type RecordOverrides = Omit<Partial<FlowRecord>, 'source' | 'destination'> & {
  source?: Partial<FlowEndpoint>;
  destination?: Partial<FlowEndpoint>;
};

function rec(over: RecordOverrides = {}): FlowRecord {
  const { source, destination, ...rest } = over;
  return testFlowRecord({
    id: 'uuid-1',
    node: 'kind-worker',
    ...rest,
    source: endpoint({
      identity: 1234,
      namespace: 'shop',
      pod: 'frontend-7d9f-abc',
      ip: '10.0.1.5',
      port: 40000,
      labels: ['k8s:app=frontend', 'k8s:io.kubernetes.pod.namespace=shop'],
      workloads: [{ name: 'frontend', kind: 'Deployment' }],
      ...source,
    }),
    destination: endpoint({
      identity: 5678,
      namespace: 'shop',
      pod: 'cart-5c4-xyz',
      ip: '10.0.2.9',
      port: 8080,
      labels: ['k8s:app=cart', 'k8s:tier=backend'],
      service: { name: 'cart', namespace: 'shop' },
      ...destination,
    }),
  });
}

const m = (f: FlowFilterSpec, r: FlowRecord = rec()) => matchesFilter(r, f);

test('empty filter and empty query match everything', () => {
  assert.equal(m({}), true);
  assert.equal(m({ verdict: [] }), true);
  assert.equal(matchesQuery(rec(), { whitelist: [], blacklist: [] }), true);
});

test('pods: namespace/prefix, whole namespace, default namespace', () => {
  assert.equal(m({ sourcePod: ['shop/frontend'] }), true);
  assert.equal(m({ sourcePod: ['shop/'] }), true);
  assert.equal(m({ sourcePod: ['shop/cart'] }), false);
  assert.equal(m({ sourcePod: ['other/frontend'] }), false);
  assert.equal(m({ sourcePod: ['frontend'] }), false);
  const inDefault = rec({ source: { namespace: 'default', pod: 'frontend-1' } });
  assert.equal(m({ sourcePod: ['frontend'] }, inDefault), true);
  assert.equal(m({ destinationPod: ['shop/cart', 'x/y'] }), true);
  const world = rec({ destination: { namespace: '', pod: '' } });
  assert.equal(m({ destinationPod: ['/'] }, world), false);
});

test('services match like pods against the endpoint service', () => {
  assert.equal(m({ destinationService: ['shop/cart'] }), true);
  assert.equal(m({ destinationService: ['shop/'] }), true);
  assert.equal(m({ destinationService: ['cart'] }), false);
  assert.equal(m({ sourceService: ['shop/'] }), false);
});

test('IPs: exact, CIDR, IPv6, wrong family', () => {
  assert.equal(m({ sourceIp: ['10.0.1.5'] }), true);
  assert.equal(m({ sourceIp: ['10.0.1.6'] }), false);
  assert.equal(m({ sourceIp: ['10.0.0.0/16'] }), true);
  assert.equal(m({ sourceIp: ['10.0.2.0/24'] }), false);
  assert.equal(m({ destinationIp: ['10.0.2.8/31'] }), true);
  assert.equal(m({ sourceIp: ['0.0.0.0/0'] }), true);
  const v6 = rec({ source: { ip: 'fd00:10:244::5' } });
  assert.equal(m({ sourceIp: ['fd00:10:244::/48'] }, v6), true);
  assert.equal(m({ sourceIp: ['fd00:10:244:0:0:0:0:5'] }, v6), true);
  assert.equal(m({ sourceIp: ['fd00:10:245::/48'] }, v6), false);
  assert.equal(m({ sourceIp: ['::/0'] }), false);
  assert.equal(m({ sourceIp: ['not-an-ip'] }), false);
  assert.equal(m({ sourceIp: ['10.0.0.0/8'] }, rec({ source: { ip: '' } })), false);
});

test('CIDR parser edge cases', () => {
  assert.equal(parseIpOrCidr('10.0.0.0/33'), null);
  assert.equal(parseIpOrCidr('10.0.0.256'), null);
  assert.equal(parseIpOrCidr('010.0.0.1'), null);
  assert.equal(parseIpOrCidr('fd00::/129'), null);
  assert.equal(parseIpOrCidr('1::2::3'), null);
  assert.deepEqual(
    parseIpOrCidr('::ffff:10.0.0.1')?.bytes.slice(10),
    Uint8Array.from([255, 255, 10, 0, 0, 1]),
  );
  assert.equal(parseIpOrCidr('fd00::1/64')?.bits, 64);
});

test('FQDN patterns: wildcard, case, trailing dot', () => {
  const r = rec({ destination: { names: ['API.Stripe.com.'] } });
  assert.equal(m({ destinationFqdn: ['api.stripe.com'] }, r), true);
  assert.equal(m({ destinationFqdn: ['*.stripe.com'] }, r), true);
  assert.equal(m({ destinationFqdn: ['api.stripe.com.'] }, r), true);
  assert.equal(m({ destinationFqdn: ['*.example.com'] }, r), false);
  assert.equal(m({ destinationFqdn: ['stripe.com'] }, r), false);
  assert.equal(m({ sourceFqdn: ['*'] }), false, 'no names, no match');
  assert.equal(m({ destinationFqdn: ['bad pattern!'] }, r), false);
});

test('label selectors with and without source prefix', () => {
  assert.equal(m({ sourceLabel: ['app=frontend'] }), true);
  assert.equal(m({ sourceLabel: ['k8s:app=frontend'] }), true);
  assert.equal(m({ sourceLabel: ['k8s:app==frontend'] }), true);
  assert.equal(m({ sourceLabel: ['reserved:app=frontend'] }), false);
  assert.equal(m({ sourceLabel: ['any:app=frontend'] }), true);
  assert.equal(m({ sourceLabel: ['app!=frontend'] }), false);
  assert.equal(m({ sourceLabel: ['app!=cart'] }), true);
  assert.equal(m({ sourceLabel: ['app'] }), true);
  assert.equal(m({ sourceLabel: ['!app'] }), false);
  assert.equal(m({ sourceLabel: ['!tier'] }), true);
  assert.equal(m({ destinationLabel: ['app in (cart, checkout)'] }), true);
  assert.equal(m({ destinationLabel: ['app notin (cart)'] }), false);
  assert.equal(m({ destinationLabel: ['app notin (web)'] }), true);
  assert.equal(m({ destinationLabel: ['app=cart,tier=backend'] }), true);
  assert.equal(m({ destinationLabel: ['app=cart,tier=frontend'] }), false);
  assert.equal(m({ sourceLabel: ['k8s:io.kubernetes.pod.namespace=shop'] }), true);
  const world = rec({ destination: { labels: ['reserved:world'] } });
  assert.equal(m({ destinationLabel: ['reserved:world'] }, world), true);
  assert.equal(m({ destinationLabel: ['world'] }, world), true);
  assert.equal(m({ destinationLabel: ['k8s:world'] }, world), false);
  assert.equal(m({ destinationLabel: ['app in ('] }), false, 'invalid selector matches nothing');
});

test('label selector parser rejects malformed text', () => {
  for (const bad of ['', 'app in ()', 'app in (a b)', 'app=a,', '=x', 'app=a b', 'a=b=c']) {
    assert.equal(parseLabelSelector(bad).ok, false, bad);
  }
  assert.equal(parseLabelSelector('tier>2').ok, true);
});

test('workloads: name and kind must both match when given', () => {
  assert.equal(m({ sourceWorkload: [{ name: 'frontend' }] }), true);
  assert.equal(m({ sourceWorkload: [{ kind: 'deployment' }] }), true);
  assert.equal(m({ sourceWorkload: [{ name: 'frontend', kind: 'StatefulSet' }] }), false);
  assert.equal(
    m({ sourceWorkload: [{ name: 'x' }, { name: 'frontend', kind: 'Deployment' }] }),
    true,
  );
  assert.equal(m({ destinationWorkload: [{ name: 'cart' }] }), false);
});

test('identities, verdict, drop reason, direction, uuid, reply', () => {
  assert.equal(m({ sourceIdentity: [1234] }), true);
  assert.equal(m({ destinationIdentity: [1234] }), false);
  assert.equal(m({ verdict: ['DROPPED', 'FORWARDED'] }), true);
  assert.equal(m({ verdict: ['DROPPED'] }), false);
  const dropped = rec({ verdict: 'DROPPED', dropReason: 'POLICY_DENIED' });
  assert.equal(m({ dropReasonDesc: ['POLICY_DENIED'] }, dropped), true);
  assert.equal(m({ dropReasonDesc: ['POLICY_DENIED'] }), false);
  assert.equal(m({ trafficDirection: ['EGRESS'] }), true);
  assert.equal(m({ trafficDirection: ['INGRESS'] }), false);
  assert.equal(m({ uuid: ['uuid-1'] }), true);
  assert.equal(m({ reply: [false] }), true, 'undefined isReply counts as false');
  assert.equal(m({ reply: [true] }), false);
  assert.equal(m({ reply: [true] }, rec({ isReply: true })), true);
});

test('event type with and without sub type', () => {
  assert.equal(m({ eventType: [{ type: 4 }] }), true);
  assert.equal(m({ eventType: [{ type: 4, subType: 0 }] }), true);
  assert.equal(m({ eventType: [{ type: 4, subType: 3 }] }), false);
  assert.equal(m({ eventType: [{ type: 1 }, { type: 129 }] }), false);
});

test('protocols incl. L7 and case-insensitivity', () => {
  assert.equal(m({ protocol: ['TCP'] }), true);
  assert.equal(m({ protocol: ['udp'] }), false);
  const icmp6 = rec({ protocol: 'ICMPv6' });
  assert.equal(m({ protocol: ['icmp'] }, icmp6), true);
  assert.equal(m({ protocol: ['icmpv6'] }, icmp6), true);
  assert.equal(m({ protocol: ['icmpv4'] }, icmp6), false);
  assert.equal(m({ protocol: ['sctp'] }, rec({ protocol: 'SCTP' })), true);
  const dns = rec({ protocol: 'UDP', l7: { type: 'REQUEST', latencyNs: '0', dns: dnsRec('x.') } });
  assert.equal(m({ protocol: ['dns'] }, dns), true);
  assert.equal(m({ protocol: ['http', 'kafka'] }, dns), false);
});

test('ports', () => {
  assert.equal(m({ destinationPort: ['8080'] }), true);
  assert.equal(m({ sourcePort: ['8080'] }), false);
  assert.equal(m({ destinationPort: ['80', '8080'] }), true);
  assert.equal(m({ destinationPort: ['8080'] }, rec({ destination: { port: undefined } })), false);
});

function dnsRec(query: string) {
  return testDns(query, { observationSource: '', qtypes: [] });
}

function httpRec(code: number, method = 'GET', url = 'http://cart.shop:8080/api/v1/items?x=1') {
  return rec({
    type: 'L7',
    eventType: 129,
    l7: {
      type: 'RESPONSE',
      latencyNs: '1000',
      http: { code, method, url, protocol: 'HTTP/1.1', headers: [] },
    },
  });
}

test('HTTP status: exact, prefix, no code', () => {
  assert.equal(m({ httpStatusCode: ['503'] }, httpRec(503)), true);
  assert.equal(m({ httpStatusCode: ['5+'] }, httpRec(503)), true);
  assert.equal(m({ httpStatusCode: ['50+'] }, httpRec(503)), true);
  assert.equal(m({ httpStatusCode: ['4+'] }, httpRec(503)), false);
  assert.equal(m({ httpStatusCode: ['5+'] }, httpRec(0)), false);
  assert.equal(m({ httpStatusCode: ['5+'] }), false);
  assert.equal(m({ httpStatusCode: ['500+'] }, httpRec(503)), false);
});

test('HTTP method, path and URL', () => {
  const r = httpRec(200, 'POST');
  assert.equal(m({ httpMethod: ['post'] }, r), true);
  assert.equal(m({ httpMethod: ['GET'] }, r), false);
  assert.equal(m({ httpPath: ['/api/v1/.*'] }, r), true);
  assert.equal(m({ httpPath: ['^/api/v1/items$'] }, r), true, 'path excludes the query');
  assert.equal(m({ httpPath: ['^/v1'] }, r), false);
  assert.equal(m({ httpPath: ['cart\\.shop'] }, r), false, 'host is not part of the path');
  assert.equal(m({ httpUrl: ['^http://cart\\.shop:8080/'] }, r), true);
  assert.equal(m({ httpUrl: ['x=2'] }, r), false);
  assert.equal(m({ httpPath: ['('] }, r), false, 'invalid regex never throws');
  assert.equal(m({ httpPath: ['.*'] }, httpRec(200, 'GET', '')), false);
});

test('DNS query regex tolerates the trailing dot', () => {
  const r = rec({ l7: { type: 'REQUEST', latencyNs: '0', dns: dnsRec('api.stripe.com.') } });
  assert.equal(m({ dnsQuery: ['stripe'] }, r), true);
  assert.equal(m({ dnsQuery: ['^api\\.stripe\\.com$'] }, r), true);
  assert.equal(m({ dnsQuery: ['example'] }, r), false);
  assert.equal(m({ dnsQuery: ['stripe'] }), false);
});

test('node names: exact, glob, cluster prefix', () => {
  assert.equal(m({ nodeName: ['kind-worker'] }), true);
  assert.equal(m({ nodeName: ['kind-*'] }), true);
  assert.equal(m({ nodeName: ['kind'] }), false);
  assert.equal(m({ nodeName: ['default/kind-worker'] }), true);
  assert.equal(m({ nodeName: ['prod/kind-worker'] }), false);
  const clustered = rec({ node: 'kind-kind/kind-worker2' });
  assert.equal(m({ nodeName: ['kind-worker2'] }, clustered), true);
  assert.equal(m({ nodeName: ['kind-kind/*'] }, clustered), true);
  assert.equal(m({ nodeName: ['kind-kind/'] }, clustered), true);
  assert.equal(m({ nodeName: ['other/*'] }, clustered), false);
});

test('fields AND inside a filter; query is any whitelist minus blacklist', () => {
  assert.equal(m({ verdict: ['FORWARDED'], destinationPort: ['8080'] }), true);
  assert.equal(m({ verdict: ['FORWARDED'], destinationPort: ['9090'] }), false);
  const q = {
    whitelist: [{ verdict: ['DROPPED'] }, { sourcePod: ['shop/'] }],
    blacklist: [{ destinationPort: ['8080'] }],
  };
  assert.equal(matchesQuery(rec(), q), false);
  assert.equal(matchesQuery(rec({ destination: { port: 443 } }), q), true);
  assert.equal(
    matchesQuery(rec({ source: { namespace: 'x' }, destination: { port: 443 } }), q),
    false,
  );
  assert.equal(matchesQuery(rec(), { whitelist: [], blacklist: [{ verdict: ['DROPPED'] }] }), true);
});
