import { getRuntime } from '@/server/runtime';
import { handleViewerRoute } from '@/server/access/route';
import { rejectUnknownParams } from '@/server/http/flow-params';
import { MAP_PARAMS, parseMapQuery } from '@/server/http/view-params';

export const dynamic = 'force-dynamic';

export function GET(req: Request): Promise<Response> {
  return handleViewerRoute(req, async (viewer) => {
    const params = new URL(req.url).searchParams;
    rejectUnknownParams(params, MAP_PARAMS);
    const query = parseMapQuery(params);
    const rt = await getRuntime();
    return Response.json(rt.store.serviceMap({ ...query, scope: viewer.scope }), {
      headers: { 'cache-control': 'no-store' },
    });
  });
}
