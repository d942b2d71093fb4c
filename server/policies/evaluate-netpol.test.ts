// Kubernetes NetworkPolicy constructs, one table row each (see evaluate.test.ts).
import { egressTo, FRONT, ingressFrom, LEDGER, runRows } from '@/testing/eval-table';
import type { Row } from '@/testing/eval-table';
import { world } from '@/testing/policy-flows';

const NP = (spec: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: shop}\nspec:\n${spec}`;

const NETPOL_ROWS: Row[] = [
  {
    name: 'netpol podSelector from',
    yaml: NP(
      `  podSelector: {matchLabels: {app: backend}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: frontend}}}]\n    ports: [{port: 8080}]`,
    ),
    flow: ingressFrom(FRONT, 8080),
    verdict: 'allowed',
    rule: 'ingress[0]',
  },
  {
    name: 'netpol ports default to TCP',
    yaml: NP(`  podSelector: {}\n  ingress:\n  - ports: [{port: 8080}]`),
    flow: ingressFrom(FRONT, 8080, { protocol: 'UDP' }),
    verdict: 'default-deny',
  },
  {
    name: 'netpol namespaceSelector',
    yaml: NP(
      `  podSelector: {}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: payments}}}]`,
    ),
    flow: ingressFrom(LEDGER, 1),
    verdict: 'allowed',
    rule: 'ingress[0]',
  },
  {
    name: 'netpol namespaceSelector and podSelector',
    yaml: NP(
      `  podSelector: {}\n  ingress:\n  - from: [{namespaceSelector: {}, podSelector: {matchLabels: {app: vmagent}}}]`,
    ),
    flow: ingressFrom(LEDGER, 1),
    verdict: 'default-deny',
  },
  {
    name: 'netpol ipBlock except',
    yaml: NP(
      `  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.0.0/16]}}]`,
    ),
    flow: egressTo(world('169.254.169.254'), 80),
    verdict: 'default-deny',
  },
  {
    name: 'netpol ipBlock allow',
    yaml: NP(
      `  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.0.0/16]}}]`,
    ),
    flow: egressTo(world('1.1.1.1'), 80),
    verdict: 'allowed',
    rule: 'egress[0]',
  },
  {
    name: 'netpol without policyTypes leaves egress alone',
    yaml: NP(`  podSelector: {}\n  ingress: []`),
    flow: egressTo(world('1.1.1.1'), 80),
    verdict: 'not-selected',
  },
  {
    name: 'netpol policyTypes Ingress with no rules denies',
    yaml: NP(`  podSelector: {}\n  policyTypes: [Ingress]`),
    flow: ingressFrom(FRONT, 80),
    verdict: 'default-deny',
  },
  {
    name: 'netpol empty rule allows all',
    yaml: NP(`  podSelector: {}\n  ingress: [{}]`),
    flow: ingressFrom(world('8.8.8.8'), 80),
    verdict: 'allowed',
    rule: 'ingress[0]',
  },
  {
    name: 'netpol endPort',
    yaml: NP(
      `  podSelector: {}\n  ingress: [{ports: [{port: 30000, endPort: 30100, protocol: UDP}]}]`,
    ),
    flow: ingressFrom(FRONT, 30050, { protocol: 'UDP' }),
    verdict: 'allowed',
    rule: 'ingress[0]',
  },
];

runRows('evaluate netpol', NETPOL_ROWS);
