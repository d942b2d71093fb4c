import { handleViewerRoute } from '@/server/access/route';
import { stagedListResponse } from '@/server/lab/readiness-request';
import { stagedSource } from '@/server/lab/staged-source';

export const dynamic = 'force-dynamic';

/** The staged drafts (id and name), for picking one on the readiness page. */
export function GET(req: Request): Promise<Response> {
  return handleViewerRoute(req, async () =>
    stagedListResponse(new URL(req.url).searchParams, stagedSource()),
  );
}
