import { ApiError } from '@/server/http/api-error';
import { handleViewerRoute } from '@/server/access/route';
import { policyInScope } from '@/server/access/viewer';
import { parseFlowId, rejectUnknownParams } from '@/server/http/flow-params';
import { WINDOW_PARAMS, parseWindow } from '@/server/http/view-params';
import { evaluate } from '@/server/policies/evaluate';
import { policyId } from '@/server/policies/model';
import { parsePolicyKey, policyDto } from '@/server/policies/route-params';
import { policyUsage } from '@/server/policies/usage';
import type { PolicyView } from '@/lib/api/policy';

export const dynamic = 'force-dynamic';

// Bounds the work per request: at most this many flows per scan are evaluated.
const SCAN_LIMIT = 5000;

type Params = { kind: string; namespace: string; name: string };

export function GET(req: Request, ctx: { params: Promise<Params> }): Promise<Response> {
  return handleViewerRoute(req, async ({ viewer, flows, rt }) => {
    const params = new URL(req.url).searchParams;
    rejectUnknownParams(params, ['flow', ...WINDOW_PARAMS]);
    const key = parsePolicyKey(await ctx.params);
    const window = parseWindow(params);
    const flowParam = params.get('flow');
    const flowId = flowParam === null ? null : parseFlowId(flowParam, 'flow');
    const source = await rt.policies();
    const policies = source.policies();
    const id = policyId(key.kind, key.namespace, key.name);
    const policy = policies.find((p) => p.id === id);
    if (!policy || !policyInScope(policy, viewer.scope))
      throw new ApiError(404, `no ${key.kind} ${key.namespace || '(cluster-wide)'}/${key.name}`);

    let matchedRule: { ruleId: string; verdict: string } | null = null;
    let flowEndpoint: PolicyView['flowEndpoint'];
    if (flowId !== null) {
      const flow = flows.get(flowId);
      if (!flow) throw new ApiError(404, 'flow: not found in retention', 'flow');
      const ev = evaluate(policies, flow);
      const ref =
        ev.matched?.policy === id ? ev.matched : ev.allowedBy.find((r) => r.policy === id);
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
      limit: SCAN_LIMIT,
    });
    // A namespaced policy selects endpoints of its own namespace only, so only drops touching
    // it are read: other namespaces' drops would crowd this policy's out of the scan.
    const defaultDenied = flows.scan({
      ...window,
      ...(policy.namespace ? { namespaces: [policy.namespace] } : {}),
      query: {
        whitelist: [
          { verdict: ['DROPPED'], dropReasonDesc: ['POLICY_DENIED'], eventType: [{ type: 5 }] },
        ],
        blacklist: [],
      },
      order: 'newest',
      limit: SCAN_LIMIT,
    });
    const usage = policyUsage(policy, policies, [...named.flows, ...defaultDenied.flows], {
      window,
      nodeOptions: { appLabelKeys: rt.config.workloadLabels },
    });
    const body = {
      policy: policyDto(policy),
      matchedRule,
      ...(flowEndpoint ? { flowEndpoint } : {}),
      window,
      ...usage,
      truncated: named.truncated || defaultDenied.truncated,
    };
    return Response.json(body, { headers: { 'cache-control': 'no-store' } });
  });
}
