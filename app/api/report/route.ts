import { handleViewerRoute } from '@/server/access/route';
import { answerReport } from '@/server/report/report-request';

export const dynamic = 'force-dynamic';

/** Segmentation evidence for a scope and a window, as JSON or (format=csv) CSV. */
export function GET(req: Request): Promise<Response> {
  return handleViewerRoute(req, (ctx) => answerReport(req, ctx));
}
