import { getRuntime } from '@/server/runtime';
import { handleViewerRoute } from '@/server/access/route';
import { rejectUnknownParams } from '@/server/http/flow-params';

export const dynamic = 'force-dynamic';

export function GET(req: Request): Promise<Response> {
  return handleViewerRoute(req, async () => {
    rejectUnknownParams(new URL(req.url).searchParams, []);
    const rt = await getRuntime();
    return Response.json(rt.status(), { headers: { 'cache-control': 'no-store' } });
  });
}
