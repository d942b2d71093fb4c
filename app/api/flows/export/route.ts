import type { FlowRecord } from '@/lib/api/flow-record';
import { handleViewerRoute } from '@/server/access/route';
import { parseFlowQuery, withDecisions, rejectUnknownParams } from '@/server/http/flow-params';
import { WINDOW_PARAMS, parseWindow } from '@/server/http/view-params';
import { exportStream } from '@/server/http/export-stream';
import { ApiError } from '@/server/http/api-error';
import { decisionOf } from '@/server/policies/attribution';

export const dynamic = 'force-dynamic';

// The same filters and window as the flow list; the answer reads back with
// `hubble observe --input-file` and with Flowscope's import. Each line carries the flow's
// decision under `flowscope` unless `attribution=false`.
export function GET(req: Request): Promise<Response> {
  return handleViewerRoute(req, async ({ flows, rt }) => {
    const params = new URL(req.url).searchParams;
    rejectUnknownParams(params, ['q', 'attribution', ...WINDOW_PARAMS]);
    const attribution = params.get('attribution') ?? 'true';
    if (attribution !== 'true' && attribution !== 'false') {
      throw ApiError.badRequest('attribution: must be true or false', 'attribution');
    }
    const query = withDecisions(parseFlowQuery(params), await rt.policies());
    const window = parseWindow(params);
    const name = `flowscope-${new Date(window.from).toISOString().replace(/[:.]/g, '-')}.json`;
    const policies = attribution === 'true' ? (await rt.policies()).policies() : undefined;
    const decide = policies && ((f: FlowRecord) => decisionOf(policies, f));
    return new Response(exportStream(flows, { ...window, query }, decide), {
      headers: {
        'content-type': 'application/x-ndjson; charset=utf-8',
        'content-disposition': `attachment; filename="${name}"`,
        'cache-control': 'no-store',
      },
    });
  });
}
