// Policy changes seen in a window, derived from the flows alone: every policy-verdict flow
// names the policies that allowed or denied it, with their revision. The first time a
// policy shows a revision other than the first one seen for it, that policy changed.
// Known limit: a policy that changed but decided no flow in the window is not seen.
import type { FlowRecord, PolicyRef } from '@/lib/api/flow-record';

export interface PolicyChange {
  /** `kind/namespace/name`, as the timeline's policy keys. */
  policy: string;
  /** Revision seen before, and the new one (uint64 decimal strings). */
  from: string;
  to: string;
  /** Epoch ms of the first flow showing the new revision. */
  at: number;
}

type PolicyFlow = Pick<
  FlowRecord,
  'ts' | 'ingressAllowedBy' | 'egressAllowedBy' | 'ingressDeniedBy' | 'egressDeniedBy'
>;

export function policyKey(ref: Pick<PolicyRef, 'kind' | 'namespace' | 'name'>): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

function refsOf(flow: PolicyFlow): PolicyRef[] {
  return [
    ...flow.ingressAllowedBy,
    ...flow.egressAllowedBy,
    ...flow.ingressDeniedBy,
    ...flow.egressDeniedBy,
  ];
}

/**
 * Changes in time order. Flows may come in any order (the API lists newest first); a
 * revision seen again later (an agent lagging behind) is not a new change.
 */
export function policyChanges(flows: readonly PolicyFlow[]): PolicyChange[] {
  const ordered = [...flows].sort((a, b) => a.ts - b.ts);
  // Per policy: the revisions seen so far, and the last new one, to name the step.
  const seen = new Map<string, { revisions: Set<string>; latest: string }>();
  const changes: PolicyChange[] = [];
  for (const flow of ordered) {
    for (const ref of refsOf(flow)) {
      const key = policyKey(ref);
      const known = seen.get(key);
      if (!known) {
        seen.set(key, { revisions: new Set([ref.revision]), latest: ref.revision });
        continue;
      }
      if (known.revisions.has(ref.revision)) continue;
      changes.push({ policy: key, from: known.latest, to: ref.revision, at: flow.ts });
      known.revisions.add(ref.revision);
      known.latest = ref.revision;
    }
  }
  return changes;
}

/** Tooltip text, e.g. `policy CiliumNetworkPolicy/shop/api: revision 5 → 6`. */
export function describePolicyChange(c: PolicyChange): string {
  return `policy ${c.policy}: revision ${c.from} → ${c.to}`;
}
