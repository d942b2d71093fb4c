import { ApiError } from '@/server/http/api-error';
import { handleViewerRoute } from '@/server/access/route';
import { parseFlowId, rejectUnknownParams } from '@/server/http/flow-params';
import { explainFlow } from '@/server/policies/explain';

export const dynamic = 'force-dynamic';

export function GET(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  return handleViewerRoute(req, async ({ flows, rt }) => {
    rejectUnknownParams(new URL(req.url).searchParams, []);
    const id = parseFlowId((await ctx.params).id, 'id');
    const flow = flows.get(id);
    if (!flow) throw new ApiError(404, 'flow not found in retention', 'id');
    const source = await rt.policies();
    const body = explainFlow(source.policies(), flow);
    return Response.json(body, { headers: { 'cache-control': 'no-store' } });
  });
}
