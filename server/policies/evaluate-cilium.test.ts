// Behaviours where Cilium's engine differs from a reading of the Kubernetes spec or of
// Cilium's own docs, each pinned from Cilium's code (paths are in cilium/cilium):
// - allow-localhost: daemon/cmd turns `auto` into `always` in Kubernetes mode; pkg/policy
//   mapstate determineAllowLocalhostIngress adds the local host's allow at the lowest
//   precedence, so deny rules still win (pkg/policy TestL3WithLocalHostWildcard).
// - peer scoping: pkg/k8s/apis/cilium.io/utils/utils.go getEndpointSelector.
// - NetworkPolicy translation: pkg/k8s/network_policy.go ParseNetworkPolicy and
//   parseNetworkPolicyPeer.
// - fromRequires/toRequires: pkg/policy/utils/utils.go RulesToPolicyEntries folds a rule's
//   requirements into that rule's fromEndpoints/toEndpoints only
//   (GetSourceEndpointSelectorsWithRequirements), never into entities or CIDRs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BACK, cnp, egressTo, FRONT, ingressFrom, LEDGER, runRows } from '@/testing/eval-table';
import type { Row } from '@/testing/eval-table';
import { explainFlow } from './explain';
import { parsePolicyYaml } from './parse';
import { flow, pod, reserved, world } from '@/testing/policy-flows';

const HOST = reserved('host', 1);
const REMOTE_NODE = reserved('remote-node', 6, '172.18.0.3');
const PROD_FRONT = pod('shop', { app: 'frontend', env: 'prod' }, '10.0.0.7');

const CCNP = (spec: string) =>
  `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: cw}\nspec:\n  endpointSelector: {matchLabels: {app: backend}}\n${spec}`;
