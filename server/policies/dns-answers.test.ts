// toFQDNs rules read against the DNS answers Flowscope has seen. Cilium allows a name's
// traffic to the IPs its DNS proxy saw answered for it (pkg/fqdn: the name manager turns
// proxied answers into selector IPs), and its patterns follow pkg/fqdn/matchpattern: `*`
// stands for characters valid in a DNS label ([-a-zA-Z0-9_], allowedDNSCharsREGroup),
// never a dot, and a leading `**.` for one or more whole labels (dnsWildcardREGroup).
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { DnsAnswers, dnsAnswers } from './dns-answers';
import { evaluate } from './evaluate';
import { dnsMatches } from './match';
import { parsePolicyYaml } from './parse';
import { flow, pod, world } from '@/testing/policy-flows';

afterEach(() => dnsAnswers().clear());

const POLICY = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: backup, namespace: payments }
spec:
  endpointSelector: { matchLabels: { app: ledger } }
  egress:
    - toFQDNs:
        - matchName: backup.vault.example
        - matchPattern: '*.store.example'
      toPorts:
        - ports: [{ port: '443', protocol: TCP }]
`;
const policies = parsePolicyYaml(POLICY, 'p.yaml').policies;
const LEDGER = pod('payments', { app: 'ledger' });
const toIp = (ip: string, port = 443) =>
  flow({ src: LEDGER, dst: world(ip), direction: 'EGRESS', port });

test('no DNS answer seen for the name: unknown with the reason, never a guess', () => {
  const ev = evaluate(policies, toIp('198.18.7.40'));
  assert.equal(ev.verdict, 'unknown');
  assert.deepEqual(ev.unsupported, [
    'CiliumNetworkPolicy/payments/backup: egress[0]: no DNS answer seen for backup.vault.example',
  ]);
});

test('the destination IP among a matched name answers: the rule allows it', () => {
  dnsAnswers().add('Backup.Vault.Example.', ['198.18.7.40']);
  dnsAnswers().add('eu.store.example', ['198.18.9.1']);
  assert.equal(evaluate(policies, toIp('198.18.7.40')).verdict, 'allowed');
  assert.equal(evaluate(policies, toIp('198.18.9.1')).matched?.ruleId, 'egress[0]');
  // Answers seen for every name, none with this IP: a confident default deny.
  assert.equal(evaluate(policies, toIp('203.0.113.9')).verdict, 'default-deny');
  // Another port is decided by the port, whatever the DNS answers.
  dnsAnswers().clear();
  assert.equal(evaluate(policies, toIp('198.18.7.40', 80)).verdict, 'default-deny');
});

test('matchPattern: * stays inside one label, **. spans labels (pkg/fqdn/matchpattern)', () => {
  assert.equal(dnsMatches({ matchPattern: '*.store.example' }, 'eu.store.example'), true);
  assert.equal(dnsMatches({ matchPattern: '*.store.example' }, 'a.eu.store.example'), false);
  assert.equal(dnsMatches({ matchPattern: '**.store.example' }, 'a.eu.store.example'), true);
  assert.equal(dnsMatches({ matchPattern: '**.store.example' }, 'store.example'), false);
  assert.equal(dnsMatches({ matchPattern: 'api-*.example' }, 'api-v_2.example'), true);
  assert.equal(dnsMatches({ matchPattern: '*' }, 'anything.at.all'), true);
});

test('the index is bounded: the oldest answered name and the oldest IP go first', () => {
  const idx = new DnsAnswers(2, 2);
  idx.add('a.example', ['1.1.1.1']);
  idx.add('b.example', ['2.2.2.1', '2.2.2.2', '2.2.2.3']);
  assert.deepEqual([...(idx.ipsOf('b.example') ?? [])], ['2.2.2.2', '2.2.2.3']);
  idx.add('a.example', ['1.1.1.2']);
  idx.add('c.example', ['3.3.3.3']);
  assert.equal(idx.ipsOf('b.example'), undefined);
  assert.deepEqual([...(idx.ipsOf('a.example') ?? [])], ['1.1.1.1', '1.1.1.2']);
  assert.equal(idx.size, 2);
});
