import { getRuntime } from '@/server/runtime';
import { handleViewerRoute } from '@/server/access/route';
import { rejectUnknownParams } from '@/server/http/flow-params';
import { TIMELINE_PARAMS, parseTimelineQuery } from '@/server/http/view-params';
import type { TimelineAnswer } from '@/lib/api-types';

export const dynamic = 'force-dynamic';

export function GET(req: Request): Promise<Response> {
  return handleViewerRoute(req, async (viewer) => {
    const params = new URL(req.url).searchParams;
    rejectUnknownParams(params, TIMELINE_PARAMS);
    const query = parseTimelineQuery(params);
    const rt = await getRuntime();
    // Unrecovered ranges concern the whole cluster (nodes, the relay), not any namespace.
    const answer: TimelineAnswer = {
      ...rt.store.timeline({ ...query, scope: viewer.scope }),
      gaps: rt.gaps.overlapping(query.from, query.to),
    };
    return Response.json(answer, { headers: { 'cache-control': 'no-store' } });
  });
}
