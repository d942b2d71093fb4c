import { handleViewerRoute } from '@/server/access/route';
import { rejectUnknownParams } from '@/server/http/flow-params';
import { TIMELINE_PARAMS, parseTimelineQuery } from '@/server/http/view-params';
import type { TimelineAnswer } from '@/lib/api/types';

export const dynamic = 'force-dynamic';

export function GET(req: Request): Promise<Response> {
  return handleViewerRoute(req, async ({ flows, rt }) => {
    const params = new URL(req.url).searchParams;
    rejectUnknownParams(params, TIMELINE_PARAMS);
    const query = parseTimelineQuery(params);
    // Unrecovered ranges concern the whole cluster (nodes, the relay), not any namespace.
    const answer: TimelineAnswer = {
      ...flows.timeline(query),
      gaps: rt.gaps.overlapping(query.from, query.to),
    };
    return Response.json(answer, { headers: { 'cache-control': 'no-store' } });
  });
}
