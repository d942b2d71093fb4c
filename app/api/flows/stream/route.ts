import { handleViewerRoute } from '@/server/access/route';
import { parseFlowQuery, withDecisions, rejectUnknownParams } from '@/server/http/flow-params';
import { liveEventStream } from '@/server/live/sse-stream';

export const dynamic = 'force-dynamic';

export function GET(req: Request): Promise<Response> {
  return handleViewerRoute(req, async ({ viewer, rt }) => {
    const params = new URL(req.url).searchParams;
    rejectUnknownParams(params, ['q']);
    const query = withDecisions(parseFlowQuery(params), await rt.policies());
    return new Response(liveEventStream(rt.hub, query, viewer.scope, req.signal), {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store, no-transform',
        // Tells nginx-style proxies not to buffer the stream.
        'x-accel-buffering': 'no',
      },
    });
  });
}
