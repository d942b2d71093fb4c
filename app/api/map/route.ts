import { handleViewerRoute } from '@/server/access/route';
import { rejectUnknownParams } from '@/server/http/flow-params';
import { MAP_PARAMS, parseMapQuery } from '@/server/http/view-params';

export const dynamic = 'force-dynamic';

export function GET(req: Request): Promise<Response> {
  return handleViewerRoute(req, async ({ flows }) => {
    const params = new URL(req.url).searchParams;
    rejectUnknownParams(params, MAP_PARAMS);
    const query = parseMapQuery(params);
    return Response.json(flows.serviceMap(query), {
      headers: { 'cache-control': 'no-store' },
    });
  });
}
