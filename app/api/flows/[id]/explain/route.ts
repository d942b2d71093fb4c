import { ApiError } from '@/server/http/api-error';
import { handleViewerRoute } from '@/server/access/route';
import { rejectUnknownParams } from '@/server/http/flow-params';
import { explainFlow } from '@/server/policies/explain';
import { FLOW_ID } from '@/server/policies/route-params';

export const dynamic = 'force-dynamic';

export function GET(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  return handleViewerRoute(req, async ({ flows, rt }) => {
    rejectUnknownParams(new URL(req.url).searchParams, []);
    const { id } = await ctx.params;
    if (!FLOW_ID.test(id)) {
      throw ApiError.badRequest('id: not a flow id (a uuid, or fs- and 32 hex digits)', 'id');
    }
    const flow = flows.get(id);
    if (!flow) throw new ApiError(404, 'flow not found in retention', 'id');
    const source = await rt.policies();
    const body = explainFlow(source.policies(), flow);
    return Response.json(body, { headers: { 'cache-control': 'no-store' } });
  });
}
