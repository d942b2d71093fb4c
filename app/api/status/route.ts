import { handleViewerRoute } from '@/server/access/route';
import { rejectUnknownParams } from '@/server/http/flow-params';

export const dynamic = 'force-dynamic';

export function GET(req: Request): Promise<Response> {
  return handleViewerRoute(req, async ({ rt }) => {
    rejectUnknownParams(new URL(req.url).searchParams, []);
    return Response.json(rt.status(), { headers: { 'cache-control': 'no-store' } });
  });
}
