// Kubernetes LabelSelector objects (matchLabels + matchExpressions) turned into requirements
// over Cilium endpoint labels, reusing the matcher of server/filter/label-selector.ts, and the
// words that say why a selector did not match an endpoint.
import 'server-only';
import { selectorMatches } from '@/server/filter/label-selector';
import type { LabelRequirement } from '@/server/filter/label-selector';
import type { Selector } from './model';

export const NAMESPACE_KEY = 'io.kubernetes.pod.namespace';
/** Cilium copies namespace labels onto pods under this prefix; namespaceSelector uses them. */
export const NAMESPACE_LABELS_PREFIX = 'io.cilium.k8s.namespace.labels.';

const OPERATORS: Record<string, LabelRequirement['op']> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: 'notexists',
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Policy keys may carry a Cilium source (`k8s:app`, `reserved:host`); none means any source. */
function splitKey(raw: string): { source: string | undefined; key: string } {
  const colon = raw.indexOf(':');
  if (colon < 0) return { source: undefined, key: raw };
  const source = raw.slice(0, colon);
  return { source: source === 'any' ? undefined : source, key: raw.slice(colon + 1) };
}

function reqText(r: LabelRequirement): string {
  const key = r.source ? `${r.source}:${r.key}` : r.key;
  switch (r.op) {
    case 'exists':
      return key;
    case 'notexists':
      return `!${key}`;
    case 'in':
      return r.values.length === 1 ? `${key}=${r.values[0] ?? ''}` : `${key} in (${r.values})`;
    case 'notin':
      return `${key} notin (${r.values.join(',')})`;
    default:
      return `${key} ${r.op} ${r.values.join(',')}`;
  }
}

export function makeSelector(reqs: LabelRequirement[]): Selector {
  return { reqs, text: reqs.length === 0 ? '(every endpoint)' : reqs.map(reqText).join(', ') };
}

/**
 * Parses a LabelSelector object. `keyPrefix` maps keys into another label space (namespace
 * selectors match `io.cilium.k8s.namespace.labels.<key>` on the pod). Problems go to `issues`.
 */
export function parseLabelSelectorObject(
  value: unknown,
  where: string,
  issues: string[],
  keyPrefix = '',
): Selector {
  const reqs: LabelRequirement[] = [];
  if (value === undefined || value === null) return makeSelector(reqs);
  if (!isRecord(value)) {
    issues.push(`${where}: not a label selector`);
    return makeSelector(reqs);
  }
  for (const key of Object.keys(value)) {
    if (key !== 'matchLabels' && key !== 'matchExpressions') {
      issues.push(`${where}.${key}`);
    }
  }
  const labels = value.matchLabels;
  if (isRecord(labels)) {
    for (const [k, v] of Object.entries(labels)) {
      const { source, key } = splitKey(k);
      reqs.push({ source, key: keyPrefix + key, op: 'in', values: [String(v ?? '')] });
    }
  } else if (labels !== undefined && labels !== null) {
    issues.push(`${where}.matchLabels: not a map`);
  }
  const exprs = value.matchExpressions;
  if (Array.isArray(exprs)) {
    exprs.forEach((e, i) => {
      const op = isRecord(e) && typeof e.operator === 'string' ? OPERATORS[e.operator] : undefined;
      if (!isRecord(e) || typeof e.key !== 'string' || !op) {
        issues.push(`${where}.matchExpressions[${i}]: unknown operator`);
        return;
      }
      const { source, key } = splitKey(e.key);
      const values = Array.isArray(e.values) ? e.values.map((x) => String(x)) : [];
      reqs.push({ source, key: keyPrefix + key, op, values });
    });
  } else if (exprs !== undefined && exprs !== null) {
    issues.push(`${where}.matchExpressions: not a list`);
  }
  return makeSelector(reqs);
}

export function namespaceRequirement(namespace: string): LabelRequirement {
  return { source: 'k8s', key: NAMESPACE_KEY, op: 'in', values: [namespace] };
}

/** The requirement Cilium adds to peer selectors of cluster-wide policies: "is a pod". */
export function inSomeNamespace(): LabelRequirement {
  return { source: 'k8s', key: NAMESPACE_KEY, op: 'exists', values: [] };
}

