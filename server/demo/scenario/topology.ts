// Turns a ScenarioSpec into concrete peers: pods with names, IPs, endpoint ids and
// identities placed on nodes, plus the hosts, health endpoints and world addresses.
import 'server-only';
import { fnv1a, Prng } from '../prng';
import type { ExternalSpec, ScenarioSpec, WorkloadSpec } from './spec';

export type PeerKind = 'pod' | 'node' | 'world' | 'apiserver' | 'health';

export interface Peer {
  kind: PeerKind;
  ip: string;
  /** Full node name the peer lives on; empty for peers outside the cluster. */
  node: string;
  /** For `node` peers the identity depends on the observer (1 host, 6 remote-node). */
  identity: number;
  labels: string[];
  namespace: string;
  podName: string;
  workloads: { name: string; kind: string }[];
  endpointId: number;
  names: string[];
  service?: { name: string; namespace: string };
}

export interface Topology {
  cluster: string;
  /** Full node names, `<cluster>/<node>`. */
  nodes: string[];
  podsByWorkload: Map<string, Peer[]>;
  hosts: Map<string, Peer>;
  health: Map<string, Peer>;
  externals: Map<string, Peer[]>;
  apiServer: Peer;
}

const FIRST_LOCAL_CIDR_IDENTITY = 16_777_217;

function podLabels(w: WorkloadSpec, cluster: string): string[] {
  const labels = Object.entries(w.labels).map(([k, v]) => `k8s:${k}=${v}`);
  labels.push(
    `k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=${w.namespace}`,
    `k8s:io.cilium.k8s.policy.cluster=${cluster}`,
    `k8s:io.cilium.k8s.policy.serviceaccount=${w.serviceAccount}`,
    `k8s:io.kubernetes.pod.namespace=${w.namespace}`,
  );
  return labels.sort();
}

/** Identities are derived from the label set so equal labels share one, as in Cilium. */
class IdentityAllocator {
  private readonly byLabels = new Map<string, number>();
  private readonly used = new Set<number>();

  get(labels: string[]): number {
    const key = labels.join(',');
    const known = this.byLabels.get(key);
    if (known !== undefined) return known;
    let id = 10_000 + (fnv1a(key) % 50_000);
    while (this.used.has(id)) id += 1;
    this.used.add(id);
    this.byLabels.set(key, id);
    return id;
  }
}

function podNames(w: WorkloadSpec, prng: Prng, nodeCount: number): string[] {
  if (w.kind === 'StatefulSet') {
    return Array.from({ length: w.replicas }, (_, i) => `${w.name}-${i}`);
  }
  if (w.kind === 'DaemonSet') {
    return Array.from({ length: nodeCount }, () => `${w.name}-${prng.k8sSuffix(5)}`);
  }
  const replicaSet = prng.k8sSuffix(10);
  return Array.from({ length: w.replicas }, () => `${w.name}-${replicaSet}-${prng.k8sSuffix(5)}`);
}

function externalPeers(e: ExternalSpec, index: number): Peer[] {
  // FQDN-selected IPs get a local CIDR identity; plain internet peers are reserved:world.
  const fqdn = e.names.length > 0;
  return e.ips.map((ip) => ({
    kind: 'world' as const,
    ip,
    node: '',
    identity: fqdn ? FIRST_LOCAL_CIDR_IDENTITY + index : 2,
    labels: fqdn
      ? [`cidr:${ip}/32`, ...e.names.map((n) => `fqdn:${n}`), 'reserved:world']
      : ['reserved:world'],
    namespace: '',
    podName: '',
    workloads: [],
    endpointId: 0,
    names: [...e.names],
  }));
}

export function buildTopology(spec: ScenarioSpec, nodes: string[], seed: number): Topology {
  if (nodes.length === 0) throw new Error('the scenario needs at least one node');
  const prng = new Prng(seed ^ 0x5eed);
  const identities = new IdentityAllocator();
  const nextHost = nodes.map(() => 10);
  const usedEndpointIds = new Set<number>();
  const endpointId = (): number => {
    let id = prng.int(100, 3999);
    while (usedEndpointIds.has(id)) id += 1;
    usedEndpointIds.add(id);
    return id;
  };
  const base = (kind: PeerKind, ip: string, node: string, identity: number, labels: string[]) => ({
    kind,
    ip,
    node,
    identity,
    labels,
    namespace: '',
    podName: '',
    workloads: [],
    endpointId: 0,
    names: [],
  });

  const podsByWorkload = new Map<string, Peer[]>();
  for (const w of spec.workloads) {
    const labels = podLabels(w, spec.cluster);
    const identity = identities.get(labels);
    const offset = prng.int(0, nodes.length - 1);
    const pods = podNames(w, prng, nodes.length).map((podName, i): Peer => {
      const nodeIndex = w.kind === 'DaemonSet' ? i : (offset + i) % nodes.length;
      const hostPart = nextHost[nodeIndex] ?? 10;
      nextHost[nodeIndex] = hostPart + prng.int(1, 7);
      return {
        ...base(
          'pod',
          `10.244.${nodeIndex}.${hostPart % 250}`,
          nodes[nodeIndex] ?? '',
          identity,
          labels,
        ),
        namespace: w.namespace,
        podName,
        workloads: [{ name: w.name, kind: w.kind }],
        endpointId: endpointId(),
        ...(w.service ? { service: { name: w.service, namespace: w.namespace } } : {}),
      };
    });
    podsByWorkload.set(w.key, pods);
  }

  const hosts = new Map<string, Peer>();
  const health = new Map<string, Peer>();
  nodes.forEach((node, i) => {
    hosts.set(node, base('node', `172.18.0.${i + 2}`, node, 1, ['reserved:host']));
    health.set(node, {
      ...base('health', `10.244.${i}.${prng.int(200, 250)}`, node, 4, ['reserved:health']),
      endpointId: endpointId(),
    });
  });

  const externals = new Map<string, Peer[]>();
  spec.externals.forEach((e, i) => externals.set(e.key, externalPeers(e, i)));

  const apiServer: Peer = {
    ...base('apiserver', spec.apiServer.ip, nodes[0] ?? '', 7, ['reserved:kube-apiserver']),
    service: { name: 'kubernetes', namespace: 'default' },
  };
  return { cluster: spec.cluster, nodes, podsByWorkload, hosts, health, externals, apiServer };
}
