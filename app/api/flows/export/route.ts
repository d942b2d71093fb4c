import { handleViewerRoute } from '@/server/access/route';
import { parseFlowQuery, rejectUnknownParams } from '@/server/http/flow-params';
import { WINDOW_PARAMS, parseWindow } from '@/server/http/view-params';
import { exportStream } from '@/server/http/export-stream';

export const dynamic = 'force-dynamic';

// The same filters and window as the flow list; the answer reads back with
// `hubble observe --input-file` and with Flowscope's import.
export function GET(req: Request): Promise<Response> {
  return handleViewerRoute(req, async ({ flows }) => {
    const params = new URL(req.url).searchParams;
    rejectUnknownParams(params, ['q', ...WINDOW_PARAMS]);
    const query = parseFlowQuery(params);
    const window = parseWindow(params);
    const name = `flowscope-${new Date(window.from).toISOString().replace(/[:.]/g, '-')}.json`;
    return new Response(exportStream(flows, { ...window, query }), {
      headers: {
        'content-type': 'application/x-ndjson; charset=utf-8',
        'content-disposition': `attachment; filename="${name}"`,
        'cache-control': 'no-store',
      },
    });
  });
}
