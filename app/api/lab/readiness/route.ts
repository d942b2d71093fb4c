import { handleViewerRoute } from '@/server/access/route';
import { readinessResponse } from '@/server/lab/readiness-request';

export const dynamic = 'force-dynamic';

/** `?draft=<id>[&namespace=<ns>][&period=1h][&format=csv]`: whether a staged draft is safe
 *  to enforce, with the connections it would have denied since tracking began. */
export function GET(req: Request): Promise<Response> {
  return handleViewerRoute(req, async ({ viewer, rt }) =>
    readinessResponse(new URL(req.url).searchParams, viewer, rt.staged),
  );
}
