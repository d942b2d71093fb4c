import { getRuntime } from '@/server/runtime';
import { handleViewerRoute } from '@/server/access/route';
import { rejectUnknownParams } from '@/server/http/flow-params';
import { TIMELINE_PARAMS, parseTimelineQuery } from '@/server/http/view-params';

export const dynamic = 'force-dynamic';

export function GET(req: Request): Promise<Response> {
  return handleViewerRoute(req, async (viewer) => {
    const params = new URL(req.url).searchParams;
    rejectUnknownParams(params, TIMELINE_PARAMS);
    const query = parseTimelineQuery(params);
    const rt = await getRuntime();
    return Response.json(rt.store.timeline({ ...query, scope: viewer.scope }), {
      headers: { 'cache-control': 'no-store' },
    });
  });
}
