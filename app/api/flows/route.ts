import { getRuntime } from '@/server/runtime';
import { handleRoute } from '@/server/http/api-error';
import { parseFlowQuery, parseLimit, rejectUnknownParams } from '@/server/http/flow-params';
import type { FlowsPage } from '@/lib/api-types';

export const dynamic = 'force-dynamic';

export function GET(req: Request): Promise<Response> {
  return handleRoute(async () => {
    const params = new URL(req.url).searchParams;
    rejectUnknownParams(params, ['q', 'limit']);
    const query = parseFlowQuery(params);
    const limit = parseLimit(params, 500);
    const rt = await getRuntime();
    const page: FlowsPage = rt.store.scan({
      from: 0,
      to: Number.MAX_SAFE_INTEGER,
      query,
      order: 'newest',
      limit,
    });
    return Response.json(page, { headers: { 'cache-control': 'no-store' } });
  });
}
