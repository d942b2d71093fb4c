// Which service-map node an endpoint belongs to. A node is a workload (namespace + name) or
// a reserved identity (host, world, ...). Computed once per distinct endpoint at append, so
// this may allocate freely; queries only see the resulting numeric ids.
import 'server-only';
import type { FlowEndpoint } from '@/lib/api/flow-record';
import { reservedIdentityName } from '@/lib/reserved-identities';

export interface NodeOptions {
  /** Label keys (without the `k8s:` source) that name an app, tried in order. */
  appLabelKeys: string[];
}

export const DEFAULT_NODE_OPTIONS: NodeOptions = Object.freeze({
  appLabelKeys: ['app.kubernetes.io/name', 'app', 'k8s-app', 'name'],
});

export interface NodeInfo {
  id: string;
  kind: 'workload' | 'reserved';
  /** Reserved kind (`world`, `host`, ...) for reserved nodes, else ''. */
  reserved: string;
  namespace: string;
  name: string;
  dnsName?: string;
  /** Every label of the first endpoint seen, for selector matching. */
  labels: string[];
}

// Label order matters: a host that also serves the API server carries both labels.
const RESERVED_LABELS: [string, string][] = [
  ['reserved:kube-apiserver', 'kube-apiserver'],
  ['reserved:world', 'world'],
  ['reserved:world-ipv4', 'world'],
  ['reserved:world-ipv6', 'world'],
  ['reserved:host', 'host'],
  ['reserved:remote-node', 'remote-node'],
  ['reserved:health', 'health'],
  ['reserved:ingress', 'ingress'],
  ['reserved:init', 'init'],
  ['reserved:unmanaged', 'unmanaged'],
];

function reservedKind(ep: FlowEndpoint): string | undefined {
  // The map shows one world, whatever the IP family.
  const byId = reservedIdentityName(ep.identity)?.replace(/^world-ipv[46]$/, 'world');
  if (byId) return byId;
  for (const [label, kind] of RESERVED_LABELS) if (ep.labels.includes(label)) return kind;
  return undefined;
}

function labelValue(labels: readonly string[], key: string): string | undefined {
  for (const label of labels) {
    const colon = label.indexOf(':');
    const body = colon >= 0 ? label.slice(colon + 1) : label;
    if (body.startsWith(key + '=')) return body.slice(key.length + 1);
  }
  return undefined;
}

// Kubernetes generates name suffixes from this alphabet (no vowels), so a word like
// "-redis" is never mistaken for a hash.
const HASH = '[bcdfghjklmnpqrstvwxz2456789]';
const DEPLOYMENT_SUFFIX = new RegExp(`-${HASH}{6,10}-${HASH}{5}$`);
const RANDOM_SUFFIX = new RegExp(`-${HASH}{5}$`);
const ORDINAL_SUFFIX = /-\d+$/;

/** The pod name without its ReplicaSet hash, random suffix or StatefulSet ordinal. */
export function podBaseName(pod: string): string {
  for (const re of [DEPLOYMENT_SUFFIX, ORDINAL_SUFFIX, RANDOM_SUFFIX]) {
    if (re.test(pod)) return pod.replace(re, '');
  }
  return pod;
}

function workloadName(ep: FlowEndpoint, opts: NodeOptions): string {
  const first = ep.workloads[0];
  if (first?.name) return first.name;
  for (const key of opts.appLabelKeys) {
    const v = labelValue(ep.labels, key);
    if (v) return v;
  }
  if (ep.pod) return podBaseName(ep.pod);
  return ep.identity ? `identity-${ep.identity}` : 'unknown';
}

function reservedNode(ep: FlowEndpoint, kind: string): NodeInfo {
  const base = { kind: 'reserved' as const, reserved: kind, namespace: '', labels: ep.labels };
  const dns = kind === 'world' ? ep.names[0]?.replace(/\.$/, '') : undefined;
  if (dns) return { ...base, id: `reserved:world:${dns}`, name: 'world', dnsName: dns };
  return { ...base, id: `reserved:${kind}`, name: kind };
}

/** The node an endpoint belongs to. Identity 0 without any pod facts is `reserved:unknown`. */
export function classifyEndpoint(ep: FlowEndpoint, opts: NodeOptions): NodeInfo {
  const kind = reservedKind(ep);
  if (kind) return reservedNode(ep, kind);
  if (ep.identity === 0 && !ep.pod && !ep.namespace && ep.workloads.length === 0) {
    return reservedNode(ep, 'unknown');
  }
  const name = workloadName(ep, opts);
  return {
    id: `${ep.namespace}/${name}`,
    kind: 'workload',
    reserved: '',
    namespace: ep.namespace,
    name,
    labels: ep.labels,
  };
}

// Namespace labels repeat on every pod and say nothing about the workload itself.
const NOISE = ['io.cilium.k8s.namespace.labels.', 'io.cilium.k8s.policy.cluster'];

/** The labels worth showing for a node, at most 15. */
export function labelSummary(labels: readonly string[]): string[] {
  return labels.filter((l) => !NOISE.some((n) => l.includes(n))).slice(0, 15);
}
