import { handleViewerRoute } from '@/server/access/route';
import { rejectUnknownParams } from '@/server/http/flow-params';
import type { HistoryStats } from '@/lib/api/types';

export const dynamic = 'force-dynamic';

export function GET(req: Request): Promise<Response> {
  return handleViewerRoute(req, async ({ flows }) => {
    rejectUnknownParams(new URL(req.url).searchParams, []);
    const body: HistoryStats = flows.stats();
    return Response.json(body, { headers: { 'cache-control': 'no-store' } });
  });
}
