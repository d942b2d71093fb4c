import { handleViewerRoute } from '@/server/access/route';
import { rejectUnknownParams } from '@/server/http/flow-params';
import { WINDOW_PARAMS, parseWindow } from '@/server/http/view-params';
import { EVENT_POLICY_VERDICT } from '@/lib/api/flow-record';
import { selfCheck } from '@/server/policies/self-check';

export const dynamic = 'force-dynamic';

// Bounds the work per request; the answer says when the window held more.
const SCAN_LIMIT = 100_000;

/** How far Flowscope's evaluation agrees with the verdicts Hubble reported in the window. */
export function GET(req: Request): Promise<Response> {
  return handleViewerRoute(req, async ({ flows, rt }) => {
    const params = new URL(req.url).searchParams;
    rejectUnknownParams(params, WINDOW_PARAMS);
    const window = parseWindow(params);
    const source = await rt.policies();
    const scan = flows.scan({
      ...window,
      query: { whitelist: [{ eventType: [{ type: EVENT_POLICY_VERDICT }] }], blacklist: [] },
      order: 'newest',
      limit: SCAN_LIMIT,
    });
    const body = { window, ...selfCheck(source.policies(), scan.flows), truncated: scan.truncated };
    return Response.json(body, { headers: { 'cache-control': 'no-store' } });
  });
}