const NP = (spec: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: backend}}\n${spec}`;

const LOCALHOST_ROWS: Row[] = [
  {
    name: 'the local host reaches a default-denied endpoint (allow-localhost=always)',
    yaml: cnp('backend', `  ingress:\n  - fromEndpoints: [{matchLabels: {app: frontend}}]`),
    flow: ingressFrom(HOST, 8080),
    verdict: 'allowed',
    agent: 'allow-localhost=always',
  },
  {
    name: 'allow-localhost=policy treats the host as any peer',
    yaml: cnp('backend', `  ingress:\n  - fromEndpoints: [{matchLabels: {app: frontend}}]`),
    flow: ingressFrom(HOST, 8080),
    settings: { allowLocalhost: 'policy' },
    verdict: 'default-deny',
  },
  {
    name: 'a deny rule still wins over allow-localhost',
    yaml: cnp('backend', `  ingressDeny:\n  - toPorts: [{ports: [{port: '80', protocol: TCP}]}]`),
    flow: ingressFrom(HOST, 80),
    verdict: 'denied-by-rule',
    rule: 'ingressDeny[0]',
  },
  {
    name: 'allow-localhost is for the local host only, not remote nodes',
    yaml: cnp('backend', `  ingress:\n  - fromEndpoints: [{matchLabels: {app: frontend}}]`),
    flow: ingressFrom(REMOTE_NODE, 8080),
    verdict: 'default-deny',
  },
  {
    name: 'allow-localhost is ingress only: egress to the host stays denied',
    yaml: cnp('backend', `  egress:\n  - toEndpoints: [{matchLabels: {app: frontend}}]`),
    flow: egressTo(HOST, 10250),
    verdict: 'default-deny',
  },
  {
    name: 'an allow rule that admits the host is named before the agent setting',
    yaml: cnp('backend', `  ingress:\n  - fromEntities: [host]`),
    flow: ingressFrom(HOST, 8080),
    verdict: 'allowed',
    rule: 'ingress[0]',
  },
];

const ENFORCEMENT_ROWS: Row[] = [
  {
    name: 'enable-policy=always default-denies an endpoint no policy selects',
    yaml: cnp('frontend', `  ingress:\n  - fromEntities: [world]`),
    flow: ingressFrom(LEDGER, 8080),
    settings: { enforcement: 'always' },
    verdict: 'default-deny',
    agent: 'enable-policy=always',
  },
  {
    name: 'enable-policy=never enforces nothing, deny rules included',
    yaml: cnp('backend', `  ingressDeny:\n  - fromEndpoints: [{matchLabels: {app: frontend}}]`),
    flow: ingressFrom(FRONT, 8080),
    settings: { enforcement: 'never' },
    verdict: 'not-selected',
    agent: 'enable-policy=never',
  },
];

const SCOPE_ROWS: Row[] = [
  {
    name: 'CNP: a peer selector without a namespace means the policy namespace',
    yaml: cnp('backend', `  ingress:\n  - fromEndpoints: [{matchLabels: {app: ledger}}]`),
    flow: ingressFrom(LEDGER, 8080),
    verdict: 'default-deny',
  },
  {
    name: 'CNP: namespace labels in a peer reach across namespaces (the docs say ignored)',
    yaml: cnp(
      'backend',
      `  ingress:\n  - fromEndpoints: [{matchLabels: {k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name: payments}}]`,
    ),
    flow: ingressFrom(LEDGER, 8080),
    verdict: 'allowed',
    rule: 'ingress[0]',
  },
  {
    name: 'CNP: a source-less namespace-label key reaches across namespaces too',
    yaml: cnp(
      'backend',
      `  ingress:\n  - fromEndpoints: [{matchExpressions: [{key: io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name, operator: In, values: [payments]}]}]`,
    ),
    flow: ingressFrom(LEDGER, 8080),
    verdict: 'allowed',
    rule: 'ingress[0]',
  },
  {
    name: 'CNP: the pod-namespace key names another namespace',
    yaml: cnp(
      'backend',
      `  ingress:\n  - fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: payments, app: ledger}}]`,
    ),
    flow: ingressFrom(LEDGER, 8080),
    verdict: 'allowed',
    rule: 'ingress[0]',
  },
  {
    name: 'CCNP: an empty peer selector selects pods of every namespace',
    yaml: CCNP(`  ingress:\n  - fromEndpoints: [{}]`),
    flow: { ...ingressFrom(LEDGER, 8080), dst: BACK },
    verdict: 'allowed',
    rule: 'ingress[0]',
  },
  {
    name: 'CCNP: an empty peer selector never selects world',
    yaml: CCNP(`  ingress:\n  - fromEndpoints: [{}]`),
    flow: ingressFrom(world('203.0.113.9'), 8080),
    verdict: 'default-deny',
  },
  {
    name: 'CCNP: an empty peer selector never selects a remote node',
    yaml: CCNP(`  ingress:\n  - fromEndpoints: [{}]`),
    flow: ingressFrom(REMOTE_NODE, 8080),
    verdict: 'default-deny',
  },
  {
    name: 'CCNP: a peer selector of reserved labels stays as written',
    yaml: CCNP(`  egress:\n  - toEndpoints: [{matchLabels: {reserved:remote-node: ''}}]`),
    flow: egressTo(REMOTE_NODE, 4240),
    verdict: 'allowed',
    rule: 'egress[0]',
  },
];

const NETPOL_ROWS: Row[] = [
  {
    name: 'NetworkPolicy: spec.ingress applies although policyTypes lists only Egress',
    yaml: NP(
      `  policyTypes: [Egress]\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: frontend}}}]\n  egress:\n  - to: [{podSelector: {}}]`,
    ),
    flow: ingressFrom(LEDGER, 8080),
    verdict: 'default-deny',
    departure: /spec\.ingress although policyTypes does not list Ingress/,
  },
  {
    name: 'NetworkPolicy: that ingress rule allows what it names',
    yaml: NP(
      `  policyTypes: [Egress]\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: frontend}}}]`,
    ),
    flow: ingressFrom(FRONT, 8080),
    verdict: 'allowed',
    rule: 'ingress[0]',
  },
  {
    name: 'NetworkPolicy: a NotIn-only namespaceSelector also selects world',
    yaml: NP(
      `  ingress:\n  - from: [{namespaceSelector: {matchExpressions: [{key: team, operator: NotIn, values: [red]}]}}]`,
    ),
    flow: ingressFrom(world('198.51.100.4'), 443),
    verdict: 'allowed',
    rule: 'ingress[0]',
    departure: /also selects peers that are not pods/,
  },
  {
    name: 'NetworkPolicy: an empty namespaceSelector selects pods only',
    yaml: NP(`  ingress:\n  - from: [{namespaceSelector: {}}]`),
    flow: ingressFrom(world('198.51.100.4'), 443),
    verdict: 'default-deny',
  },
  {
    name: 'NetworkPolicy: an empty namespaceSelector selects pods of every namespace',
    yaml: NP(`  ingress:\n  - from: [{namespaceSelector: {}}]`),
    flow: ingressFrom(LEDGER, 443),
    verdict: 'allowed',
    rule: 'ingress[0]',
  },
];

const REQUIRES_ROWS: Row[] = [
  {
    name: 'fromRequires narrows the fromEndpoints of its rule',
    yaml: cnp(
      'backend',
      `  ingress:\n  - fromEndpoints: [{matchLabels: {app: frontend}}]\n    fromRequires: [{matchLabels: {env: prod}}]`,
    ),
    flow: ingressFrom(FRONT, 8080),
    verdict: 'default-deny',
  },
  {
    name: 'fromRequires is met by a peer that carries the required labels',
    yaml: cnp(
      'backend',
      `  ingress:\n  - fromEndpoints: [{matchLabels: {app: frontend}}]\n    fromRequires: [{matchLabels: {env: prod}}]`,
    ),
    flow: ingressFrom(PROD_FRONT, 8080),
    verdict: 'allowed',
    rule: 'ingress[0]',
  },
  {
    name: 'fromRequires leaves the entities of its rule alone',
    yaml: cnp(
      'backend',
      `  ingress:\n  - fromEntities: [world]\n    fromEndpoints: [{matchLabels: {app: frontend}}]\n    fromRequires: [{matchLabels: {env: prod}}]`,
    ),
    flow: ingressFrom(world('192.0.2.1'), 8080),
    verdict: 'allowed',
    rule: 'ingress[0]',
  },
  {
    name: 'fromRequires of one rule does not narrow another rule',
    yaml: cnp(
      'backend',
      `  ingress:\n  - fromEndpoints: [{matchLabels: {app: ledger}}]\n    fromRequires: [{matchLabels: {env: prod}}]\n  - fromEndpoints: [{matchLabels: {app: frontend}}]`,
    ),
    flow: ingressFrom(FRONT, 8080),
    verdict: 'allowed',
    rule: 'ingress[1]',
  },
  {
    name: 'fromRequires is scoped to the policy namespace like a peer',
    yaml: cnp(
      'backend',
      `  ingress:\n  - fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: payments}}]\n    fromRequires: [{matchLabels: {app: ledger}}]`,
    ),
    flow: ingressFrom(LEDGER, 8080),
    verdict: 'default-deny',
  },
  {
    name: 'toRequires narrows the toEndpoints of its rule',
    yaml: cnp(
      'backend',
      `  egress:\n  - toEndpoints: [{matchLabels: {app: frontend}}]\n    toRequires: [{matchLabels: {env: prod}}]`,
    ),
    flow: egressTo(PROD_FRONT, 8080),
    verdict: 'allowed',
    rule: 'egress[0]',
  },
  {
    name: 'fromRequires alone, with no fromEndpoints, is unknown rather than guessed',
    yaml: cnp('backend', `  ingress:\n  - fromRequires: [{matchLabels: {env: prod}}]`),
    flow: ingressFrom(PROD_FRONT, 8080),
    verdict: 'unknown',
    unsupported: /ingress\[0\]\.fromRequires without fromEndpoints/,
  },
];

runRows('cilium allow-localhost', LOCALHOST_ROWS);
runRows('cilium enable-policy', ENFORCEMENT_ROWS);
runRows('cilium peer scoping', SCOPE_ROWS);
runRows('cilium NetworkPolicy translation', NETPOL_ROWS);
runRows('cilium fromRequires/toRequires', REQUIRES_ROWS);

test('explanations name the agent setting or the spec departure behind the answer', () => {
  const localhost = parsePolicyYaml(
    cnp('backend', `  ingress:\n  - fromEndpoints: [{matchLabels: {app: frontend}}]`),
    'a.yaml',
  ).policies;
  const probe = explainFlow(localhost, flow(ingressFrom(HOST, 8080)));
  assert.equal(probe.evaluation.verdict, 'allowed');
  assert.match(probe.summary, /allow-localhost=always/);
  assert.equal(probe.decidingRule, undefined);

  const netpol = parsePolicyYaml(
    NP(
      `  policyTypes: [Egress]\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: frontend}}}]`,
    ),
    'b.yaml',
  ).policies;
  const drop = explainFlow(netpol, flow(ingressFrom(LEDGER, 8080)));
  assert.equal(drop.evaluation.verdict, 'default-deny');
  assert.deepEqual(
    drop.specNotes.map((n) => n.issue),
    ['cilium/cilium#48703'],
  );
  assert.match(drop.summary, /The Kubernetes spec says otherwise: .*cilium\/cilium#48703/);
  // The egress side of the same policy rests on no departure.
  const out = explainFlow(netpol, flow(egressTo(FRONT, 8080)));
  assert.deepEqual(out.specNotes, []);
});
