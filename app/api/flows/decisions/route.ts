import { handleViewerRoute } from '@/server/access/route';
import { parseFlowId, rejectUnknownParams } from '@/server/http/flow-params';
import { ApiError } from '@/server/http/api-error';
import { decisionOf } from '@/server/policies/attribution';
import type { FlowDecisions } from '@/lib/api/types';
import { stagedSource } from '@/server/lab/staged-source';
import { stagedMarks } from '@/server/lab/staged-verdict';

export const dynamic = 'force-dynamic';

/** Most ids in one request: more than a screen of the flow list. */
const MAX_DECISION_IDS = 200;

/**
 * The decisions of the given flows (`?id=<id>&id=...`): the flow list asks for the rows the
 * live stream brought, which arrive without one so that streaming stays as cheap as it is.
 * Ids the viewer cannot see, or the history no longer holds, are left out.
 */
export function GET(req: Request): Promise<Response> {
  return handleViewerRoute(req, async ({ flows, rt }) => {
    const params = new URL(req.url).searchParams;
    rejectUnknownParams(params, ['id']);
    const ids = params.getAll('id');
    if (ids.length === 0) throw ApiError.badRequest('id: give at least one flow id', 'id');
    if (ids.length > MAX_DECISION_IDS) {
      throw ApiError.badRequest(`id: at most ${MAX_DECISION_IDS} ids`, 'id');
    }
    const policies = (await rt.policies()).policies();
    const decisions: FlowDecisions['decisions'] = {};
    const sets = stagedSource().staged();
    const staged: NonNullable<FlowDecisions['staged']> = {};
    for (const raw of ids) {
      const id = parseFlowId(raw, 'id');
      const flow = flows.get(id);
      if (!flow) continue;
      decisions[id] = decisionOf(policies, flow);
      const marks = stagedMarks(sets, flow);
      if (marks.length > 0) staged[id] = marks;
    }
    const body: FlowDecisions = { decisions };
    if (Object.keys(staged).length > 0) body.staged = staged;
    return Response.json(body, { headers: { 'cache-control': 'no-store' } });
  });
}
