import { getRuntime } from '@/server/runtime';
import { handleRoute } from '@/server/http/api-error';
import { rejectUnknownParams } from '@/server/http/flow-params';
import { TIMELINE_PARAMS, parseTimelineQuery } from '@/server/http/view-params';

export const dynamic = 'force-dynamic';

export function GET(req: Request): Promise<Response> {
  return handleRoute(async () => {
    const params = new URL(req.url).searchParams;
    rejectUnknownParams(params, TIMELINE_PARAMS);
    const query = parseTimelineQuery(params);
    const rt = await getRuntime();
    return Response.json(rt.store.timeline(query), { headers: { 'cache-control': 'no-store' } });
  });
}
