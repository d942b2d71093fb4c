// One policy as the policy page shows it: its rules, how much each was used in a window, and,
// for a flow the page was opened from, which rule decided that flow. Reads flows only
// through the reader it is given (the viewer's scoped one), and bounds its own work.
import 'server-only';
import type { PolicyView } from '@/lib/api/policy';
import type { NodeOptions } from '@/server/aggregate/node-identity';
import { EVENT_POLICY_VERDICT } from '@/lib/api/flow-record';
import type { FlowReader } from '@/server/store/flow-store';
import { evaluate } from './evaluate';
import { policyId, type Policy } from './model';
import { policyDto, type PolicyKey } from './route-params';
import type { PolicySource } from './source';
import { policyUsage } from './usage';

/** At most this many flows per scan are evaluated. */
export const POLICY_VIEW_SCAN_LIMIT = 5000;

export interface PolicyViewRequest {
  key: PolicyKey;
  /** Epoch ms, [from, to). */
  window: { from: number; to: number };
  /** The flow whose deciding rule is asked for (`?flow=`), or null. */
  flowId: string | null;
  /** Whether the viewer may see the policy; one it may not see reads as missing. */
  visible: (policy: Policy) => boolean;
  /** The service map's workload naming, so usage edges are named as the map names them. */
  nodeOptions?: NodeOptions;
}

/** The answer, or what was not found: the policy (or not visible to the viewer), or the flow. */
export type PolicyViewResult =
  { found: true; view: PolicyView } | { found: false; missing: 'policy' | 'flow' };

export function policyView(
  flows: FlowReader,
  source: Pick<PolicySource, 'policies'>,
  req: PolicyViewRequest,
): PolicyViewResult {
  const { key, window } = req;
  const policies = source.policies();
  const id = policyId(key.kind, key.namespace, key.name);
  const policy = policies.find((p) => p.id === id);
  if (!policy || !req.visible(policy)) return { found: false, missing: 'policy' };

  let matchedRule: PolicyView['matchedRule'] = null;
  let flowEndpoint: PolicyView['flowEndpoint'];
  if (req.flowId !== null) {
    const flow = flows.get(req.flowId);
    if (!flow) return { found: false, missing: 'flow' };
    const ev = evaluate(policies, flow);
    const ref = ev.matched?.policy === id ? ev.matched : ev.allowedBy.find((r) => r.policy === id);
    if (ref) matchedRule = { ruleId: ref.ruleId, verdict: ev.verdict };
    if (ev.direction) {
      flowEndpoint = {
        direction: ev.direction,
        selects: ev.selecting.includes(id),
        enforcing: ev.enforcing.includes(id),
      };
    }
  }
  // Flows that name the policy, plus default-deny drops (which name no policy) that this
  // policy may have caused by selecting their endpoint.
  const named = flows.scan({
    ...window,
    policy: { kind: key.kind, namespace: key.namespace, name: key.name },
    order: 'newest',
    limit: POLICY_VIEW_SCAN_LIMIT,
  });
  // A namespaced policy selects endpoints of its own namespace only, so only drops touching
  // it are read: other namespaces' drops would crowd this policy's out of the scan.
  const defaultDenied = flows.scan({
    ...window,
    ...(policy.namespace ? { namespaces: [policy.namespace] } : {}),
    query: {
      whitelist: [
        {
          verdict: ['DROPPED'],
          dropReasonDesc: ['POLICY_DENIED'],
          eventType: [{ type: EVENT_POLICY_VERDICT }],
        },
      ],
      blacklist: [],
    },
    order: 'newest',
    limit: POLICY_VIEW_SCAN_LIMIT,
  });
  const usage = policyUsage(policy, policies, [...named.flows, ...defaultDenied.flows], {
    window,
    ...(req.nodeOptions ? { nodeOptions: req.nodeOptions } : {}),
  });
  const view: PolicyView = {
    policy: policyDto(policy),
    matchedRule,
    ...(flowEndpoint ? { flowEndpoint } : {}),
    window,
    ...usage,
    truncated: named.truncated || defaultDenied.truncated,
  };
  return { found: true, view };
}
