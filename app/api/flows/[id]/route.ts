import { ApiError } from '@/server/http/api-error';
import { handleViewerRoute } from '@/server/access/route';
import { rejectUnknownParams } from '@/server/http/flow-params';
import { flowRecordToJsonLine } from '@/server/ingest/flow-json';
import type { FlowLookup } from '@/lib/api-types';

export const dynamic = 'force-dynamic';

const FLOW_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|fs-[0-9a-f]{32})$/i;

export function GET(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  return handleViewerRoute(req, async ({ flows }) => {
    rejectUnknownParams(new URL(req.url).searchParams, []);
    const { id } = await ctx.params;
    if (!FLOW_ID.test(id)) {
      throw ApiError.badRequest('id: not a flow id (a uuid, or fs- and 32 hex digits)', 'id');
    }
    const stats = flows.stats();
    const flow = flows.get(id);
    const body: FlowLookup = flow
      ? { found: true, flow, jsonpb: flowRecordToJsonLine(flow) }
      : {
          found: false,
          retention: {
            oldest: stats.oldestTs,
            newest: stats.newestTs,
            flows: stats.flows,
            maxFlows: stats.limits.maxFlows,
            maxAgeMs: stats.limits.maxAgeMs,
          },
        };
    return Response.json(body, {
      status: flow ? 200 : 404,
      headers: { 'cache-control': 'no-store' },
    });
  });
}
