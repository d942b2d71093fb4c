import { handleViewerRoute } from '@/server/access/route';
import { parseFlowId, rejectUnknownParams } from '@/server/http/flow-params';
import { flowRecordToJsonLine } from '@/server/ingest/flow-json';
import type { FlowLookup } from '@/lib/api/types';
import { withoutPair } from '@/lib/flows/flow-pairing';
import { withDecision } from '@/server/policies/attribution';
import { stagedSource } from '@/server/lab/staged-source';
import { withStagedMarks } from '@/server/lab/staged-verdict';

export const dynamic = 'force-dynamic';

export function GET(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  return handleViewerRoute(req, async ({ flows, rt }) => {
    rejectUnknownParams(new URL(req.url).searchParams, []);
    const id = parseFlowId((await ctx.params).id, 'id');
    const stats = flows.stats();
    // A paired drop notification's id answers its decision, with the notification in
    // `paired` (both ids of a pair open the same flow).
    const stored = flows.get(id);
    const flow =
      stored &&
      withStagedMarks(
        stagedSource().staged(),
        withDecision((await rt.policies()).policies(), stored),
      );
    const body: FlowLookup = flow
      ? { found: true, flow, jsonpb: flowRecordToJsonLine(withoutPair(flow)) }
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
