import { ApiError } from '@/server/http/api-error';
import { handleViewerRoute } from '@/server/access/route';
import { rejectUnknownParams } from '@/server/http/flow-params';
import { MAP_PARAMS, parseMapQuery } from '@/server/http/view-params';
import { mapDeltaStream } from '@/server/live/map-delta-stream';
import { parseInstant } from '@/lib/time-window/time-window';

export const dynamic = 'force-dynamic';

// `since` is where the map on screen ends (its window's `to`); deltas continue from there.
export function GET(req: Request): Promise<Response> {
  return handleViewerRoute(req, async ({ viewer, flows, rt }) => {
    const params = new URL(req.url).searchParams;
    rejectUnknownParams(params, [...MAP_PARAMS, 'since']);
    const query = parseMapQuery(params);
    const sinceText = params.get('since');
    const since = sinceText === null ? Date.now() : parseInstant(sinceText);
    if (since === undefined || since > Date.now() + 60_000) {
      throw ApiError.badRequest(
        'since: must be a time (RFC 3339 or epoch ms), not in the future',
        'since',
      );
    }
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
