import { ApiError } from '@/server/http/api-error';
import { handleViewerRoute } from '@/server/access/route';
import {
  parseFlowQuery,
  withDecisions,
  parseLimit,
  rejectUnknownParams,
} from '@/server/http/flow-params';
import { WINDOW_PARAMS, parseWindow } from '@/server/http/view-params';
import type { FlowsPage } from '@/lib/api/types';
import { withDecision } from '@/server/policies/attribution';
import { previewFlows } from '@/server/lab/preview-params';
import { stagedSource } from '@/server/lab/staged-source';
import { withStagedMarks } from '@/server/lab/staged-verdict';

/** `node` or `edge` of the service map whose flows to list. */
function mapElement(params: URLSearchParams): { node?: string; edge?: string } {
  const out: { node?: string; edge?: string } = {};
  for (const key of ['node', 'edge'] as const) {
    const value = params.get(key);
    if (value === null) continue;
    if (value.length === 0 || value.length > 600) {
      throw ApiError.badRequest(`${key}: must be a service-map ${key} id`, key);
    }
    out[key] = value;
  }
  return out;
}

export const dynamic = 'force-dynamic';

export function GET(req: Request): Promise<Response> {
  return handleViewerRoute(req, async ({ viewer, flows, rt }) => {
    const params = new URL(req.url).searchParams;
    rejectUnknownParams(params, ['q', 'limit', 'node', 'edge', 'preview', ...WINDOW_PARAMS]);
    const query = withDecisions(parseFlowQuery(params), await rt.policies());
    const limit = parseLimit(params, 500);
    // Without a window the list shows the newest flows, however old.
    const hasWindow = WINDOW_PARAMS.some((p) => params.has(p));
    const window = hasWindow ? parseWindow(params) : { from: 0, to: Number.MAX_SAFE_INTEGER };
    const page: FlowsPage = flows.scan({
      ...window,
      ...mapElement(params),
      // Only the flows an impact preview changed, within the window it read.
      ...previewFlows(params, viewer.scope, window),
      query,
      order: 'newest',
      limit,
      // One row per decision, counted as the map, timeline and policy view count them.
      total: true,
    });
    // Only the rows served are attributed (server/policies/attribution.ts).
    const policies = (await rt.policies()).policies();
    const staged = stagedSource().staged();
    page.flows = page.flows.map((row) => withStagedMarks(staged, withDecision(policies, row)));
    return Response.json(page, { headers: { 'cache-control': 'no-store' } });
  });
}
