import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseError, parsedQuery } from '@/testing/filter-text';

const ok = parsedQuery;
const err = parseError;

test('empty and whitespace text is the empty query', () => {
  assert.deepEqual(ok(''), { whitelist: [], blacklist: [] });
  assert.deepEqual(ok('  \n\t '), { whitelist: [], blacklist: [] });
});

test('directional and shared flags go into one filter', () => {
  assert.deepEqual(ok('--from-pod shop/frontend --to-port 8080 --verdict dropped'), {
    whitelist: [{ sourcePod: ['shop/frontend'], destinationPort: ['8080'], verdict: ['DROPPED'] }],
    blacklist: [],
  });
});

test('non-directional flags expand to a source filter OR a destination filter', () => {
  assert.deepEqual(ok('--from-pod shop/frontend --verdict DROPPED --port 8080').whitelist, [
    { sourcePod: ['shop/frontend'], verdict: ['DROPPED'], sourcePort: ['8080'] },
    { sourcePod: ['shop/frontend'], verdict: ['DROPPED'], destinationPort: ['8080'] },
  ]);
  assert.deepEqual(ok('--ip 10.0.0.0/8').whitelist, [
    { sourceIp: ['10.0.0.0/8'] },
    { destinationIp: ['10.0.0.0/8'] },
  ]);
  assert.deepEqual(ok('-l app=frontend').whitelist, [
    { sourceLabel: ['app=frontend'] },
    { destinationLabel: ['app=frontend'] },
  ]);
  assert.deepEqual(ok('--fqdn *.stripe.com --service shop/cart').whitelist, [
    { sourceFqdn: ['*.stripe.com'], sourceService: ['shop/cart'] },
    { destinationFqdn: ['*.stripe.com'], destinationService: ['shop/cart'] },
  ]);
  assert.deepEqual(ok('--identity world --workload Deployment/api').whitelist, [
    { sourceIdentity: [2], sourceWorkload: [{ kind: 'Deployment', name: 'api' }] },
    { destinationIdentity: [2], destinationWorkload: [{ kind: 'Deployment', name: 'api' }] },
  ]);
  assert.deepEqual(ok('--from-workload api --to-identity 7').whitelist, [
    { sourceWorkload: [{ name: 'api' }], destinationIdentity: [7] },
  ]);
});

test('namespaces become pod prefixes and qualify bare pod names', () => {
  assert.deepEqual(ok('--namespace shop').whitelist, [
    { sourcePod: ['shop/'] },
    { destinationPod: ['shop/'] },
  ]);
  assert.deepEqual(ok('-n shop --pod frontend').whitelist, [
    { sourcePod: ['shop/frontend'] },
    { destinationPod: ['shop/frontend'] },
  ]);
  assert.deepEqual(ok('--from-namespace shop --to-namespace db').whitelist, [
    { destinationPod: ['db/'], sourcePod: ['shop/'] },
  ]);
  assert.deepEqual(ok('--from-namespace shop --from-pod frontend').whitelist, [
    { sourcePod: ['shop/frontend'] },
  ]);
  assert.deepEqual(ok('--to-namespace shop --to-service cart').whitelist, [
    { destinationService: ['shop/cart'] },
  ]);
  assert.match(err('--from-namespace shop --from-pod other/x'), /namespace conflict/);
});

test('repeated flags add values (OR)', () => {
  assert.deepEqual(ok('--verdict DROPPED --verdict error --to-pod a/b --to-pod a/c').whitelist, [
    { verdict: ['DROPPED', 'ERROR'], destinationPod: ['a/b', 'a/c'] },
  ]);
});

test('--not builds a blacklist the same way', () => {
  assert.deepEqual(ok('--not --verdict FORWARDED'), {
    whitelist: [],
    blacklist: [{ verdict: ['FORWARDED'] }],
  });
  assert.deepEqual(ok('--from-pod shop/ --not --port 53 --not --protocol udp'), {
    whitelist: [{ sourcePod: ['shop/'] }],
    blacklist: [
      { sourcePort: ['53'], protocol: ['udp'] },
      { destinationPort: ['53'], protocol: ['udp'] },
    ],
  });
  assert.deepEqual(ok('--not --namespace kube-system').blacklist, [
    { sourcePod: ['kube-system/'] },
    { destinationPod: ['kube-system/'] },
  ]);
});

test('--flag=value, quotes and short flags', () => {
  assert.deepEqual(ok(`--http-path='/api/v1/.*' --label "app in (a, b)" -t=drop`).whitelist, [
    { httpPath: ['/api/v1/.*'], sourceLabel: ['app in (a, b)'], eventType: [{ type: 1 }] },
    { httpPath: ['/api/v1/.*'], destinationLabel: ['app in (a, b)'], eventType: [{ type: 1 }] },
  ]);
  assert.deepEqual(ok(`--uuid "a \\"b\\""`).whitelist, [{ uuid: ['a "b"'] }]);
  assert.deepEqual(ok(`--http-url '--odd'`).whitelist, [{ httpUrl: ['--odd'] }]);
});

test('enum-like values are normalised', () => {
  const f = ok(
    '--drop-reason-desc policy_denied --traffic-direction Ingress --protocol TCP --http-method get',
  ).whitelist;
  assert.deepEqual(f, [
    {
      dropReasonDesc: ['POLICY_DENIED'],
      trafficDirection: ['INGRESS'],
      protocol: ['tcp'],
      httpMethod: ['GET'],
    },
  ]);
});

