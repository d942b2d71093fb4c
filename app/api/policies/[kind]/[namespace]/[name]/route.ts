import { ApiError } from '@/server/http/api-error';
import { handleViewerRoute } from '@/server/access/route';
import { policyInScope } from '@/server/access/viewer';
import { parseFlowId, rejectUnknownParams } from '@/server/http/flow-params';
import { parsePolicyKey } from '@/server/http/policy-params';
import { WINDOW_PARAMS, parseWindow } from '@/server/http/view-params';
import { policyView } from '@/server/policies/policy-view';

export const dynamic = 'force-dynamic';

type Params = { kind: string; namespace: string; name: string };

export function GET(req: Request, ctx: { params: Promise<Params> }): Promise<Response> {
  return handleViewerRoute(req, async ({ viewer, flows, rt }) => {
    const params = new URL(req.url).searchParams;
    rejectUnknownParams(params, ['flow', ...WINDOW_PARAMS]);
    const key = parsePolicyKey(await ctx.params);
    const window = parseWindow(params);
    const flowParam = params.get('flow');
    const flowId = flowParam === null ? null : parseFlowId(flowParam, 'flow');
    const result = policyView(flows, await rt.policies(), {
      key,
      window,
      flowId,
      visible: (p) => policyInScope(p, viewer.scope),
      nodeOptions: { appLabelKeys: rt.config.workloadLabels },
    });
    if (!result.found && result.missing === 'policy')
      throw new ApiError(404, `no ${key.kind} ${key.namespace || '(cluster-wide)'}/${key.name}`);
    if (!result.found) throw new ApiError(404, 'flow: not found in retention', 'flow');
    return Response.json(result.view, { headers: { 'cache-control': 'no-store' } });
  });
}
