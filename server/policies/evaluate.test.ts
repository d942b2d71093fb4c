// Cilium policy constructs (selectors, ports, entities, CIDR), one table row each.
import {
  cnp,
  egressTo,
  FROM_FRONT_8080,
  FRONT,
  ingressFrom,
  LEDGER,
  runRows,
} from '@/testing/eval-table';
import type { Row } from '@/testing/eval-table';
import { pod, reserved, world } from '@/testing/policy-flows';

const ROWS: Row[] = [
  {
    name: 'no policy: not selected',
    yaml: cnp('other', FROM_FRONT_8080),
    flow: ingressFrom(FRONT, 8080),
    verdict: 'not-selected',
  },
  {
    name: 'fromEndpoints + port allow',
    yaml: cnp('backend', FROM_FRONT_8080),
    flow: ingressFrom(FRONT, 8080),
    verdict: 'allowed',
    rule: 'ingress[0]',
  },
  {
    name: 'selector without namespace means the policy namespace',
    yaml: cnp('backend', FROM_FRONT_8080),
    flow: ingressFrom(pod('other', { app: 'frontend' }), 8080),
    verdict: 'default-deny',
  },
  {
    name: 'namespaced policy does not select other namespaces',
    yaml: cnp('backend', FROM_FRONT_8080),
    flow: { src: FRONT, dst: pod('other', { app: 'backend' }), direction: 'INGRESS', port: 8080 },
    verdict: 'not-selected',
  },
  {
    name: 'matchExpressions In',
    yaml: cnp(
      'backend',
      `  ingress:\n  - fromEndpoints: [{matchExpressions: [{key: app, operator: In, values: [web, frontend]}]}]`,
    ),
    flow: ingressFrom(FRONT, 1),
    verdict: 'allowed',
    rule: 'ingress[0]',
  },
  {
    name: 'matchExpressions DoesNotExist',
    yaml: cnp(
      'backend',
      `  ingress:\n  - fromEndpoints: [{matchExpressions: [{key: app, operator: DoesNotExist}]}]`,
    ),
    flow: ingressFrom(FRONT, 1),
    verdict: 'default-deny',
  },
  {
    name: 'explicit namespace label in peer selector',
    yaml: cnp(
      'backend',
      `  egress:\n  - toEndpoints: [{matchLabels: {app: ledger, k8s:io.kubernetes.pod.namespace: payments}}]`,
    ),
    flow: egressTo(LEDGER, 5432),
    verdict: 'allowed',
    rule: 'egress[0]',
  },
  {
    name: 'L4-only rule allows every peer',
    yaml: cnp('backend', `  ingress:\n  - toPorts: [{ports: [{port: '8080'}]}]`),
    flow: ingressFrom(world('8.8.8.8'), 8080),
    verdict: 'allowed',
    rule: 'ingress[0]',
  },
  {
    name: 'empty rule allows nothing',
    yaml: cnp('backend', `  ingress:\n  - {}`),
    flow: ingressFrom(FRONT, 8080),
    verdict: 'default-deny',
  },
  {
    name: 'port range with endPort',
    yaml: cnp(
      'backend',
      `  egress:\n  - toPorts: [{ports: [{port: '8000', endPort: 8100, protocol: TCP}]}]`,
    ),
    flow: egressTo(FRONT, 8080),
    verdict: 'allowed',
    rule: 'egress[0]',
  },
  {
    name: 'port range excludes',
    yaml: cnp(
      'backend',
      `  egress:\n  - toPorts: [{ports: [{port: '8000', endPort: 8100, protocol: TCP}]}]`,
    ),
    flow: egressTo(FRONT, 8101),
    verdict: 'default-deny',
  },
  {
    name: 'protocol ANY',
    yaml: cnp('backend', `  egress:\n  - toPorts: [{ports: [{port: '53', protocol: ANY}]}]`),
    flow: egressTo(FRONT, 53, { protocol: 'UDP' }),
    verdict: 'allowed',
    rule: 'egress[0]',
  },
  {
    name: 'toEntities world',
    yaml: cnp('backend', `  egress:\n  - toEntities: [world]`),
    flow: egressTo(world('1.1.1.1'), 443),
    verdict: 'allowed',
    rule: 'egress[0]',
  },
  {
    name: 'toEntities cluster excludes world',
    yaml: cnp('backend', `  egress:\n  - toEntities: [cluster]`),
    flow: egressTo(world('1.1.1.1'), 443),
    verdict: 'default-deny',
  },
  {
    name: 'toEntities cluster includes pods',
    yaml: cnp('backend', `  egress:\n  - toEntities: [cluster]`),
    flow: egressTo(LEDGER, 5432),
    verdict: 'allowed',
    rule: 'egress[0]',
  },
  {
    name: 'toEntities kube-apiserver',
    yaml: cnp('backend', `  egress:\n  - toEntities: [kube-apiserver]`),
    flow: egressTo(reserved('kube-apiserver', 7), 6443),
    verdict: 'allowed',
    rule: 'egress[0]',
  },
  {
    name: 'fromEntities host',
    yaml: cnp('backend', `  ingress:\n  - fromEntities: [host]`),
    flow: ingressFrom(reserved('host', 1), 8080),
    verdict: 'allowed',
    rule: 'ingress[0]',
  },
  {
    name: 'fromEntities remote-node vs host',
    yaml: cnp('backend', `  ingress:\n  - fromEntities: [remote-node]`),
    flow: ingressFrom(reserved('host', 1), 8080),
    // The host as an ordinary peer; with Cilium's default the agent lets it in regardless.
    settings: { allowLocalhost: 'policy' },
    verdict: 'default-deny',
  },
  {
    name: 'toEntities all',
    yaml: cnp('backend', `  egress:\n  - toEntities: [all]`),
    flow: egressTo(world('9.9.9.9'), 1),
    verdict: 'allowed',
    rule: 'egress[0]',
  },
  {
    name: 'toCIDR',
    yaml: cnp('backend', `  egress:\n  - toCIDR: [203.0.113.0/24]`),
    flow: egressTo(world('203.0.113.7'), 443),
    verdict: 'allowed',
    rule: 'egress[0]',
  },
  {
    name: 'toCIDR does not select pods',
    yaml: cnp('backend', `  egress:\n  - toCIDR: [10.0.0.0/8]`),
    flow: egressTo(LEDGER, 5432),
    verdict: 'default-deny',
  },
  {
    name: 'toCIDRSet except',
    yaml: cnp(
      'backend',
      `  egress:\n  - toCIDRSet: [{cidr: 203.0.113.0/24, except: [203.0.113.0/28]}]`,
    ),
    flow: egressTo(world('203.0.113.7'), 443),
    verdict: 'default-deny',
  },
  {
    name: 'fromCIDR',
    yaml: cnp('backend', `  ingress:\n  - fromCIDR: [198.51.100.0/24]`),
    flow: ingressFrom(world('198.51.100.23'), 8080),
    verdict: 'allowed',
    rule: 'ingress[0]',
  },
];

runRows('evaluate', ROWS);
