// The network policies the demo scenario pretends are installed. Flows name these (and
// only these) in *_allowed_by / *_denied_by, and the policy YAML shipped with the demo
// must describe the same objects, so both read from this list.
import 'server-only';
import type { PolicySpec } from './spec';

export interface DemoPolicyRule {
  direction: 'ingress' | 'egress';
  action: 'allow' | 'deny';
  /** Endpoint selector of the policy, as `key=value` pod labels (empty = every pod). */
  selector: Record<string, string>;
  /** Peer in words a YAML writer can turn into fromEndpoints/toFQDNs/toCIDR. */
  peer:
    | { endpoints: Record<string, string>; namespace?: string }
    | { fqdn: string }
    | { cidr: string }
    | { entities: string[] }
    | { none: true };
  ports: { port: number; protocol: 'TCP' | 'UDP' }[];
  http?: { method: string; path: string }[];
  dns?: { matchPattern: string }[];
}

export interface DemoPolicy extends PolicySpec {
  rules: DemoPolicyRule[];
}

const APP_BACKEND = { app: 'backend' };
const APP_FRONTEND = { app: 'frontend' };
const KUBE_DNS = { 'k8s-app': 'kube-dns' };
const DNS_PORTS = [{ port: 53, protocol: 'UDP' as const }];