test('event types, sub types and numbers', () => {
  const types = (t: string) => ok(`--type ${t}`).whitelist[0]?.eventType;
  assert.deepEqual(types('drop'), [{ type: 1 }]);
  assert.deepEqual(types('policy-verdict'), [{ type: 5 }]);
  assert.deepEqual(types('l7'), [{ type: 129 }]);
  assert.deepEqual(types('trace'), [{ type: 4 }]);
  assert.deepEqual(types('trace:to-endpoint'), [{ type: 4, subType: 0 }]);
  assert.deepEqual(types('trace:from-network'), [{ type: 4, subType: 10 }]);
  assert.deepEqual(types('4:3'), [{ type: 4, subType: 3 }]);
  assert.match(err('--type nope'), /^--type: unknown event type "nope" \(one of drop, /);
  assert.match(err('--type trace:sideways'), /^--type: unknown sub-type "sideways"/);
});

test('the remaining flags', () => {
  assert.deepEqual(
    ok('--node-name Kind-Worker --node-name prod/* --http-status 5+ --dns-query stripe --uuid X')
      .whitelist,
    [
      {
        nodeName: ['kind-worker', 'prod/*'],
        httpStatusCode: ['5+'],
        dnsQuery: ['stripe'],
        uuid: ['X'],
      },
    ],
  );
  assert.deepEqual(ok('--from-ip fd00::1 --to-fqdn api.stripe.com').whitelist, [
    { sourceIp: ['fd00::1'], destinationFqdn: ['api.stripe.com'] },
  ]);
  assert.deepEqual(ok('--cluster prod').whitelist, [{ nodeName: ['prod/'] }]);
  assert.match(err('--node-name kind-worker --cluster prod'), /cannot be combined/);
});

test('error messages are precise', () => {
  assert.equal(err('--frm-pod shop/x'), 'unknown flag --frm-pod (did you mean --from-pod?)');
  assert.equal(err('--zzzzzzzz 1'), 'unknown flag --zzzzzzzz');
  assert.equal(err('-x 1'), 'unknown flag -x');
  assert.equal(err('--port'), '--port needs a value');
  assert.equal(err('--port --verdict DROPPED'), '--port needs a value');
  assert.equal(err('-l'), '-l needs a value');
  assert.match(
    err('--verdict DROPED'),
    /^--verdict: unknown verdict "DROPED" \(one of .*FORWARDED, DROPPED/,
  );
  assert.match(err('--drop-reason-desc NOPE'), /^--drop-reason-desc: unknown drop reason "NOPE"/);
  assert.match(err('--drop-reason-desc denied'), /POLICY_DENIED/);
  assert.equal(
    err('--traffic-direction up'),
    '--traffic-direction: unknown traffic direction "up" (one of ingress, egress)',
  );
  assert.equal(err('--port 80a'), '--port: "80a" is not a port (0-65535)');
  assert.equal(err('--to-port 65536'), '--to-port: "65536" is not a port (0-65535)');
  assert.equal(
    err('--http-status 500+'),
    '--http-status: "500+" is not a status code (use 500 or 5+)',
  );
  assert.equal(
    err('--http-status 600'),
    '--http-status: "600" is not a status code (use 500 or 5+)',
  );
  assert.match(
    err("--http-path '/api/('"),
    /^--http-path: invalid regular expression "\/api\/\(": /,
  );
  assert.match(err('--dns-query "["'), /^--dns-query: invalid regular expression/);
  assert.equal(
    err('--from-ip 10.0.0.0/33'),
    '--from-ip: "10.0.0.0/33" is not an IP address or CIDR',
  );
  assert.equal(err('--ip 10.0.0'), '--ip: "10.0.0" is not an IP address or CIDR');
  assert.match(err('--to-fqdn "a b"'), /^--to-fqdn: "a b" is not a DNS name pattern/);
  assert.match(err('--label "app in ("'), /^--label: invalid label selector "app in \(": /);
  assert.match(err('--protocol ftp'), /^--protocol: unknown protocol "ftp" \(one of tcp, udp/);
  assert.match(err('--identity nobody'), /^--identity: "nobody" is not a security identity/);
  assert.match(err('--pod a/b/c'), /^--pod: "a\/b\/c" is not \[namespace\/\]pod-prefix/);
  assert.equal(err('--namespace a/b'), '--namespace: "a/b" is not a namespace');
  assert.match(err('--workload a/b/c'), /^--workload: "a\/b\/c" is not a workload/);
  assert.match(err('--node-name "a/b/c"'), /^--node-name: "a\/b\/c" is not a node name pattern/);
  assert.equal(err('--uuid ""'), '--uuid: value is empty');
  assert.equal(err('shop'), 'expected a flag such as --namespace, got "shop"');
  assert.equal(err('--pod shop/a extra'), 'expected a flag such as --namespace, got "extra"');
  assert.equal(err('--pod "shop'), 'unterminated " quote');
  assert.equal(err('--not'), '--not must be followed by a filter flag');
  assert.equal(err('--not --not --pod a/'), 'consecutive --not statements');
  assert.equal(err('--not=x'), '--not takes no value');
  assert.equal(err('--pod a/ --from-pod b/'), 'filters --pod and --from-pod cannot be combined');
  assert.equal(
    err('--namespace a --to-pod b/c'),
    'filters --namespace and --to-pod cannot be combined',
  );
});

test('--since, --until and --last reaching the filter parser say where they belong', () => {
  assert.equal(
    err('--since 5m'),
    '--since is not a filter here; give the time window as window=, or from= and to=',
  );
  assert.match(err('--verdict DROPPED --until=1h'), /^--until is not a filter here/);
  assert.equal(err('--last 20'), '--last is not a filter here; give the number of flows as limit=');
});
