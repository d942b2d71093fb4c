// The scenario as data: every string a demo flow carries (names, labels, paths, FQDNs)
// comes from a ScenarioSpec, so tests can swap in hostile values without touching code.
import 'server-only';

export type WorkloadKind = 'Deployment' | 'DaemonSet' | 'StatefulSet';

export interface WorkloadSpec {
  /** Key the stories use to refer to this workload. */
  key: string;
  namespace: string;
  /** Workload (owner) name; also the pod name prefix. */
  name: string;
  kind: WorkloadKind;
  /** Pod labels without the `k8s:` source prefix, e.g. { app: 'frontend' }. */
  labels: Record<string, string>;
  serviceAccount: string;
  /** Ignored for DaemonSets, which run one pod per node. */
  replicas: number;
  /** Kubernetes Service in front of the pods, if any. */
  service?: string;
}

export interface ExternalSpec {
  key: string;
  ips: string[];
  /** DNS names Cilium learned for these IPs (FQDN policy); empty for plain world peers. */
  names: string[];
}

export type PeerRef = { workload: string } | { external: string };

export interface HttpRoute {
  method: string;
  path: string;
  /** False when the L7 policy does not allow the request (403 from the proxy). */
  allowed: boolean;
  weight: number;
}

/** One kind of conversation; the generator picks stories by weight. */
export type StorySpec =
  | {
      kind: 'http';
      weight: number;
      from: PeerRef;
      to: string;
      port: number;
      host: string;
      routes: HttpRoute[];
      /** Policy allowing the destination's ingress (its L7 rules make the proxy see HTTP). */
      ingressPolicy?: string;
      egressPolicy?: string;
    }
  | {
      kind: 'tcp';
      weight: number;
      from: PeerRef;
      to: PeerRef;
      port: number;
      protocol: 'TCP' | 'UDP';
      /** Policies allowing each side; each produces an allowed policy-verdict event. */
      egressPolicy?: string;
      ingressPolicy?: string;
      /** Denied at one side: with a policy it is an explicit deny, without one default-deny. */
      deny?: { at: 'egress' | 'ingress'; policy?: string };
    }
  | {
      kind: 'dns-egress';
      weight: number;
      from: string;
      dnsServer: string;
      external: string;
      port: number;
      /** Policy holding both the DNS rule and the toFQDNs rule. */
      policy: string;
    }
  | {
      kind: 'scrape';
      weight: number;
      from: string;
      /** `l7` when the allowing policy has HTTP rules, so the proxy reports the scrape. */
      targets: { workload: string; port: number; policy?: string; l7?: boolean }[];
    }
  | { kind: 'kubelet'; weight: number; from: string; port: number }
  | { kind: 'apiserver'; weight: number; from: string[]; port: number }
  | { kind: 'health'; weight: number; port: number };

export interface PolicySpec {
  /** Key stories use; conventionally `<namespace>/<name>` or the bare name if cluster-wide. */
  key: string;
  kind: 'CiliumNetworkPolicy' | 'CiliumClusterwideNetworkPolicy' | 'NetworkPolicy';
  /** Empty for cluster-wide policies. */
  namespace: string;
  name: string;
  revision: number;
  uid: string;
  /** What the policy does, for people and for the policy YAML that mirrors it. */
  description: string;
}

export interface ScenarioSpec {
  cluster: string;
  /** Node names without the cluster prefix (the relay adds `<cluster>/`). */
  nodes: string[];
  /** Kubernetes API server address (host network on the first node). */
  apiServer: { ip: string; port: number };
  workloads: WorkloadSpec[];
  externals: ExternalSpec[];
  policies: PolicySpec[];
  stories: StorySpec[];
}
