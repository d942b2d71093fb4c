// Which workloads of a window are under a policy, per direction: the selection half of the
// evaluator (directionSelection) applied to each distinct endpoint the window's flows name,
// grouped into workloads as the service map names them. Pure: policies and endpoints in.
import 'server-only';
import type {
  CoverageAnswer,
  DirectionCoverage,
  NamespaceCoverage,
  WorkloadCoverage,
} from '@/lib/api/coverage';
import type { Direction } from '@/lib/api/policy';
import type { SeenEndpoint } from '@/server/store/flow-store';
import { agentSettings, type AgentSettings } from './agent-settings';
import { directionSelection } from './evaluate';
import { subjectSelectable } from './match';
import type { Policy } from './model';

interface Group {
  namespace: string;
  workload: string;
  /** Distinct label sets (by their sorted text). */
  sets: Map<string, SeenEndpoint['endpoint']>;
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function direction(
  policies: readonly Policy[],
  endpoints: readonly SeenEndpoint['endpoint'][],
  dir: Direction,
  settings: AgentSettings,
): DirectionCoverage {
  const selecting = new Set<string>();
  const enforcing = new Set<string>();
  const unknown = new Set<string>();
  let enforcedSets = 0;
  let agent: DirectionCoverage['agent'];
  for (const ep of endpoints) {
    const sel = directionSelection(policies, ep, dir, settings);
    if (sel.enforced) enforcedSets += 1;
    for (const id of sel.selecting) selecting.add(id);
    for (const id of sel.enforcing) enforcing.add(id);
    for (const u of sel.unknown) unknown.add(u);
    agent ??= sel.agent;
  }
  const out: DirectionCoverage = {
    enforced: endpoints.length > 0 && enforcedSets === endpoints.length,
    selectingPolicies: [...selecting].sort(byText),
    enforcingPolicies: [...enforcing].sort(byText),
  };
  if (enforcedSets > 0 && enforcedSets < endpoints.length) out.partial = true;
  if (agent) out.agent = agent;
  if (unknown.size > 0) out.unknown = [...unknown].sort(byText);
  return out;
}

function commonLabels(sets: readonly SeenEndpoint['endpoint'][]): string[] {
  const [first, ...rest] = sets;
  if (!first) return [];
  const others = rest.map((ep) => new Set(ep.labels));
  return [...new Set(first.labels)].filter((l) => others.every((o) => o.has(l))).sort(byText);
}

/** Coverage of each workload (pods only) among `endpoints`, in id order. */
export function workloadCoverage(
  policies: readonly Policy[],
  endpoints: readonly SeenEndpoint[],
  settings: AgentSettings = agentSettings(),
): WorkloadCoverage[] {
  const groups = new Map<string, Group>();
  for (const { endpoint, node } of endpoints) {
    // Reserved identities (world, host, health, ...) are not workloads.
    if (node.kind !== 'workload' || !subjectSelectable(endpoint)) continue;
    let g = groups.get(node.id);
    if (!g) {
      g = { namespace: node.namespace, workload: node.name, sets: new Map() };
      groups.set(node.id, g);
    }
    const key = [...endpoint.labels].sort(byText).join('\n');
    if (!g.sets.has(key)) g.sets.set(key, endpoint);
  }
  const out: WorkloadCoverage[] = [];
  for (const [id, g] of [...groups].sort(([a], [b]) => byText(a, b))) {
    const sets = [...g.sets.values()];
    const ingress = direction(policies, sets, 'ingress', settings);
    const egress = direction(policies, sets, 'egress', settings);
    out.push({
      id,
      namespace: g.namespace,
      workload: g.workload,
      labels: commonLabels(sets),
      labelSets: sets.length,
      ingress,
      egress,
      protected: ingress.enforced && egress.enforced,
      // With enable-policy=always nothing needs to select it to be in default deny.
      unselected:
        ingress.selectingPolicies.length === 0 &&
        egress.selectingPolicies.length === 0 &&
        !ingress.enforced &&
        !egress.enforced,
      open: !ingress.enforced && !egress.enforced,
    });
  }
  return out;
}

/** The /api/coverage answer: workloads by namespace; the unselected and the open listed. */
export function coverageAnswer(
  window: { from: number; to: number },
  policies: readonly Policy[],
  endpoints: readonly SeenEndpoint[],
  settings: AgentSettings = agentSettings(),
): CoverageAnswer {
  const workloads = workloadCoverage(policies, endpoints, settings);
  const byNamespace = new Map<string, NamespaceCoverage>();
  for (const w of workloads) {
    let ns = byNamespace.get(w.namespace);
    if (!ns) {
      ns = { namespace: w.namespace, workloads: [], protected: 0, unprotected: 0, open: 0 };
      byNamespace.set(w.namespace, ns);
    }
    ns.workloads.push(w);
    if (w.protected) ns.protected += 1;
    if (w.unselected) ns.unprotected += 1;
    if (w.open) ns.open += 1;
  }
  const unprotected = workloads.filter((w) => w.unselected);
  const open = workloads.filter((w) => w.open);
  return {
    window,
    enforcement: settings.enforcement,
    namespaces: [...byNamespace.values()].sort((a, b) => byText(a.namespace, b.namespace)),
    unprotected,
    open,
    totals: {
      workloads: workloads.length,
      protected: workloads.filter((w) => w.protected).length,
      unprotected: unprotected.length,
      open: open.length,
    },
  };
}
