import { handleViewerRoute } from '@/server/access/route';
import { rejectUnknownParams } from '@/server/http/flow-params';
import { MAP_PARAMS, parseMapQuery, streamStart } from '@/server/http/view-params';
import { mapDeltaStream } from '@/server/live/map-delta-stream';

export const dynamic = 'force-dynamic';

// `since` is where the map on screen ends (its window's `to`); deltas continue from there,
// or from Last-Event-ID when the browser reconnects by itself.
export function GET(req: Request): Promise<Response> {
  return handleViewerRoute(req, async ({ viewer, flows, rt }) => {
    const params = new URL(req.url).searchParams;
    rejectUnknownParams(params, [...MAP_PARAMS, 'since']);
    const query = parseMapQuery(params);
    const since = streamStart(params, req.headers);
    const client = { reader: flows, scope: viewer.scope, query, since };
    return new Response(mapDeltaStream(rt.mapDeltas, rt.hub, client, req.signal), {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store, no-transform',
        'x-accel-buffering': 'no',
      },
    });
  });
}
