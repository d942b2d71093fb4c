import { getRuntime } from '@/server/runtime';
import { handleRoute } from '@/server/http/api-error';
import { rejectUnknownParams } from '@/server/http/flow-params';
import type { AccessInfo, ClientConfig } from '@/lib/api-types';
import { ApiError } from '@/server/http/api-error';
import { accessInfo, resolveViewer } from '@/server/access/viewer';

/** The viewer's access, or why it is refused: the UI says which. */
function viewerAccess(cfg: Parameters<typeof resolveViewer>[0], headers: Headers): AccessInfo {
  try {
    return accessInfo(resolveViewer(cfg, headers));
  } catch (err) {
    if (err instanceof ApiError) return { state: 'denied', reason: err.message };
    throw err;
  }
}

export const dynamic = 'force-dynamic';

export function GET(req: Request): Promise<Response> {
  return handleRoute(async () => {
    rejectUnknownParams(new URL(req.url).searchParams, []);
    const rt = await getRuntime();
    const body: ClientConfig = {
      basePath: rt.config.basePath,
      mode: rt.status().mode,
      access: viewerAccess(rt.config.access, req.headers),
      retention: {
        maxFlows: rt.config.retention.maxFlows,
        maxAgeMs: rt.config.retention.maxAgeMs,
      },
    };
    if (rt.config.publicUrl) body.publicUrl = rt.config.publicUrl;
    return Response.json(body, { headers: { 'cache-control': 'no-store' } });
  });
}
