// Pure view logic of the coverage page: policy ids to links and short names, the summary line.
import type { CoverageAnswer, DirectionCoverage } from '@/lib/api/coverage';
import { policyPath } from '@/lib/flow-detail/links';

export interface PolicyLink {
  id: string;
  /** `namespace/name`, or the name alone for cluster-wide policies. */
  label: string;
  /** Undefined for an id that is not `kind/namespace or _/name`. */
  href?: string;
}

/** A policy id (`kind/namespace or _/name`) as a link to its policy page. */
export function policyLink(id: string): PolicyLink {
  const parts = id.split('/');
  if (parts.length !== 3 || parts.some((p) => p === '')) return { id, label: id };
  const [kind, ns, name] = parts as [string, string, string];
  const namespace = ns === '_' ? '' : ns;
  const href = policyPath({ kind, namespace, name });
  const label = namespace ? `${namespace}/${name}` : name;
  return href ? { id, label, href } : { id, label };
}

/** What a direction's cell says in words. */
export function directionText(d: DirectionCoverage): string {
  if (d.partial) return 'partly enforced';
  if (d.enforced) return d.agent === 'enable-policy=always' ? 'enforced (agent)' : 'enforced';
  return 'not enforced';
}

/** "N of M workloads protected both ways". */
export function summaryText(answer: Pick<CoverageAnswer, 'totals'>): string {
  const { workloads, protected: both } = answer.totals;
  return `${both} of ${workloads} workload${workloads === 1 ? '' : 's'} protected both ways`;
}
