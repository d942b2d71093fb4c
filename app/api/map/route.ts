import { getRuntime } from '@/server/runtime';
import { handleRoute } from '@/server/http/api-error';
import { rejectUnknownParams } from '@/server/http/flow-params';
import { MAP_PARAMS, parseMapQuery } from '@/server/http/view-params';

export const dynamic = 'force-dynamic';

export function GET(req: Request): Promise<Response> {
  return handleRoute(async () => {
    const params = new URL(req.url).searchParams;
    rejectUnknownParams(params, MAP_PARAMS);
    const query = parseMapQuery(params);
    const rt = await getRuntime();
    return Response.json(rt.store.serviceMap(query), { headers: { 'cache-control': 'no-store' } });
  });
}
