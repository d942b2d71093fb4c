// Which labels a proposed selector names: the ones Cilium users write, stable across pod
// restarts and rollouts. Generated labels are never chosen: Cilium's own identity filter
// (pkg/labelsfilter/filter.go, defaultLabelPrefixCfg) leaves out pod-template-hash,
// controller-revision-hash, pod-template-generation, statefulset.kubernetes.io/pod-name,
// apps.kubernetes.io/pod-index, batch.kubernetes.io/job-completion-index and the other
// io.kubernetes / kubernetes.io / k8s.io labels, so a selector on them would not even match
// the identity; the namespace label and app.kubernetes.io/* are kept there, as here.
import 'server-only';
import type { FlowEndpoint } from '@/lib/api/flow-record';
import { DEFAULT_NODE_OPTIONS } from '@/server/aggregate/node-identity';
import { NAMESPACE_KEY, NAMESPACE_LABELS_PREFIX } from './selector';

/** A `k8s:` label of the endpoint, as key and value. */
export interface Label {
  key: string;
  value: string;
}

/** Keys that change per pod or per rollout, or that Cilium leaves out of identities. */
const GENERATED: RegExp[] = [
  /^pod-template-hash$/,
  /^controller-revision-hash$/,
  /^pod-template-generation$/,
  /^statefulset\.kubernetes\.io\/pod-name$/,
  /^apps\.kubernetes\.io\/pod-index$/,
  /^batch\.kubernetes\.io\/job-completion-index$/,
  /^batch\.kubernetes\.io\/controller-uid$/,
  /^controller-uid$/,
  /^job-name$/,
  /^annotation\./,
  /^etcd_node$/,
  /(^|\.)k8s\.io(\/|$)/,
  /(^|\.)kubernetes\.io\//,
  /^io\.kubernetes\./,
  /^io\.cilium\.k8s\.policy\./,
  /^io\.cilium\.k8s\.namespace\.labels\./,
];

function isGenerated(key: string): boolean {
  // app.kubernetes.io/* names the app (Cilium keeps it in identities).
  if (key.startsWith('app.kubernetes.io/')) return false;
  return GENERATED.some((re) => re.test(key));
}

/** The endpoint's Kubernetes labels (`k8s:` source), key and value. */
export function k8sLabels(ep: FlowEndpoint): Label[] {
  const out: Label[] = [];
  for (const l of ep.labels) {
    if (!l.startsWith('k8s:')) continue;
    const body = l.slice(4);
    const eq = body.indexOf('=');
    out.push(
      eq < 0 ? { key: body, value: '' } : { key: body.slice(0, eq), value: body.slice(eq + 1) },
    );
  }
  return out;
}

/** The labels worth selecting on: none generated, none of the namespace's. */
export function stableLabels(ep: FlowEndpoint): Label[] {
  return k8sLabels(ep).filter(
    (l) =>
      l.key !== NAMESPACE_KEY && !l.key.startsWith(NAMESPACE_LABELS_PREFIX) && !isGenerated(l.key),
  );
}

/**
 * The smallest selector naming the endpoint's workload: the first workload label present
 * (app.kubernetes.io/name, app, k8s-app, name, the keys the map names workloads by), else
 * every stable label; empty when the endpoint has none (a selector of every pod would then
 * be the only choice, and the caller refuses it).
 */
export function workloadSelector(
  ep: FlowEndpoint,
  keys: readonly string[] = DEFAULT_NODE_OPTIONS.appLabelKeys,
): Record<string, string> {
  const stable = stableLabels(ep);
  for (const key of keys) {
    const hit = stable.find((l) => l.key === key && l.value !== '');
    if (hit) return { [hit.key]: hit.value };
  }
  return Object.fromEntries(stable.map((l) => [l.key, l.value]));
}

/** The selector as the label-selector text the flow filter and people read. */
export function selectorText(sel: Record<string, string>): string {
  return Object.entries(sel)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
