import { getRuntime } from '@/server/runtime';
import { ApiError } from '@/server/http/api-error';
import { handleViewerRoute } from '@/server/access/route';
import { rejectUnknownParams } from '@/server/http/flow-params';
import { importLines } from '@/server/http/import-lines';

export const dynamic = 'force-dynamic';

const MAX_IMPORT_BYTES = 512 * 1024 * 1024;

// Body: `hubble observe -o json` / `-o jsonpb` lines (or Flowscope's export).
export function POST(req: Request): Promise<Response> {
  return handleViewerRoute(req, async ({ viewer }) => {
    rejectUnknownParams(new URL(req.url).searchParams, []);
    // Imported flows are seen by everyone; only a viewer of every namespace may add them.
    if (viewer.scope) {
      throw new ApiError(403, 'importing flows needs access to every namespace');
    }
    if (!req.body) throw ApiError.badRequest('the body is empty: send Hubble JSON lines');
    // The one route that writes: it takes the store itself.
    const { store } = await getRuntime();
    const result = await importLines(req.body, store, MAX_IMPORT_BYTES);
    if (result.imported + result.duplicates === 0 && result.skipped > 0) {
      return Response.json(
        { error: `no flow could be read (${result.skipped} bad lines)`, ...result },
        { status: 400 },
      );
    }
    return Response.json(result, { headers: { 'cache-control': 'no-store' } });
  });
}

/** Other methods get the same JSON error shape as every other answer. */
export function GET(): Response {
  return Response.json(
    { error: 'use POST with a body of Hubble JSON lines' },
    { status: 405, headers: { allow: 'POST' } },
  );
}
