// Cilium FQDN, L7, deny, specs and unsupported constructs, one table row each.
import {
  BACK,
  cnp,
  egressTo,
  FROM_FRONT_8080,
  FRONT,
  ingressFrom,
  LEDGER,
  runRows,
} from '@/testing/eval-table';
import type { Row } from '@/testing/eval-table';
import { pod, world } from '@/testing/policy-flows';

const ROWS: Row[] = [
  {
    name: 'wrong port: default deny',
    yaml: cnp('backend', FROM_FRONT_8080),
    flow: ingressFrom(FRONT, 9090),
    verdict: 'default-deny',
  },
  {
    name: 'wrong protocol: default deny',
    yaml: cnp('backend', FROM_FRONT_8080),
    flow: ingressFrom(FRONT, 8080, { protocol: 'UDP' }),
    verdict: 'default-deny',
  },
  {
    name: 'toFQDNs matchName',
    yaml: cnp(
      'backend',
      `  egress:\n  - toFQDNs: [{matchName: api.stripe.com}]\n    toPorts: [{ports: [{port: '443', protocol: TCP}]}]`,
    ),
    flow: egressTo(world('52.0.113.10', ['api.stripe.com']), 443),
    verdict: 'allowed',
    rule: 'egress[0]',
  },
  {
    name: 'toFQDNs matchPattern one label',
    yaml: cnp('backend', `  egress:\n  - toFQDNs: [{matchPattern: '*.stripe.com'}]`),
    flow: egressTo(world('52.0.113.10', ['a.b.stripe.com']), 443),
    verdict: 'default-deny',
  },
  {
    // No DNS answer seen for the name (dns-answers.test.ts): Flowscope cannot know its IPs.
    name: 'toFQDNs peer without names, no DNS answer seen',
    yaml: cnp('backend', `  egress:\n  - toFQDNs: [{matchName: api.stripe.com}]`),
    flow: egressTo(world('1.1.1.1'), 443),
    verdict: 'unknown',
  },
  {
    name: 'L7 http allowed',
    yaml: cnp(
      'backend',
      `  ingress:\n  - fromEndpoints: [{matchLabels: {app: frontend}}]\n    toPorts: [{ports: [{port: '8080', protocol: TCP}], rules: {http: [{method: GET, path: /api/v1/.*}]}}]`,
    ),
    flow: ingressFrom(FRONT, 8080, {
      http: { method: 'GET', url: 'http://backend:8080/api/v1/products' },
    }),
    verdict: 'allowed',
    rule: 'ingress[0]',
  },
  {
    name: 'L7 http path is a full match',
    yaml: cnp(
      'backend',
      `  ingress:\n  - toPorts: [{ports: [{port: '8080', protocol: TCP}], rules: {http: [{method: GET, path: /api}]}}]`,
    ),
    flow: ingressFrom(FRONT, 8080, { http: { method: 'GET', url: 'http://backend:8080/api/v1' } }),
    verdict: 'default-deny',
  },
  {
    name: 'L7 http method regex',
    yaml: cnp(
      'backend',
      `  ingress:\n  - toPorts: [{ports: [{port: '8080', protocol: TCP}], rules: {http: [{method: 'GET|HEAD'}]}}]`,
    ),
    flow: ingressFrom(FRONT, 8080, { http: { method: 'DELETE', url: '/x' } }),
    verdict: 'default-deny',
  },
  {
    name: 'L7 rule allows the L4 connection (redirect)',
    yaml: cnp(
      'backend',
      `  ingress:\n  - toPorts: [{ports: [{port: '8080', protocol: TCP}], rules: {http: [{method: GET}]}}]`,
    ),
    flow: ingressFrom(FRONT, 8080),
    verdict: 'allowed',
    rule: 'ingress[0]',
  },
  {
    name: 'L7 dns matchPattern',
    yaml: cnp(
      'backend',
      `  egress:\n  - toPorts: [{ports: [{port: '53', protocol: UDP}], rules: {dns: [{matchPattern: '*.stripe.com'}]}}]`,
    ),
    flow: egressTo(FRONT, 53, { protocol: 'UDP', dns: 'api.stripe.com.' }),
    verdict: 'allowed',
    rule: 'egress[0]',
  },
  {
    name: 'L7 dns mismatch',
    yaml: cnp(
      'backend',
      `  egress:\n  - toPorts: [{ports: [{port: '53', protocol: UDP}], rules: {dns: [{matchName: api.stripe.com}]}}]`,
    ),
    flow: egressTo(FRONT, 53, { protocol: 'UDP', dns: 'evil.example.' }),
    verdict: 'default-deny',
  },
  {
    name: 'deny wins over allow',
    yaml: cnp(
      'backend',
      `  egress:\n  - toEntities: [world]\n  egressDeny:\n  - toCIDR: [169.254.169.254/32]`,
    ),
    flow: egressTo(world('169.254.169.254'), 80),
    verdict: 'denied-by-rule',
    rule: 'egressDeny[0]',
  },
  {
    name: 'ingressDeny with ports',
    yaml: cnp(
      'backend',
      `  ingress:\n  - fromEndpoints: [{}]\n  ingressDeny:\n  - fromEndpoints: [{}]\n    toPorts: [{ports: [{port: '22'}]}]`,
    ),
    flow: ingressFrom(FRONT, 22),
    verdict: 'denied-by-rule',
    rule: 'ingressDeny[0]',
  },
  {
    name: 'enableDefaultDeny false',
    yaml: cnp(
      'backend',
      `  enableDefaultDeny: {egress: false}\n  egressDeny:\n  - toCIDR: [169.254.169.254/32]`,
    ),
    flow: egressTo(world('1.1.1.1'), 443),
    verdict: 'not-selected',
  },
  {
    name: 'deny-only policy enables default deny',
    yaml: cnp('backend', `  egressDeny:\n  - toCIDR: [169.254.169.254/32]`),
    flow: egressTo(world('1.1.1.1'), 443),
    verdict: 'default-deny',
  },
  {
    name: 'specs: second spec rule id',
    yaml: `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p, namespace: shop}\nspecs:\n- endpointSelector: {matchLabels: {app: frontend}}\n  egress: [{toEntities: [world]}]\n- endpointSelector: {matchLabels: {app: backend}}\n  egress: [{toEntities: [world]}]\n`,
    flow: egressTo(world('1.1.1.1'), 443),
    verdict: 'allowed',
    rule: 'specs[1].egress[0]',
  },
  {
    name: 'clusterwide selects every namespace',
    yaml: `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: c}\nspec:\n  endpointSelector: {}\n  egress: [{toEndpoints: [{matchLabels: {app: ledger}}]}]\n`,
    flow: { src: pod('other', { app: 'x' }), dst: LEDGER, direction: 'EGRESS', port: 5432 },
    verdict: 'allowed',
    rule: 'egress[0]',
  },
  {
    name: 'reply flows are judged as their connection',
    yaml: cnp('backend', FROM_FRONT_8080),
    flow: { src: BACK, dst: FRONT, direction: 'INGRESS', port: 8080, reply: true },
    verdict: 'allowed',
    rule: 'ingress[0]',
  },
  {
    name: 'toServices is unsupported',
    yaml: cnp(
      'backend',
      `  egress:\n  - toServices: [{k8sService: {serviceName: x, namespace: shop}}]`,
    ),
    flow: egressTo(FRONT, 80),
    verdict: 'unknown',
    unsupported: /toServices/,
  },
  {
    name: 'icmps is unsupported',
    yaml: cnp('backend', `  egress:\n  - icmps: [{fields: [{type: 8}]}]`),
    flow: egressTo(FRONT, 80),
    verdict: 'unknown',
    unsupported: /icmps/,
  },
  {
    name: 'authentication is unsupported',
    yaml: cnp('backend', `  egress:\n  - toEndpoints: [{}]\n    authentication: {mode: required}`),
    flow: egressTo(FRONT, 80),
    verdict: 'unknown',
    unsupported: /authentication/,
  },
  {
    name: 'named port is unsupported',
    yaml: cnp('backend', `  egress:\n  - toPorts: [{ports: [{port: http}]}]`),
    flow: egressTo(FRONT, 80),
    verdict: 'unknown',
    unsupported: /named port/,
  },
  {
    name: 'CIDR group is unsupported',
    yaml: cnp('backend', `  egress:\n  - toCIDRSet: [{cidrGroupRef: corp}]`),
    flow: egressTo(world('1.1.1.1'), 80),
    verdict: 'unknown',
    unsupported: /CIDR group/,
  },
  {
    name: 'supported allow beats unsupported allow',
    yaml: cnp(
      'backend',
      `  egress:\n  - toServices: [{k8sService: {serviceName: x}}]\n  - toEntities: [world]`,
    ),
    flow: egressTo(world('1.1.1.1'), 80),
    verdict: 'allowed',
    rule: 'egress[1]',
  },
  {
    name: 'nodeSelector (host policy) is unsupported',
    yaml: `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: host}\nspec:\n  nodeSelector: {}\n  ingress: [{fromEntities: [cluster]}]\n`,
    flow: ingressFrom(FRONT, 22),
    verdict: 'unknown',
    unsupported: /nodeSelector/,
  },
];

runRows('evaluate l7/deny', ROWS);