export const DEMO_POLICIES: readonly DemoPolicy[] = [
  {
    key: 'shop/default-deny',
    kind: 'CiliumNetworkPolicy',
    namespace: 'shop',
    name: 'default-deny',
    revision: 3,
    uid: '6f1c2a53-0d7e-4b8e-9a51-2f1f3c4d5e60',
    description: 'Selects every pod in shop with empty rules: ingress and egress default-deny.',
    rules: [
      { direction: 'ingress', action: 'allow', selector: {}, peer: { none: true }, ports: [] },
      { direction: 'egress', action: 'allow', selector: {}, peer: { none: true }, ports: [] },
    ],
  },
  {
    key: 'shop/frontend-ingress',
    kind: 'CiliumNetworkPolicy',
    namespace: 'shop',
    name: 'frontend-ingress',
    revision: 5,
    uid: '1b0d4f7e-3c2a-4e61-8f09-7a6b5c4d3e21',
    description: 'Envoy Gateway proxies may send HTTP to the frontend on 8080.',
    rules: [
      {
        direction: 'ingress',
        action: 'allow',
        selector: APP_FRONTEND,
        peer: {
          endpoints: { 'gateway.envoyproxy.io/owning-gateway-name': 'eg' },
          namespace: 'envoy-gateway-system',
        },
        ports: [{ port: 8080, protocol: 'TCP' }],
        http: [
          { method: 'GET', path: '/.*' },
          { method: 'POST', path: '/.*' },
        ],
      },
    ],
  },
  {
    key: 'shop/frontend-egress',
    kind: 'CiliumNetworkPolicy',
    namespace: 'shop',
    name: 'frontend-egress',
    revision: 2,
    uid: '9c8b7a65-4d3e-4f21-a0b9-c8d7e6f5a4b3',
    description: 'The frontend may call the backend API and resolve names.',
    rules: [
      {
        direction: 'egress',
        action: 'allow',
        selector: APP_FRONTEND,
        peer: { endpoints: APP_BACKEND },
        ports: [{ port: 8080, protocol: 'TCP' }],
      },
      {
        direction: 'egress',
        action: 'allow',
        selector: APP_FRONTEND,
        peer: { endpoints: KUBE_DNS, namespace: 'kube-system' },
        ports: DNS_PORTS,
        dns: [{ matchPattern: '*' }],
      },
    ],
  },
  {
    key: 'shop/backend-api',
    kind: 'CiliumNetworkPolicy',
    namespace: 'shop',
    name: 'backend-api',
    revision: 7,
    uid: '3e2d1c0b-5a49-4837-9261-5f4e3d2c1b0a',
    description: 'The frontend may call only the public backend API routes.',
    rules: [
      {
        direction: 'ingress',
        action: 'allow',
        selector: APP_BACKEND,
        peer: { endpoints: APP_FRONTEND },
        ports: [{ port: 8080, protocol: 'TCP' }],
        http: [
          { method: 'GET', path: '/api/v1/products' },
          { method: 'GET', path: '/api/v1/cart/.*' },
          { method: 'POST', path: '/api/v1/orders' },
        ],
      },
    ],
  },
  {
    key: 'shop/backend-egress',
    kind: 'CiliumNetworkPolicy',
    namespace: 'shop',
    name: 'backend-egress',
    revision: 4,
    uid: '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d',
    description: 'The backend may resolve and reach api.stripe.com and the payments ledger.',
    rules: [
      {
        direction: 'egress',
        action: 'allow',
        selector: APP_BACKEND,
        peer: { endpoints: KUBE_DNS, namespace: 'kube-system' },
        ports: DNS_PORTS,
        dns: [{ matchPattern: '*.stripe.com' }],
      },
      {
        direction: 'egress',
        action: 'allow',
        selector: APP_BACKEND,
        peer: { fqdn: 'api.stripe.com' },
        ports: [{ port: 443, protocol: 'TCP' }],
      },
      {
        direction: 'egress',
        action: 'allow',
        selector: APP_BACKEND,
        peer: { endpoints: { app: 'ledger' }, namespace: 'payments' },
        ports: [{ port: 5432, protocol: 'TCP' }],
      },
    ],
  },
  {
    key: 'shop/allow-monitoring',
    kind: 'CiliumNetworkPolicy',
    namespace: 'shop',
    name: 'allow-monitoring',
    revision: 1,
    uid: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
    description: 'vmagent may scrape /metrics on every shop pod.',
    rules: [
      {
        direction: 'ingress',
        action: 'allow',
        selector: {},
        peer: { endpoints: { app: 'vmagent' }, namespace: 'monitoring' },
        ports: [{ port: 9090, protocol: 'TCP' }],
        http: [{ method: 'GET', path: '/metrics' }],
      },
    ],
  },
  {
    key: 'payments/ledger-ingress',
    kind: 'CiliumNetworkPolicy',
    namespace: 'payments',
    name: 'ledger-ingress',
    revision: 2,
    uid: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
    description: 'Only shop backend pods (app=backend) may reach the ledger database.',
    rules: [
      {
        direction: 'ingress',
        action: 'allow',
        selector: { app: 'ledger' },
        peer: { endpoints: APP_BACKEND, namespace: 'shop' },
        ports: [{ port: 5432, protocol: 'TCP' }],
      },
      {
        direction: 'ingress',
        action: 'allow',
        selector: { app: 'ledger' },
        peer: { endpoints: { app: 'vmagent' }, namespace: 'monitoring' },
        ports: [{ port: 9187, protocol: 'TCP' }],
      },
    ],
  },
  {
    key: 'payments/ledger-backup-egress',
    kind: 'CiliumNetworkPolicy',
    namespace: 'payments',
    name: 'ledger-backup-egress',
    revision: 1,
    uid: '9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b',
    description: 'The ledger may send backups to backup.ledger-vault.example by name.',
    rules: [
      {
        direction: 'egress',
        action: 'allow',
        selector: { app: 'ledger' },
        peer: { fqdn: 'backup.ledger-vault.example' },
        ports: [{ port: 443, protocol: 'TCP' }],
      },
    ],
  },
  {
    key: 'deny-egress-to-metadata',
    kind: 'CiliumClusterwideNetworkPolicy',
    namespace: '',
    name: 'deny-egress-to-metadata',
    revision: 1,
    uid: 'c0ffee00-1234-4abc-8def-0123456789ab',
    description: 'No pod may reach the cloud metadata service.',
    rules: [
      {
        direction: 'egress',
        action: 'deny',
        selector: {},
        peer: { cidr: '169.254.169.254/32' },
        ports: [],
      },
    ],
  },
];

/** `{kind, namespace, name, revision}` of every scenario policy, for YAML writers and tests. */
export function demoPolicyRefs(): {
  kind: string;
  namespace: string;
  name: string;
  revision: number;
}[] {
  return DEMO_POLICIES.map(({ kind, namespace, name, revision }) => ({
    kind,
    namespace,
    name,
    revision,
  }));
}