function namesKey(sel: Selector, test: (key: string) => boolean): boolean {
  return sel.reqs.some((r) => (r.source === undefined || r.source === 'k8s') && test(r.key));
}

export interface PeerScope {
  /** The policy's namespace; '' for a CiliumClusterwideNetworkPolicy. */
  namespace: string;
  /** fromEndpoints/toEndpoints leave reserved-label selectors alone; fromRequires does not. */
  exemptReserved: boolean;
  /**
   * The policy selects initializing pods (`reserved:init`), which carry no namespace label;
   * a cluster-wide policy then adds no pod-namespace requirement to its peers.
   */
  subjectIsInit: boolean;
}

/**
 * A peer selector as Cilium scopes it (pkg/k8s/apis/cilium.io/utils getEndpointSelector):
 * - a selector naming reserved labels (`reserved:host`) stays as written;
 * - one naming the pod-namespace label stays as written, in every policy kind;
 * - in a CiliumClusterwideNetworkPolicy any other selector also requires a pod-namespace
 *   label, so it selects pods only (`{}` never matches host, world or remote-node);
 * - in a CiliumNetworkPolicy any other selector is limited to the policy's namespace, unless
 *   it names namespace labels (`io.cilium.k8s.namespace.labels.*`), which then select
 *   namespaces cluster-wide. Cilium's docs still say those are ignored; the code decides.
 */
export function scopePeerSelector(sel: Selector, scope: PeerScope): Selector {
  if (scope.exemptReserved && sel.reqs.some((r) => r.source === 'reserved')) return sel;
  if (namesKey(sel, (k) => k === NAMESPACE_KEY)) return sel;
  if (!scope.namespace) {
    return scope.subjectIsInit ? sel : makeSelector([...sel.reqs, inSomeNamespace()]);
  }
  if (namesKey(sel, (k) => k.startsWith(NAMESPACE_LABELS_PREFIX))) return sel;
  return makeSelector([...sel.reqs, namespaceRequirement(scope.namespace)]);
}

export function matchesSelector(sel: Selector, labels: readonly string[]): boolean {
  return selectorMatches(sel.reqs, labels);
}

function valuesOf(req: LabelRequirement, labels: readonly string[]): string[] {
  const out: string[] = [];
  for (const l of labels) {
    const eq = l.indexOf('=');
    const keyPart = eq < 0 ? l : l.slice(0, eq);
    const colon = keyPart.indexOf(':');
    const source = colon < 0 ? 'unspec' : keyPart.slice(0, colon);
    const key = colon < 0 ? keyPart : keyPart.slice(colon + 1);
    if (key === req.key && (req.source === undefined || req.source === source)) {
      out.push(eq < 0 ? '' : l.slice(eq + 1));
    }
  }
  return out;
}

function shortKey(key: string): string {
  if (key === NAMESPACE_KEY) return 'namespace';
  if (key.startsWith(NAMESPACE_LABELS_PREFIX)) {
    return `namespace label ${key.slice(NAMESPACE_LABELS_PREFIX.length)}`;
  }
  return `label ${key}`;
}

/** Plain words for each requirement the labels fail, e.g. `label app: wants backend, has backnd`. */
export function selectorMismatches(sel: Selector, labels: readonly string[]): string[] {
  const out: string[] = [];
  for (const req of sel.reqs) {
    if (selectorMatches([req], labels)) continue;
    const has = valuesOf(req, labels);
    const hasText = has.length === 0 ? 'has none' : `has ${has.join(', ')}`;
    const what = shortKey(req.key);
    switch (req.op) {
      case 'in':
        out.push(`${what}: wants ${req.values.join(' or ')}, ${hasText}`);
        break;
      case 'notin':
        out.push(`${what}: must not be ${req.values.join(' or ')}, ${hasText}`);
        break;
      case 'exists':
        out.push(`${what}: must exist, missing`);
        break;
      case 'notexists':
        out.push(`${what}: must not exist, ${hasText}`);
        break;
      default:
        out.push(`${what}: wants ${req.op} ${req.values.join(',')}, ${hasText}`);
    }
  }
  return out;
}
