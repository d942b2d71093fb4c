import { handleViewerRoute } from '@/server/access/route';
import { rejectUnknownParams } from '@/server/http/flow-params';
import { TIMELINE_PARAMS, parseTimelineQuery } from '@/server/http/view-params';
import { dropEdges } from '@/server/aggregate/drop-groups';
import { explainFlow } from '@/server/policies/explain';

export const dynamic = 'force-dynamic';

// The dropped edges under the charts of /drops: the same parameters and validation as
// /api/timeline, counted in the timeline's own pass through the viewer-scoped reader.
export function GET(req: Request): Promise<Response> {
  return handleViewerRoute(req, async ({ flows, rt }) => {
    const params = new URL(req.url).searchParams;
    rejectUnknownParams(params, TIMELINE_PARAMS);
    const query = parseTimelineQuery(params);
    const policies = (await rt.policies()).policies();
    const answer = dropEdges(flows, query, (flow) => explainFlow(policies, flow));
    return Response.json(answer, { headers: { 'cache-control': 'no-store' } });
  });
}
